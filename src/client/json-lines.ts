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
 * Lines recently parsed for read-only readers, by their text. Several informers in one process
 * (the scheduler's, the controller manager's, the simulated kubelets') watch the same resource and
 * receive the same event text: they get one parsed value between them, which costs a lookup
 * instead of a parse each and keeps one copy of each object in memory instead of one per cache.
 */
export class SharedLineCache {
  // Keyed by the line's head (the event type) and the object's resourceVersion, and confirmed
  // against the whole line: hashing every multi-kilobyte line as a key cost more than a third of
  // the parse it saves, and a fixed-length head is not enough (a pod's first few hundred bytes
  // can be its managedFields, the same for every pod of a ReplicaSet).
  private readonly values = new Map<string, { readonly line: string; readonly value: unknown }>();

  constructor(private readonly capacity = 1024) {}

  /** The value of `line`, parsed once while it stays among the recent lines; read-only. */
  parse(line: string): unknown {
    const key = lineKey(line);
    const known = this.values.get(key);
    if (known !== undefined && known.line === line) return known.value;
    const value = parseLine(line);
    if (value === undefined) return undefined;
    // Oldest first out: every watcher of an event reads it within moments of the others.
    if (known === undefined && this.values.size >= this.capacity)
      this.values.delete(this.values.keys().next().value!);
    this.values.set(key, { line, value });
    return value;
  }
}

/** How much of a line's start names the event type (`{"type":"MODIFIED",`). */
const typeHead = 20;
const rvField = '"resourceVersion":"';

/**
 * A short key for a watch event line: its type and the first resourceVersion in it, which is the
 * object's own (a storage revision names one version of one object). Lines without one key by
 * their head. Two lines with one key are told apart by comparing them whole.
 */
export function lineKey(line: string): string {
  const at = line.indexOf(rvField);
  if (at < 0) return line.length > 400 ? line.slice(0, 400) : line;
  const end = line.indexOf('"', at + rvField.length);
  return `${line.slice(0, typeHead)}${line.slice(at + rvField.length, end < 0 ? undefined : end)}`;
}

/** The process-wide cache that read-only watches share. */
export const sharedWatchLines = new SharedLineCache();
