// A minimal protobuf wire-format reader: just the four wire types Kubernetes messages use
// (varint, 64-bit, length-delimited, 32-bit). Error texts are gogo-protobuf's, because upstream's
// apiserver puts them verbatim into its 400 responses.
import { ProtobufDecodeError } from './protobuf-error.js';

/** Protobuf wire types (groups, 3 and 4, are rejected as gogo's generated code does). */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** A field key: the field number and the wire type of the value that follows. */
export interface FieldKey {
  readonly field: number;
  readonly wire: number;
}

const unexpectedEof = 'unexpected EOF';

/** Reads one protobuf message from a byte range; every read checks bounds. */
export class WireReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** True once every byte has been consumed. */
  done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The next field key; `message` names the message in errors as gogo does. */
  key(message: string): FieldKey {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 4) throw new ProtobufDecodeError(`proto: ${message}: wiretype end group for non-group`);
    if (field <= 0)
      throw new ProtobufDecodeError(`proto: ${message}: illegal tag ${field} (wire type ${wire})`);
    return { field, wire };
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (shift >= 64n) throw new ProtobufDecodeError('proto: integer overflow');
      if (this.pos >= this.buf.length) throw new ProtobufDecodeError(unexpectedEof);
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
  }

  /** A length-delimited value (string, bytes, message, map entry, packed list). */
  bytes(): Uint8Array {
    const len = this.varint();
    // gogo reads the length as a signed int, so a huge one is "negative".
    if (len > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new ProtobufDecodeError('proto: negative length found during unmarshaling');
    }
    const end = this.pos + Number(len);
    if (end > this.buf.length) throw new ProtobufDecodeError(unexpectedEof);
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  /** Eight little-endian bytes as a double. */
  fixed64Double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** Four little-endian bytes as a float. */
  fixed32Float(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Skips the value of a field this reader has no table entry for. */
  skip(wire: number): void {
    switch (wire) {
      case WireType.varint:
        this.varint();
        return;
      case WireType.fixed64:
        this.need(8);
        this.pos += 8;
        return;
      case WireType.bytes:
        this.bytes();
        return;
      case WireType.fixed32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtobufDecodeError(`proto: illegal wireType ${wire}`);
    }
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new ProtobufDecodeError(unexpectedEof);
  }
}
