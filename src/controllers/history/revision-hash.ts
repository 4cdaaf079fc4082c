// The hashes behind ControllerRevision names: FNV-32 (StatefulSet revisions, upstream's
// HashControllerRevision), FNV-32a (DaemonSet, upstream's ComputeHash), rendered through
// rand.SafeEncodeString, and the JSON encoding Go's json.Marshal gives a decoded map.

const offsetBasis = 0x811c9dc5;
const prime = 0x01000193;

/** FNV-1 (32 bit) of `bytes`: multiply, then xor (Go's fnv.New32). */
export function fnv1of32(bytes: Uint8Array, seed = offsetBasis): number {
  let h = seed >>> 0;
  for (const b of bytes) h = (Math.imul(h, prime) ^ b) >>> 0;
  return h;
}

/** FNV-1a (32 bit) of `bytes`: xor, then multiply (Go's fnv.New32a). */
export function fnv1aOf32(bytes: Uint8Array, seed = offsetBasis): number {
  let h = seed >>> 0;
  for (const b of bytes) h = Math.imul(h ^ b, prime) >>> 0;
  return h;
}

// No vowels and no look-alike characters, so that hashes never spell words (rand.SafeEncodeString).
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream's rand.SafeEncodeString: every byte mapped into a vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += alphanums[s.charCodeAt(i) % alphanums.length];
  return out;
}

function goString(s: string): string {
  // json.Marshal escapes HTML-significant characters and the JavaScript line separators.
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * JSON as Go's json.Marshal writes a value decoded into map[string]interface{}: object keys sorted,
 * no whitespace, HTML characters escaped. Revision data is stored in this form, so hashes of it
 * only depend on content.
 */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => goJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${goString(k)}:${goJson(v)}`).join(',')}}`;
}
