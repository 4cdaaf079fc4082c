import { parseQuantity } from '../../api/validation/resource-quantity.js';

// resource.Quantity arithmetic as the quota, disruption and volume controllers need it: exact
// values (bigint numerator over a power of ten) that keep upstream's Format, so that sums print
// the way kube-controller-manager writes them ("1500m", "3Gi", "2k").

/** How a quantity prints: upstream's three formats. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: n / 10^scale, printed in `format`. */
export interface Quantity {
  readonly n: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
}

const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const decimalSuffixes = new Map<number, string>([
  [-9, 'n'],
  [-6, 'u'],
  [-3, 'm'],
  [0, ''],
  [3, 'k'],
  [6, 'M'],
  [9, 'G'],
  [12, 'T'],
  [15, 'P'],
  [18, 'E'],
]);

function formatOfText(text: string): QuantityFormat {
  if (/(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(text)) return 'BinarySI';
  if (/[eE][+-]?[0-9]+$/.test(text)) return 'DecimalExponent';
  return 'DecimalSI';
}

/** A zero quantity (upstream's `resource.Quantity{Format: ...}`). */
export function zeroQuantity(format: QuantityFormat = 'DecimalSI'): Quantity {
  return { n: 0n, scale: 0, format };
}

/** An integer quantity (resource.NewQuantity). */
export function intQuantity(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { n: BigInt(value), scale: 0, format };
}

/** Parses a quantity string or number; undefined when malformed. */
export function parseQuantityValue(value: unknown): Quantity | undefined {
  const exact = parseQuantity(value);
  if (exact === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : String(value);
  // Upstream keeps nano precision at most, rounding away from zero.
  if (exact.scale > 9) {
    const d = 10n ** BigInt(exact.scale - 9);
    let q = exact.n / d;
    if (q * d !== exact.n) q += exact.n < 0n ? -1n : 1n;
    return { n: q, scale: 9, format: formatOfText(text) };
  }
  return { n: exact.n, scale: exact.scale, format: formatOfText(text) };
}

function aligned(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(scale - a.scale), b.n * 10n ** BigInt(scale - b.scale), scale];
}

/** Compares two quantities by value: negative, zero or positive (Quantity.Cmp). */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** a + b; a zero `a` takes b's format, as Quantity.Add does. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = aligned(a, b);
  return { n: x + y, scale, format: a.n === 0n ? b.format : a.format };
}

/** a - b in a's format (Quantity.Sub). */
export function subtractQuantity(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = aligned(a, b);
  return { n: x - y, scale, format: a.n === 0n ? b.format : a.format };
}

/** The value rounded up to a whole number (Quantity.RoundUp(0)). */
export function roundUpQuantity(q: Quantity): Quantity {
  if (q.scale <= 0) return q;
  const d = 10n ** BigInt(q.scale);
  let whole = q.n / d;
  if (whole * d !== q.n && q.n > 0n) whole += 1n;
  return { n: whole, scale: 0, format: q.format };
}

function isZero(q: Quantity): boolean {
  return q.n === 0n;
}

/** The quantity as upstream's String() prints it (its canonical form). */
export function formatQuantity(q: Quantity): string {
  if (isZero(q)) return '0';
  let format = q.format;
  const divisor = 10n ** BigInt(Math.max(0, q.scale));
  const whole = q.scale <= 0 ? q.n * 10n ** BigInt(-q.scale) : q.n / divisor;
  const exactWhole = q.scale <= 0 || whole * divisor === q.n;
  if (format === 'BinarySI' && (!exactWhole || (whole > -1024n && whole < 1024n))) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let value = whole;
    let power = 0;
    while (value % 1024n === 0n && power < binarySuffixes.length - 1) {
      value /= 1024n;
      power++;
    }
    return `${value}${binarySuffixes[power]}`;
  }
  let mantissa = q.n;
  let exponent = -q.scale;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const rem = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(rem);
  exponent -= rem;
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  const suffix = decimalSuffixes.get(exponent);
  return suffix !== undefined ? `${mantissa}${suffix}` : `${mantissa}e${exponent}`;
}

/** A resource list as the API carries it: name → quantity string. */
export type ResourceList = Readonly<Record<string, string>>;

/** Parses every parsable quantity of a resource list. */
export function parseResourceList(list: ResourceList | undefined): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, text] of Object.entries(list ?? {})) {
    const q = parseQuantityValue(text);
    if (q !== undefined) out.set(name, q);
  }
  return out;
}

/** Prints a parsed resource list back to its wire form, keys sorted. */
export function formatResourceList(list: ReadonlyMap<string, Quantity>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...list.keys()].sort()) out[name] = formatQuantity(list.get(name) as Quantity);
  return out;
}
