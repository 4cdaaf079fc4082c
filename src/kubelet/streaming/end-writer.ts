// Ending a writable side and waiting until what was written before has left for the transport:
// the step between "the command's output is done" and "now send the Status / close".
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Ends `writer` (a Writable or a Duplex's writable side) and waits for its 'finish'; never rejects. */
export async function endWriter(writer: Writable | undefined): Promise<void> {
  if (writer === undefined || writer.destroyed) return;
  writer.end();
  await finished(writer, { readable: false }).catch(() => undefined);
}
