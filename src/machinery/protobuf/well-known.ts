// The Kubernetes types whose JSON form is not their message's fields: Time, MicroTime, Duration,
// Quantity and IntOrString. Each takes the bytes of its message and returns the JSON value, or
// undefined where upstream's JSON would print null (a zero Time).
import { WireReader, WireType } from './wire-reader.js';
import { ProtobufDecodeError } from './protobuf-error.js';

// Reads a small message of varint and string fields into number → value (last one wins).
function readFlat(bytes: Uint8Array, message: string): Map<number, bigint | Uint8Array> {
  const r = new WireReader(bytes);
  const out = new Map<number, bigint | Uint8Array>();
  while (!r.done()) {
    const { field, wire } = r.key(message);
    if (wire === WireType.varint) out.set(field, r.varint());
    else if (wire === WireType.bytes) out.set(field, r.bytes());
    else r.skip(wire);
  }
  return out;
}

function int(v: bigint | Uint8Array | undefined, bits: 32 | 64): bigint {
  return typeof v === 'bigint' ? BigInt.asIntN(bits, v) : 0n;
}

function text(v: bigint | Uint8Array | undefined): string {
  return v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : '';
}

function rfc3339(seconds: bigint, fraction: string): string {
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 19)}${fraction}Z`;
}

/**
 * metav1.Time {1 seconds, 2 nanos}: RFC 3339 UTC to the second, as upstream's JSON (which also
 * drops the nanos a protobuf client sent). An empty message is the zero time (JSON null).
 */
export function decodeTime(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  return rfc3339(int(readFlat(bytes, 'Timestamp').get(1), 64), '');
}

/** metav1.MicroTime: like Time but with six fractional digits (truncated to microseconds). */
export function decodeMicroTime(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const m = readFlat(bytes, 'Timestamp');
  const micros = Number(int(m.get(2), 32)) / 1000;
  return rfc3339(int(m.get(1), 64), `.${String(Math.trunc(micros)).padStart(6, '0')}`);
}

/** metav1.Duration {1 duration int64 nanoseconds}: Go's time.Duration text ("1h0m0s", "1.5s"). */
export function decodeDuration(bytes: Uint8Array): string {
  return formatGoDuration(int(readFlat(bytes, 'Duration').get(1), 64));
}

/** Go's time.Duration.String for a count of nanoseconds. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u < 1000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${fraction(u, 1000n)}µs`;
  if (u < 1_000_000_000n) return `${sign}${fraction(u, 1_000_000n)}ms`;
  const hours = u / 3_600_000_000_000n;
  const minutes = (u / 60_000_000_000n) % 60n;
  const seconds = fraction(u % 60_000_000_000n, 1_000_000_000n);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

// value/unit as a decimal without trailing zeros ("1.5", "2").
function fraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** resource.Quantity {1 string}: its string; the zero Quantity prints "0". */
export function decodeQuantity(bytes: Uint8Array): string {
  const s = text(readFlat(bytes, 'Quantity').get(1));
  return s === '' ? '0' : s;
}

/** intstr.IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal}: a JSON number or string. */
export function decodeIntOrString(bytes: Uint8Array): number | string {
  const m = readFlat(bytes, 'IntOrString');
  if (int(m.get(1), 64) === 1n) return text(m.get(3));
  const v = m.get(2);
  if (v instanceof Uint8Array) throw new ProtobufDecodeError('proto: wrong wireType = 2 for field IntVal');
  return Number(int(v, 32));
}
