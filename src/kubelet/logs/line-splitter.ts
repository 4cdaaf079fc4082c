// Splits file chunks into lines (each with its newline), keeping an unfinished line for the next chunk.

const newline = 0x0a;

/** Turns a stream of chunks into complete lines. */
export class LineSplitter {
  private pieces: Buffer[] = [];

  /** The complete lines `chunk` finishes; they share its memory. */
  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let from = 0;
    for (let i = chunk.indexOf(newline); i >= 0; i = chunk.indexOf(newline, from)) {
      const piece = chunk.subarray(from, i + 1);
      if (this.pieces.length > 0) {
        lines.push(Buffer.concat([...this.pieces, piece]));
        this.pieces = [];
      } else {
        lines.push(piece);
      }
      from = i + 1;
    }
    if (from < chunk.length) this.pieces.push(chunk.subarray(from));
    return lines;
  }

  /** The unfinished line, if any, which is then forgotten. */
  rest(): Buffer | undefined {
    if (this.pieces.length === 0) return undefined;
    const line = Buffer.concat(this.pieces);
    this.pieces = [];
    return line;
  }
}
