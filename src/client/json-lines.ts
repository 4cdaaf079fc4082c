/**
 * Splits a byte stream of newline-delimited JSON into parsed values. Chunks may end anywhere — in
 * the middle of a line or of a multi-byte character — so text is decoded in streaming mode and the
 * unterminated tail is carried into the next chunk. Blank lines are skipped; a final line without a
 * newline is still parsed. Throws a SyntaxError naming the bad line.
 */
export async function* readJsonLines(
  body: AsyncIterable<Uint8Array>,
  shared?: SharedLineCache,
): AsyncGenerator<unknown, void, void> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    // Walk the lines by offset and cut the buffer once, so a chunk of many events stays linear.
    let start = 0;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
      const line = pending.slice(start, newline);
      const value = shared !== undefined ? shared.parse(line) : parseLine(line);
      start = newline + 1;
      if (value !== undefined) yield value;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  const value = parseLine(pending);
  if (value !== undefined) yield value;
}

function parseLine(line: string): unknown {
  const text = line.trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    throw new SyntaxError(`Cannot decode a watch event: ${(err as Error).message}: ${shown}`, { cause: err });
  }
}

/**
 * Objects recently parsed from watch events for read-only readers, by their text. Several informers
 * in one process (the scheduler's, the controller manager's, the simulated kubelets') watch the
 * same resource and receive the same object text — as a MODIFIED event for one and, through a
 * field selector it just came to match, as ADDED for another: they get one parsed object between
 * them, which costs a lookup instead of a parse each and keeps one copy in memory instead of one
 * per cache. Each reader gets its own event around the shared object.
 */
export class SharedLineCache {
  // Keyed by the object's resourceVersion and confirmed against its whole text: hashing every
  // multi-kilobyte text as a key cost more than a third of the parse it saves, and a fixed-length
  // head is not enough (a pod's first few hundred bytes can be its managedFields, the same for
  // every pod of a ReplicaSet).
  private readonly objects = new Map<string, { readonly text: string; readonly value: unknown }>();

  constructor(private readonly capacity = 1024) {}

  /** The event on `line`; its object is shared while it stays among the recent ones (read-only). */
  parse(line: string): unknown {
    const at = eventObjectStart(line);
    if (at < 0) return parseLine(line);
    const text = line.slice(at, line.length - 1);
    const type = line.slice(eventHead.length, at - objectField.length);
    const key = objectKey(text);
    const known = this.objects.get(key);
    if (known !== undefined && known.text === text) return { type, object: known.value };
    let object: unknown;
    try {
      object = JSON.parse(text);
    } catch {
      // Not an event of the plain shape after all (say, a field after the object): read it whole.
      return parseLine(line);
    }
    // Oldest first out: every watcher of an event reads it within moments of the others.
    if (known === undefined && this.objects.size >= this.capacity)
      this.objects.delete(this.objects.keys().next().value!);
    this.objects.set(key, { text, value: object });
    return { type, object };
  }
}

const eventHead = '{"type":"';
const objectField = '","object":';

// Where the object of `{"type":"T","object":{...}}` starts, or -1 for a line of another shape.
function eventObjectStart(line: string): number {
  if (!line.startsWith(eventHead) || line.charCodeAt(line.length - 1) !== 0x7d) return -1;
  const typeEnd = line.indexOf('"', eventHead.length);
  if (typeEnd < 0 || !line.startsWith(objectField, typeEnd)) return -1;
  const at = typeEnd + objectField.length;
  return line.charCodeAt(at) === 0x7b ? at : -1;
}

const rvField = '"resourceVersion":"';

/**
 * A short key for an object's JSON: its first resourceVersion, which is the object's own (a
 * storage revision names one version of one object). Objects without one key by their head. Two
 * texts with one key are told apart by comparing them whole.
 */
export function objectKey(text: string): string {
  const at = text.indexOf(rvField);
  if (at < 0) return text.length > 400 ? text.slice(0, 400) : text;
  const end = text.indexOf('"', at + rvField.length);
  return text.slice(at + rvField.length, end < 0 ? undefined : end);
}

/** The process-wide cache that read-only watches share. */
export const sharedWatchLines = new SharedLineCache();
