// Where `--tail=N` starts reading: the beginning of the last N lines, found by reading the file
// backwards in blocks, so a tail of a 50 MiB log reads a few blocks, not the file. As upstream's
// tail.FindTailLineStartIndex, an unfinished last line (no newline yet) is not counted; unlike it,
// a line the runtime split into P records counts once, so a tail never starts in the middle of one.
import type { FileHandle } from 'node:fs/promises';
import { recordHeadBytes, startsPartialRecord } from './log-line.js';

const newline = 0x0a;

/** The offset where the last `lines` (≥ 0) complete lines of the first `size` bytes of `file` begin. */
export async function findTailStart(
  file: FileHandle,
  size: number,
  lines: number,
  blockSize = 64 * 1024,
): Promise<number> {
  let completed = 0;
  // The newline ending the line that starts after the next newline found (scanning backwards).
  let lineEnd: number | undefined;
  // The first bytes after the current block (a line's head may straddle two blocks).
  let after = Buffer.alloc(0);
  const block = Buffer.alloc(Math.max(blockSize, recordHeadBytes));
  // Counts the line [start, lineEnd]; true once it is the (lines+1)-th complete line from the end.
  const countLine = (head: Buffer): boolean => {
    if (startsPartialRecord(head)) return false;
    completed++;
    return completed === lines + 1;
  };
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - block.length);
    const length = end - start;
    const { bytesRead } = await file.read(block, 0, length, start);
    const chunk = block.subarray(0, bytesRead);
    const headAt = (offset: number): Buffer => {
      const i = offset - start;
      if (i + recordHeadBytes <= chunk.length) return chunk.subarray(i, i + recordHeadBytes);
      return Buffer.concat([chunk.subarray(i), after]).subarray(0, recordHeadBytes);
    };
    for (let i = chunk.lastIndexOf(newline); i >= 0; i = i > 0 ? chunk.lastIndexOf(newline, i - 1) : -1) {
      const at = start + i;
      if (lineEnd !== undefined && countLine(headAt(at + 1))) return lineEnd + 1;
      lineEnd = at;
    }
    if (start === 0 && lineEnd !== undefined && countLine(headAt(0))) return lineEnd + 1;
    after = Buffer.from(chunk.subarray(0, recordHeadBytes));
    end = start;
  }
  return 0;
}
