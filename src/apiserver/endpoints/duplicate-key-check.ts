// A cheap test that lets most writes skip the duplicate-field scan (duplicate-fields.ts): JSON.parse
// keeps one member per key, so a body without duplicate keys has exactly as many members as its
// text has name separators (":" outside strings), and a body with one has fewer. Counting both
// costs a fraction of re-parsing the text into a tree that keeps every key occurrence.

/** The members of every object in the text: its ":" outside strings (the text must be JSON). */
function textMembers(text: string): number {
  let count = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('"', from);
    const end = open === -1 ? text.length : open;
    for (let i = from; i < end; i++) if (text.charCodeAt(i) === 58 /* : */) count++;
    if (open === -1) return count;
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && escaped(text, close)) close = text.indexOf('"', close + 1);
    if (close === -1) return count;
    from = close + 1;
  }
}

// An odd run of backslashes before a quote escapes it.
function escaped(text: string, quote: number): boolean {
  let i = quote - 1;
  while (text.charCodeAt(i) === 92 /* \ */) i--;
  return (quote - 1 - i) % 2 === 1;
}

// The recursion below stops well before the stack would (real objects nest a few dozen deep);
// deeper values count as NaN, so the caller falls back to the scan, which copes on its own.
const maxDepth = 500;

/** The members of every object in a parsed JSON value (NaN when nested too deep to count). */
function parsedMembers(value: unknown, depth = 0): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth > maxDepth) return NaN;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object') count += parsedMembers(item, depth + 1);
    return count;
  }
  const map = value as Record<string, unknown>;
  for (const key of Object.keys(map)) {
    const v = map[key];
    count += typeof v === 'object' ? 1 + parsedMembers(v, depth + 1) : 1;
  }
  return count;
}

/**
 * False when the JSON `text` certainly repeats no key in any object; `parsed` must be what
 * JSON.parse made of it, unmodified. True means "maybe": the caller scans the text.
 */
export function mayRepeatKeys(text: string, parsed: unknown): boolean {
  return textMembers(text) !== parsedMembers(parsed);
}
