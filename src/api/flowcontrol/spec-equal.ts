import { deepEqual } from '../../base/deep-equal.js';

// Upstream compares flowcontrol specs with apimachinery's equality.Semantic.DeepEqual on Go
// structs, where an absent field and its zero value are the same thing and a nil slice equals an
// empty one. Decoded JSON keeps that difference, so both sides drop those values first. Numbers
// stay even when 0: the numeric fields that can be absent are pointers in Go (lendablePercent,
// nominalConcurrencyShares), where nil and 0 differ; the others are always defaulted.

function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === false || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = normalized(v);
  }
  return out;
}

/** Go's Semantic.DeepEqual of two decoded flowcontrol specs (zero values equal absent ones). */
export function specsEqual(a: unknown, b: unknown): boolean {
  return deepEqual(normalized(a ?? {}), normalized(b ?? {}));
}
