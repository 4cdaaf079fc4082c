// Exact arithmetic on resource quantities for quota and limit checks, printing results the way
// upstream's resource.Quantity.String() does (sums keep the first operand's binary/decimal form).

import { normalizeQuantity } from '../../../api/defaults/quantity.js';
import {
  compareQuantities,
  parseQuantity,
  type QuantityValue,
} from '../../../api/validation/resource-quantity.js';

/** A parsed quantity and whether it prints in binary (Ki, Mi, ...) form. */
export interface Quantity {
  readonly value: QuantityValue;
  readonly binary: boolean;
}

/** The zero quantity. */
export const ZERO: Quantity = { value: { n: 0n, scale: 0 }, binary: false };

/** Parses a quantity string or number; undefined when malformed. */
export function quantity(v: unknown): Quantity | undefined {
  const value = parseQuantity(v);
  if (!value) return undefined;
  return { value, binary: typeof v === 'string' && /[KMGTPE]i$/.test(v.trim()) };
}

function align(a: QuantityValue, b: QuantityValue): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(scale - a.scale), b.n * 10n ** BigInt(scale - b.scale), scale];
}

/** a + b. */
export function addQ(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = align(a.value, b.value);
  return { value: { n: x + y, scale }, binary: a.value.n === 0n ? b.binary : a.binary };
}

/** a - b. */
export function subQ(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = align(a.value, b.value);
  return { value: { n: x - y, scale }, binary: a.binary };
}

/** Compares two quantities (-1, 0, 1). */
export function cmpQ(a: Quantity, b: Quantity): number {
  return compareQuantities(a.value, b.value);
}

/** The value in thousandths, rounded up (upstream's MilliValue). */
export function milliValue(q: Quantity): bigint {
  const num = q.value.n * 1000n;
  const d = 10n ** BigInt(q.value.scale);
  const t = num / d;
  return num > 0n && t * d !== num ? t + 1n : t;
}

const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const decimalSuffixes = ['', 'm', 'u', 'n'];

/** The canonical text of a quantity. */
export function formatQ(q: Quantity): string {
  let { n, scale } = q.value;
  if (n === 0n) return '0';
  if (q.binary && scale === 0) {
    let p = 0;
    while (p < 6 && n % 1024n === 0n && (n >= 1024n || n <= -1024n)) {
      n /= 1024n;
      p++;
    }
    if (p > 0) return String(normalizeQuantity(`${n}${binarySuffixes[p]}`));
    n = q.value.n;
  }
  // Round up to nano units at most, then write with a decimal suffix and let the canonicaliser
  // pick the shortest form.
  if (scale > 9) {
    const d = 10n ** BigInt(scale - 9);
    const t = n / d;
    n = n > 0n && t * d !== n ? t + 1n : t;
    scale = 9;
  }
  const pad = (3 - (scale % 3)) % 3;
  n *= 10n ** BigInt(pad);
  scale += pad;
  const text = `${n}${decimalSuffixes[scale / 3]}`;
  return String(normalizeQuantity(q.binary ? text : text));
}
