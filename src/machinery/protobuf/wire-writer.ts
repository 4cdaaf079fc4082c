// A minimal protobuf writer so tests can build messages field by field (the server only decodes).
import { kubernetesProtobufMagic } from './unknown.js';

/** One encoded field: its key and value bytes. */
export type Field = Uint8Array;

/** The varint encoding of an unsigned (or two's-complement 64-bit) integer. */
export function varint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** A varint field (ints, bools). */
export function vField(field: number, value: number | bigint | boolean): Field {
  return concat([varint((field << 3) | 0), varint(typeof value === 'boolean' ? (value ? 1 : 0) : value)]);
}

/** A length-delimited field from raw bytes, a string, or nested fields (a message). */
export function bField(field: number, value: Uint8Array | string | readonly Field[]): Field {
  const bytes =
    typeof value === 'string'
      ? new TextEncoder().encode(value)
      : value instanceof Uint8Array
        ? value
        : concat(value);
  return concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
}

/** A 64-bit field holding a double. */
export function dField(field: number, value: number): Field {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return concat([varint((field << 3) | 1), b]);
}

/** A map<string, V> entry field. */
export function mapEntry(field: number, key: string, value: Field): Field {
  return bField(field, [bField(1, key), value]);
}

/** A message body from its fields. */
export function message(...fields: readonly Field[]): Uint8Array {
  return concat(fields);
}

/** A whole request body: magic + runtime.Unknown{typeMeta, raw}. */
export function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const unknown = message(bField(1, [bField(1, apiVersion), bField(2, kind)]), bField(2, raw));
  return concat([kubernetesProtobufMagic, unknown]);
}
