// JSON Pointer (RFC 6901) tokens as JSON patch paths use them: "/" separates tokens, "~1" stands
// for "/" and "~0" for "~" inside a token.

/** Decodes one reference token ("a~1b" → "a/b", "~01" → "~1"), in a single left-to-right pass. */
export function decodePointerToken(token: string): string {
  return token.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** Encodes one reference token ("a/b" → "a~1b", "~" → "~0"). */
export function encodePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a pointer from raw tokens: ["spec", "a/b"] → "/spec/a~1b"; [] → "" (the whole document). */
export function formatJsonPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${encodePointerToken(String(t))}`).join('');
}

/**
 * Splits a patch path the way evanphx/json-patch v4 does (which the apiserver uses): on every "/",
 * ignoring whatever precedes the first one; returns the decoded parent tokens and the last token,
 * or undefined for a path without any "/" (such as "").
 */
export function splitPatchPath(path: string): { parents: string[]; key: string } | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2) return undefined;
  return {
    parents: tokens.slice(1, -1).map(decodePointerToken),
    key: decodePointerToken(tokens[tokens.length - 1] as string),
  };
}
