// SPDY/3 name/value header blocks: a 32-bit pair count, then per pair a 32-bit length and the
// lower-case name, a 32-bit length and the value (several values of one name joined by NUL),
// compressed with one zlib stream per direction primed with the SPDY dictionary.
import { spdyHeaderDictionary } from './spdy-dictionary.js';
import { ZlibBlockStream } from './zlib-block-stream.js';

/** SPDY stream headers: lower-case names; a value holding NULs carries several values. */
export type SpdyHeaders = Readonly<Record<string, string>>;

/** A header block that could not be decoded (a SPDY protocol error). */
export class SpdyHeaderBlockError extends Error {}

/** The uncompressed bytes of a header block; names are lower-cased as the spec requires. */
export function serializeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, value] of entries) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Parses an uncompressed header block; throws SpdyHeaderBlockError when it is malformed. */
export function parseHeaderBlock(block: Buffer): Record<string, string> {
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > block.length) throw new SpdyHeaderBlockError('truncated SPDY header block');
    const slice = block.subarray(at, at + n);
    at += n;
    return slice;
  };
  const count = take(4).readUInt32BE(0);
  const headers: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = take(take(4).readUInt32BE(0)).toString('utf8').toLowerCase();
    const value = take(take(4).readUInt32BE(0)).toString('utf8');
    if (name === '') throw new SpdyHeaderBlockError('empty SPDY header name');
    // A repeated name is a peer bug; keep every value, as the NUL-joined form would.
    headers[name] = name in headers ? `${headers[name]}\0${value}` : value;
  }
  if (at !== block.length) throw new SpdyHeaderBlockError('trailing bytes after SPDY header block');
  return headers;
}

/** Compresses the header blocks one side of a connection sends (one zlib stream for all). */
export class SpdyHeaderCompressor {
  private readonly zlib = new ZlibBlockStream('deflate', spdyHeaderDictionary);

  /** The compressed, sync-flushed block for `headers`. */
  compress(headers: SpdyHeaders): Promise<Buffer> {
    return this.zlib.process(serializeHeaderBlock(headers));
  }

  /** Releases the zlib context. */
  close(): void {
    this.zlib.close();
  }
}

/** Decompresses the header blocks the peer sends (one zlib stream for all). */
export class SpdyHeaderDecompressor {
  private readonly zlib = new ZlibBlockStream('inflate', spdyHeaderDictionary);

  /** The headers of one compressed block; rejects with SpdyHeaderBlockError when it is corrupt. */
  async decompress(compressed: Buffer): Promise<Record<string, string>> {
    if (compressed.length === 0) return {};
    let block: Buffer;
    try {
      block = await this.zlib.process(compressed);
    } catch (err) {
      throw new SpdyHeaderBlockError(`cannot decompress SPDY header block: ${(err as Error).message}`);
    }
    return parseHeaderBlock(block);
  }

  /** Releases the zlib context. */
  close(): void {
    this.zlib.close();
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
