// Exact values of resource quantities for validation: comparing requests to limits, signs,
// integrality and hugepage multiples. Values are kept as a rational n / 10^scale in bigints, so
// "1", "1000m" and "1e3m" compare equal exactly as upstream's resource.Quantity.Cmp does.

import { normalizeQuantity } from '../defaults/quantity.js';
import { BoundedMemo } from '../../base/bounded-memo.js';

/** An exact quantity value: n / 10^scale. */
export interface QuantityValue {
  readonly n: bigint;
  readonly scale: number;
}

const decimalExponents: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binaryExponents: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** The regular expression upstream names when a quantity does not parse. */
export const quantityFormatMessage =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

// Quantities repeat ("100m", "64Mi") across every object a server decodes, validates and admits:
// each text is parsed once (null: malformed).
const parsed = new BoundedMemo<QuantityValue | null>(4096);

/** Parses a quantity (string or JSON number) into its exact value; undefined when it is malformed. */
export function parseQuantity(v: unknown): QuantityValue | undefined {
  const text = textOf(v);
  if (text === undefined) return undefined;
  return parsed.get(text, (t) => parseText(t) ?? null) ?? undefined;
}

function parseText(text: string): QuantityValue | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!m) return undefined;
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  if (whole.length + frac.length === 0) return undefined;
  let n = BigInt(whole + frac || '0');
  let scale = frac.length;
  const dec = decimalExponents[suffix];
  const bin = binaryExponents[suffix];
  if (dec !== undefined) {
    scale -= dec;
  } else if (bin !== undefined) {
    n <<= BigInt(bin);
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    scale -= Number(suffix.slice(1));
  } else {
    return undefined;
  }
  if (scale < 0) {
    n *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { n: sign === '-' ? -n : n, scale };
}

/** True when the value parses as a quantity. */
export function isValidQuantity(v: unknown): boolean {
  return parseQuantity(v) !== undefined;
}

/** Compares two quantity values: negative, zero or positive like upstream's Cmp. */
export function compareQuantities(a: QuantityValue, b: QuantityValue): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.n * 10n ** BigInt(scale - a.scale);
  const y = b.n * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The sign of a quantity value: -1, 0 or 1. */
export function quantitySign(q: QuantityValue): number {
  return q.n < 0n ? -1 : q.n > 0n ? 1 : 0;
}

/** True when the value is a whole number. */
export function isWholeQuantity(q: QuantityValue): boolean {
  return q.n % 10n ** BigInt(q.scale) === 0n;
}

/** The whole part, rounded up (upstream's Value() for the checks that use it). */
export function quantityCeil(q: QuantityValue): bigint {
  const d = 10n ** BigInt(q.scale);
  const t = q.n / d;
  return q.n > 0n && t * d !== q.n ? t + 1n : t;
}

/** The quantity as upstream's String() prints it (its canonical form). */
export function quantityString(v: unknown): string {
  const out = normalizeQuantity(v);
  return typeof out === 'string' ? out : String(out);
}
