/**
 * Serving an object means writing its JSON with metadata.resourceVersion, which storage does not
 * keep (it comes from the revision). Re-serializing every object costs more than copying the stored
 * bytes with the resourceVersion inserted at the end of the top-level metadata object, which is
 * where decoding the stored value puts it too: the two texts are identical.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const metadataKey = Buffer.from('"metadata"');
const resourceVersionKey = Buffer.from('"resourceVersion":');

// Where the encoder of a value closed its metadata. Finding that by scanning walks all of the
// metadata (a pod's managedFields come first), and each write is spliced twice: for its response
// and for its watch event.
const knownCloses = new WeakMap<Uint8Array, number>();

/**
 * Records that `value` — compact JSON of an object whose metadata has no resourceVersion — closes
 * its top-level metadata object at byte `offset`, so splicing it needs no scan.
 */
export function noteMetadataClose(value: Uint8Array, offset: number): void {
  knownCloses.set(value, offset);
}

/**
 * The stored JSON `value` (an object without metadata.resourceVersion) as the JSON of the object
 * with `resourceVersion: "<revision>"` appended to its metadata, or undefined when `value` does not
 * have the compact shape JSON.stringify writes (the caller then serializes the decoded object).
 */
export function spliceResourceVersion(value: Uint8Array, revision: number): Buffer | undefined {
  const known = knownCloses.get(value);
  const close = known ?? metadataCloseOffset(value);
  if (close < 0) return undefined;
  // A stored resourceVersion (not written by this server) is replaced in place by decoding: leave
  // that rare case to the serializer rather than write the key twice.
  if (
    known === undefined &&
    Buffer.from(value.buffer, value.byteOffset, close).indexOf(resourceVersionKey) >= 0
  )
    return undefined;
  const empty = value[close - 1] === OPEN_BRACE;
  const insert = `${empty ? '' : ','}"resourceVersion":"${revision}"`;
  const out = Buffer.allocUnsafeSlow(value.length + insert.length);
  out.set(value.subarray(0, close), 0);
  out.write(insert, close, 'latin1');
  out.set(value.subarray(close), close + insert.length);
  return out;
}

// The offset of the `}` that closes the top-level "metadata" object of compact JSON, or -1 when
// the text is not a compact object with one (whitespace, a missing or non-object metadata).
function metadataCloseOffset(value: Uint8Array): number {
  if (value[0] !== OPEN_BRACE) return -1;
  let i = 1;
  while (i < value.length && value[i] === QUOTE) {
    const keyEnd = skipString(value, i);
    if (keyEnd < 0 || value[keyEnd] !== COLON) return -1;
    const isMetadata = keyEnd - i === metadataKey.length && matches(value, i, metadataKey);
    if (isMetadata) {
      if (value[keyEnd + 1] !== OPEN_BRACE) return -1;
      const end = skipValue(value, keyEnd + 1);
      return end < 0 ? -1 : end - 1;
    }
    const end = skipValue(value, keyEnd + 1);
    if (end < 0) return -1;
    if (value[end] === COMMA) i = end + 1;
    else return -1;
  }
  return -1;
}

// The offset just past the string starting at `start` (a quote), or -1 when it does not end.
function skipString(value: Uint8Array, start: number): number {
  for (let i = start + 1; i < value.length; i++) {
    const c = value[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

// The offset just past the compact JSON value starting at `start`, or -1 when it does not end.
function skipValue(value: Uint8Array, start: number): number {
  const first = value[start];
  if (first === QUOTE) return skipString(value, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: runs to the next separator.
    let i = start;
    while (i < value.length && value[i] !== COMMA && value[i] !== CLOSE_BRACE && value[i] !== CLOSE_BRACKET)
      i++;
    return i === start ? -1 : i;
  }
  let depth = 0;
  for (let i = start; i < value.length; i++) {
    const c = value[i];
    if (c === QUOTE) {
      const end = skipString(value, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function matches(value: Uint8Array, at: number, expected: Buffer): boolean {
  for (let j = 0; j < expected.length; j++) if (value[at + j] !== expected[j]) return false;
  return true;
}
