// Resource quantities as the scheduler counts them: CPU in milli-units and everything else in
// whole units, both rounded up as resource.Quantity's MilliValue() and Value() do. Parsing is
// exact (bigint) because "0.1" × 1000 in floating point is not 100; results are cached since the
// same few strings ("100m", "1Gi") appear on almost every pod.

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
const binaryShifts: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const shape = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;

/** A parsed quantity: `milli` is MilliValue() and `value` is Value(), both rounded up. */
export interface QuantityValue {
  readonly milli: number;
  readonly value: number;
}

const cache = new Map<string, QuantityValue | null>();

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return q * d === n || n < 0n ? q : q + 1n;
}

function compute(text: string): QuantityValue | null {
  const m = shape.exec(text.trim());
  if (m === null) return null;
  const [, sign, whole = '', fraction = '', suffix = ''] = m;
  if (whole === '' && fraction === '') return null;
  const digits = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  const fractionScale = 10n ** BigInt(fraction.length);
  let numerator = digits;
  let denominator = fractionScale;
  const decimal = decimalExponents[suffix];
  const shift = binaryShifts[suffix];
  if (decimal !== undefined) {
    if (decimal >= 0) numerator *= 10n ** BigInt(decimal);
    else denominator *= 10n ** BigInt(-decimal);
  } else if (shift !== undefined) {
    numerator <<= BigInt(shift);
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    const exp = Number(suffix.slice(1));
    if (exp >= 0) numerator *= 10n ** BigInt(exp);
    else denominator *= 10n ** BigInt(-exp);
  } else {
    return null;
  }
  return {
    milli: Number(ceilDiv(numerator * 1000n, denominator)),
    value: Number(ceilDiv(numerator, denominator)),
  };
}

/** Parses a quantity ("250m", "1.5Gi", "2e3"); undefined when it is not one. */
export function parseQuantity(text: string | number | undefined): QuantityValue | undefined {
  if (text === undefined) return undefined;
  const key = String(text);
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = compute(key);
    // Bounded so a stream of unusual values cannot grow the cache without limit.
    if (cache.size < 10_000) cache.set(key, hit);
  }
  return hit ?? undefined;
}

/** The quantity in the unit the scheduler keeps `resource` in: milli-CPU for cpu, units otherwise. */
export function quantityFor(resource: string, text: string | number | undefined): number {
  const q = parseQuantity(text);
  if (q === undefined) return 0;
  return resource === 'cpu' ? q.milli : q.value;
}
