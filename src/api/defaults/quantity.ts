import { isPlainObject } from '../object.js';

// Quantities travel as strings, but upstream never echoes them back as sent: the apiserver parses
// every quantity into resource.Quantity and writes it out again in canonical form ("1.5" becomes
// "1500m", "2048Mi" becomes "2Gi"), except that a value already parsed on its fast path in
// canonical form keeps its original text. This file reproduces that round trip exactly, with
// bigint arithmetic so nothing depends on floating point.

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

interface Parsed {
  /** The value is mantissa × 10^exponent; the exponent is upstream's stored scale, not normalized. */
  mantissa: bigint;
  exponent: number;
  format: Format;
  /** The text upstream keeps verbatim (it only does so when the text is already canonical). */
  verbatim?: string;
}

const decimalSuffixes: Readonly<Record<string, number>> = {
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
const binarySuffixes: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const binaryNames = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const decimalNames = new Map(Object.entries(decimalSuffixes).map(([name, exp]) => [exp, name]));
const nano = -9;
const maxInt64 = (1n << 63n) - 1n;
const suffixChars = 'eEinumkKMGTP';

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Splits "-1.5Gi" into sign, integer digits (leading zeros dropped), fraction digits and suffix. */
function scan(text: string): { negative: boolean; num: string; denom: string; suffix: string } | undefined {
  let pos = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    pos++;
  }
  while (text[pos] === '0') pos++;
  if (pos >= text.length) return { negative, num: '0', denom: '', suffix: '' };
  let start = pos;
  while (isDigit(text[pos])) pos++;
  const num = text.slice(start, pos) || '0';
  let denom = '';
  if (text[pos] === '.') {
    start = ++pos;
    while (isDigit(text[pos])) pos++;
    denom = text.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < text.length && suffixChars.includes(text[pos] as string)) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (isDigit(text[pos])) pos++;
  if (pos < text.length) return undefined;
  return { negative, num, denom, suffix: text.slice(suffixStart) };
}

function interpret(suffix: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  const decimal = decimalSuffixes[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = binarySuffixes[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** Divides by 10^digits, rounding away from zero as upstream's RoundUp does. */
function shrink(mantissa: bigint, digits: number): bigint {
  const divisor = 10n ** BigInt(digits);
  const quotient = mantissa / divisor;
  if (quotient * divisor === mantissa) return quotient;
  return mantissa < 0n ? quotient - 1n : quotient + 1n;
}

function parse(text: string): Parsed | undefined {
  if (text === '') return undefined;
  if (text === '0') return { mantissa: 0n, exponent: 0, format: 'DecimalSI', verbatim: text };
  const parts = scan(text);
  const unit = parts && interpret(parts.suffix);
  if (!parts || !unit) return undefined;
  const { negative, num, denom } = parts;
  const sign = negative ? -1n : 1n;

  // Upstream's int64 fast path; only it can keep the original text.
  const precision =
    unit.base === 10
      ? 18 - num.length - denom.length
      : denom === ''
        ? 15 - num.length - Math.trunc((unit.exponent * 3) / 10) - 1
        : -1;
  const scale = unit.base === 10 ? unit.exponent - denom.length : 0;
  if (precision >= 0 && scale >= nano) {
    const shifted = num + denom;
    const value = BigInt(shifted);
    const result = unit.base === 2 ? value << BigInt(unit.exponent) : value;
    if (result <= maxInt64) {
      const canonical =
        unit.base === 2
          ? value % 8n !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && !shifted.startsWith('0');
      return {
        mantissa: sign * result,
        exponent: scale,
        format: unit.format,
        ...(canonical && { verbatim: text }),
      };
    }
  }

  // The arbitrary-precision path: exact value, rounded up to nano units, binary capped at int64.
  let mantissa = BigInt(num + denom);
  let exponent = -denom.length;
  if (unit.base === 10) exponent += unit.exponent;
  else mantissa <<= BigInt(unit.exponent);
  if (exponent < nano && mantissa !== 0n) {
    mantissa = shrink(mantissa, nano - exponent);
    exponent = nano;
  }
  // A binary value's exponent here only counts its fraction digits, so it is never positive.
  if (unit.base === 2 && mantissa > maxInt64 * 10n ** BigInt(-exponent)) {
    mantissa = maxInt64;
    exponent = 0;
  }
  return { mantissa: sign * mantissa, exponent, format: unit.format };
}

/** The integer value when the quantity is a whole number. */
function wholeValue(q: Parsed): bigint | undefined {
  if (q.exponent >= 0) return q.mantissa * 10n ** BigInt(q.exponent);
  const divisor = 10n ** BigInt(-q.exponent);
  return q.mantissa % divisor === 0n ? q.mantissa / divisor : undefined;
}

function format(q: Parsed): string {
  if (q.verbatim !== undefined) return q.verbatim;
  if (q.mantissa === 0n) return '0';
  if (q.format === 'BinarySI') {
    const whole = wholeValue(q);
    // Small or fractional binary values are written in decimal so no precision is lost.
    if (whole !== undefined && (whole >= 1024n || whole <= -1024n)) {
      let value = whole;
      let power = 0;
      while ((value >= 1024n || value <= -1024n) && value % 1024n === 0n) {
        value /= 1024n;
        power++;
      }
      return `${value}${binaryNames[power] ?? ''}`;
    }
  }
  let mantissa = q.mantissa;
  let exponent = q.exponent;
  while ((mantissa >= 10n || mantissa <= -10n) && mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (q.format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  // Upstream writes no suffix at all beyond exa; kept for fidelity.
  return `${mantissa}${decimalNames.get(exponent) ?? ''}`;
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * A quantity as upstream writes it back after decoding it (canonical form, or the original text
 * where upstream keeps it); `roundUpToMilli` adds SetDefaults_ResourceList's rounding. Values that
 * do not parse are returned unchanged, for validation to reject.
 */
export function normalizeQuantity(value: unknown, options: { roundUpToMilli?: boolean } = {}): unknown {
  const text = toText(value);
  const parsed = text === undefined ? undefined : parse(text);
  if (!parsed) return value;
  if (options.roundUpToMilli && parsed.exponent < -3) {
    return format({
      mantissa: shrink(parsed.mantissa, -3 - parsed.exponent),
      exponent: -3,
      format: parsed.format,
    });
  }
  return format(parsed);
}

/** Normalizes every value of a quantity map (capacity, status, metric targets) in place. */
export function normalizeQuantityMap(map: unknown, options: { roundUpToMilli?: boolean } = {}): void {
  if (!isPlainObject(map)) return;
  for (const [key, value] of Object.entries(map)) map[key] = normalizeQuantity(value, options);
}

/** SetDefaults_ResourceList: every quantity rounded up to milli-units and canonicalized, in place. */
export function defaultResourceList(list: unknown): void {
  normalizeQuantityMap(list, { roundUpToMilli: true });
}
