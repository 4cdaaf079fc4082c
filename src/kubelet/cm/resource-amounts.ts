// Exact resource arithmetic for cgroup sizing. Upstream's Quantity keeps nano precision (finer values
// round up) and only rounds when a caller asks for MilliValue()/Value(); summing already-rounded
// numbers could differ by one, so amounts here are bigints of nano-units until the very end.
import { parseQuantity } from '../../api/validation/resource-quantity.js';

/** A quantity as the API carries it. */
export type QuantityText = string | number | undefined;

/** Resource name → amount in nano-units (1 CPU = 10^9, 1 byte = 10^9). */
export type ResourceAmounts = Map<string, bigint>;

const nanoPerUnit = 1_000_000_000n;

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b !== a && a > 0n ? q + 1n : q;
}

/** A quantity in nano-units, rounded up as upstream rounds sub-nano values; undefined if absent or malformed. */
export function nanoOf(q: QuantityText): bigint | undefined {
  const v = q === undefined ? undefined : parseQuantity(q);
  if (v === undefined) return undefined;
  if (v.scale <= 9) return v.n * 10n ** BigInt(9 - v.scale);
  return ceilDiv(v.n, 10n ** BigInt(v.scale - 9));
}

/** Thousandths of an amount rounded up (Quantity.MilliValue()). */
export function milliOf(nano: bigint | undefined): number {
  return nano === undefined ? 0 : Number(ceilDiv(nano, 1_000_000n));
}

/** An amount as a whole number rounded up (Quantity.Value()). */
export function valueOf(nano: bigint | undefined): number {
  return nano === undefined ? 0 : Number(ceilDiv(nano, nanoPerUnit));
}

/** A whole number (bytes, pids) as nano-units. */
export function nanoFromValue(value: number): bigint {
  return BigInt(Math.trunc(value)) * nanoPerUnit;
}

/** A resource list (requests, limits, overhead) as amounts; malformed entries are skipped. */
export function amountsOf(list: Readonly<Record<string, QuantityText>> | undefined): ResourceAmounts {
  const out: ResourceAmounts = new Map();
  for (const [name, q] of Object.entries(list ?? {})) {
    const nano = nanoOf(q);
    if (nano !== undefined) out.set(name, nano);
  }
  return out;
}

/** Adds every amount of `from` into `into` (upstream's addResourceList). */
export function addAmounts(into: ResourceAmounts, from: ResourceAmounts): void {
  for (const [name, v] of from) into.set(name, (into.get(name) ?? 0n) + v);
}

/** Raises each amount of `into` to `from`'s where that is larger or missing (maxResourceList). */
export function maxAmounts(into: ResourceAmounts, from: ResourceAmounts): void {
  for (const [name, v] of from) {
    const cur = into.get(name);
    if (cur === undefined || v > cur) into.set(name, v);
  }
}
