// One long-lived zlib stream cut into blocks: SPDY compresses every header block of a connection
// with the same deflate context (and its peer inflates them with one context), ending each block
// with a SYNC_FLUSH so the peer can decode it at once. Node offers no synchronous API for a
// persistent context, so each block is a write plus a flush; when the flush's callback runs, zlib
// has pushed all of that block's output, which the paused readable side then hands over in one
// read(). Blocks are processed strictly in call order.
import zlib from 'node:zlib';

// Frames carry at most 2^24 bytes; a readable buffer larger than that never asks zlib to pause
// mid-block (which would leave the block's tail unpushed when the flush callback runs).
const bufferLimit = 1 << 25;

/** A deflate or inflate context shared by consecutive blocks, each flushed with Z_SYNC_FLUSH. */
export class ZlibBlockStream {
  private readonly engine: zlib.Deflate | zlib.Inflate;
  private failure: Error | undefined;

  constructor(kind: 'deflate' | 'inflate', dictionary: Buffer) {
    const options: zlib.ZlibOptions & { readableHighWaterMark: number } = {
      dictionary,
      readableHighWaterMark: bufferLimit,
    };
    this.engine = kind === 'deflate' ? zlib.createDeflate(options) : zlib.createInflate(options);
    this.engine.on('error', (err: Error) => {
      this.failure = err;
    });
  }

  /** Feeds `input` and returns everything zlib produced up to the sync flush that ends it. */
  process(input: Buffer): Promise<Buffer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.engine.once('error', onError);
      if (input.length > 0) this.engine.write(input);
      this.engine.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.engine.off('error', onError);
        if (this.failure !== undefined) {
          reject(this.failure);
          return;
        }
        const out = this.engine.read() as Buffer | null;
        resolve(out ?? Buffer.alloc(0));
      });
    });
  }

  /** Releases the zlib context. */
  close(): void {
    this.engine.destroy();
  }
}
