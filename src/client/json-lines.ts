/**
 * Splits a byte stream of newline-delimited JSON into parsed values. Chunks may end anywhere — in
 * the middle of a line or of a multi-byte character — so text is decoded in streaming mode and the
 * unterminated tail is carried into the next chunk. Blank lines are skipped; a final line without a
 * newline is still parsed. Throws a SyntaxError naming the bad line.
 */
export async function* readJsonLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<unknown, void, void> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    // Walk the lines by offset and cut the buffer once, so a chunk of many events stays linear.
    let start = 0;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
      const value = parseLine(pending.slice(start, newline));
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
