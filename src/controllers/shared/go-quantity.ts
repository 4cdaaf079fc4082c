import type { GoValue } from './go-value.js';

// resource.Quantity as ParseQuantity leaves it after decoding (both JSON and protobuf decode go
// through it): an int64Amount {value, scale} when the value fits, the original text kept in `s` only
// when it already was canonical, and the Format. Values that need inf.Dec (more than 18 digits, or
// binary fractions) are outside what pod templates use and are modelled by their decimal string.

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
const maxInt64 = (1n << 63n) - 1n;

interface Parsed {
  readonly value: bigint;
  readonly scale: number;
  readonly format: string;
  readonly s: string;
}

function split(text: string): { positive: boolean; num: string; denom: string; suffix: string } {
  let pos = 0;
  let positive = true;
  if (text[0] === '-' || text[0] === '+') {
    positive = text[0] !== '-';
    pos++;
  }
  while (text[pos] === '0') pos++;
  if (pos >= text.length) return { positive, num: '0', denom: '', suffix: '' };
  let start = pos;
  while (pos < text.length && text[pos]! >= '0' && text[pos]! <= '9') pos++;
  const num = text.slice(start, pos) || '0';
  let denom = '';
  if (text[pos] === '.') {
    start = ++pos;
    while (pos < text.length && text[pos]! >= '0' && text[pos]! <= '9') pos++;
    denom = text.slice(start, pos);
  }
  return { positive, num, denom, suffix: text.slice(pos) };
}

function interpret(suffix: string): { base: number; exponent: number; format: string } | undefined {
  const dec = decimalSuffixes[suffix];
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = binarySuffixes[suffix];
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1)))
    return { base: 10, exponent: Number(suffix.slice(1)), format: 'DecimalExponent' };
  return undefined;
}

/** ParseQuantity's int64 fast path; undefined when upstream would fall back to inf.Dec. */
function parseFast(text: string): Parsed | undefined {
  if (text === '0') return { value: 0n, scale: 0, format: 'DecimalSI', s: text };
  const { positive, num, denom, suffix } = split(text);
  const unit = interpret(suffix);
  if (unit === undefined) return undefined;
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (unit.base === 10) {
    scale = unit.exponent;
    precision = 18 - (num.length + denom.length);
  } else if (unit.exponent >= 0 && denom.length === 0) {
    mantissa = 1n << BigInt(unit.exponent);
    // Go computes this in float32 and truncates toward zero.
    precision = 15 - num.length - Math.trunc(Math.fround(Math.fround(unit.exponent) * 3) / 10) - 1;
  } else {
    precision = -1;
  }
  if (precision < 0) return undefined;
  scale -= denom.length;
  if (scale < -9) return undefined;
  const shifted = num + denom;
  const value = BigInt(shifted);
  if (value > maxInt64) return undefined;
  let result = value * mantissa;
  if (result > maxInt64) return undefined;
  if (!positive) result = -result;
  const canonical =
    unit.format === 'BinarySI'
      ? unit.exponent % 10 === 0 && (value & 7n) !== 0n
      : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
  return { value: result, scale, format: unit.format, s: canonical ? text : '' };
}

const basic = (type: string, text: string): GoValue => ({ kind: 'basic', type, text });

/** The Go value of a resource.Quantity decoded from `json` (a string, or a number as JSON allows). */
export function goQuantityValue(json: unknown): GoValue {
  const text = typeof json === 'string' ? json.trim() : typeof json === 'number' ? String(json) : '';
  const parsed: Parsed =
    text === ''
      ? { value: 0n, scale: 0, format: '', s: '' }
      : (parseFast(text) ?? { value: 0n, scale: 0, format: 'DecimalSI', s: text });
  return {
    kind: 'struct',
    type: 'resource.Quantity',
    fields: [
      [
        'i',
        {
          kind: 'struct',
          type: 'resource.int64Amount',
          fields: [
            ['value', basic('int64', parsed.value.toString())],
            ['scale', basic('resource.Scale', String(parsed.scale))],
          ],
        },
      ],
      [
        'd',
        {
          kind: 'struct',
          type: 'resource.infDecAmount',
          fields: [['Dec', { kind: 'ptr', type: '*inf.Dec', elem: undefined }]],
        },
      ],
      ['s', basic('string', parsed.s)],
      ['Format', basic('resource.Format', parsed.format)],
    ],
  };
}
