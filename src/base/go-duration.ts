// Go's time.Duration text form, which Kubernetes uses on the wire (the `timeout=5m54s` query
// parameter, component flags). Parsing follows time.ParseDuration: the same grammar, the same
// exactness (integer nanoseconds) and the same error messages, so a bad value is rejected with the
// text a real apiserver would give.

/** Nanoseconds per unit, as time.ParseDuration accepts them (both micro signs included). */
const unitNanos: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // U+00B5 micro sign
  ['\u03bcs', 1_000n], // U+03BC Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const maxMagnitude = 1n << 63n; // |min int64|; the positive limit is one less

/** The error time.ParseDuration reports; `message` is Go's text. */
export class GoDurationError extends Error {
  override readonly name = 'GoDurationError';
}

// Go's time package quotes with its own small routine: ASCII printable runes stay, `"` and `\` are
// escaped, and every byte of anything else is written as \xNN.
function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x80 || cp < 0x20) {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Parses a Go duration ("32s", "5m54s", "1h2m3.5s", "300ms", "-1.5h", "0") into whole
 * nanoseconds; throws GoDurationError with Go's message on anything time.ParseDuration rejects.
 */
export function parseGoDurationNanos(text: string): bigint {
  const invalid = (): GoDurationError => new GoDurationError(`time: invalid duration ${goTimeQuote(text)}`);
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();

  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    // Integer part: Go rejects it outright once it overflows int64.
    let i = 0;
    let whole = 0n;
    while (isDigit(s[i])) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > maxMagnitude) throw invalid();
      i++;
    }
    const hadWhole = i > 0;
    s = s.slice(i);
    // Fraction: Go keeps digits only while they fit, silently dropping the rest of the precision.
    let frac = 0n;
    let scale = 1n;
    let hadFrac = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const next = frac * 10n + BigInt(s.charCodeAt(j) - 48);
          if (next > maxMagnitude) overflow = true;
          else {
            frac = next;
            scale *= 10n;
          }
        }
        j++;
      }
      hadFrac = j > 0;
      s = s.slice(j);
    }
    if (!hadWhole && !hadFrac) throw invalid(); // "." or ".s"
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) throw new GoDurationError(`time: missing unit in duration ${goTimeQuote(text)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = unitNanos.get(unitName);
    if (unit === undefined) {
      throw new GoDurationError(
        `time: unknown unit ${goTimeQuote(unitName)} in duration ${goTimeQuote(text)}`,
      );
    }
    if (whole > maxMagnitude / unit) throw invalid();
    let v = whole * unit;
    if (frac > 0n) {
      // Go computes float64(f) * (float64(unit) / scale) and truncates; exact arithmetic gives the
      // same result for every input that fits, without float rounding surprises.
      v += (frac * unit) / scale;
      if (v > maxMagnitude) throw invalid();
    }
    total += v;
    if (total > maxMagnitude) throw invalid();
  }
  if (neg) return -total;
  if (total > maxMagnitude - 1n) throw invalid();
  return total;
}

/** Parses a Go duration into milliseconds (fractional below 1 ms); throws GoDurationError like Go. */
export function parseGoDuration(text: string): number {
  return Number(parseGoDurationNanos(text)) / 1e6;
}

/** Formats whole nanoseconds the way Go's Duration.String does ("1h2m3.5s", "300ms", "0s"). */
export function formatGoDurationNanos(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const neg = nanos < 0n;
  const u = neg ? -nanos : nanos;
  const sign = neg ? '-' : '';
  const fraction = (value: bigint, digits: number): string => {
    const text = value.toString().padStart(digits, '0').replace(/0+$/, '');
    return text === '' ? '' : `.${text}`;
  };
  if (u < 1_000_000_000n) {
    // Below one second Go picks the largest unit that keeps the integer part non-zero.
    if (u < 1_000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${u / 1_000n}${fraction(u % 1_000n, 3)}\u00b5s`;
    return `${sign}${u / 1_000_000n}${fraction(u % 1_000_000n, 6)}ms`;
  }
  const seconds = u / 1_000_000_000n;
  const secText = `${seconds % 60n}${fraction(u % 1_000_000_000n, 9)}s`;
  const minutes = seconds / 60n;
  if (minutes === 0n) return sign + secText;
  const hours = minutes / 60n;
  if (hours === 0n) return `${sign}${minutes}m${secText}`;
  return `${sign}${hours}h${minutes % 60n}m${secText}`;
}

/** Formats milliseconds as a Go duration string (rounded to whole nanoseconds). */
export function formatGoDuration(ms: number): string {
  return formatGoDurationNanos(BigInt(Math.round(ms * 1e6)));
}
