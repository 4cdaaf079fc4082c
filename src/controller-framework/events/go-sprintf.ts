import { goQuote } from '../../api/validation/go-quote.js';

// Event messages are written with Go's fmt verbs upstream ("Created pod: %v"), and ported
// messages keep their format strings, so the common verbs behave as fmt.Sprintf does.
const verb = /%([-+# 0]*)(\d+|\*)?(?:\.(\d+))?([vsdqtfxXeg%])/g;

function goType(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return typeof value;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Error) return value.message;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
  const text = JSON.stringify(value);
  return text ?? String(value);
}

function bad(v: string, value: unknown): string {
  return `%!${v}(${goType(value)}=${formatValue(value)})`;
}

function format(v: string, value: unknown, precision: string | undefined): string {
  switch (v) {
    case 'v':
    case 's':
      return formatValue(value);
    case 'q':
      return typeof value === 'string' ? goQuote(value) : bad(v, value);
    case 'd':
      return typeof value === 'number' && Number.isInteger(value)
        ? String(value)
        : typeof value === 'bigint'
          ? value.toString()
          : bad(v, value);
    case 't':
      return typeof value === 'boolean' ? String(value) : bad(v, value);
    case 'f':
      return typeof value === 'number'
        ? value.toFixed(precision === undefined ? 6 : Number(precision))
        : bad(v, value);
    case 'e':
    case 'g':
      return typeof value === 'number' ? String(value) : bad(v, value);
    case 'x':
    case 'X': {
      const hex =
        typeof value === 'number' && Number.isInteger(value)
          ? value.toString(16)
          : typeof value === 'string'
            ? Buffer.from(value).toString('hex')
            : undefined;
      if (hex === undefined) return bad(v, value);
      return v === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      return bad(v, value);
  }
}

/**
 * Formats like Go's fmt.Sprintf for the verbs event messages use (%v %s %d %q %t %f %x %%);
 * flags and widths are accepted and ignored. Missing and extra arguments are reported inline
 * the way Go does (%!v(MISSING), %!(EXTRA ...)).
 */
export function goSprintf(formatString: string, args: readonly unknown[]): string {
  let next = 0;
  const out = formatString.replace(
    verb,
    (_match, _flags: string, _width: string, precision: string | undefined, v: string) => {
      if (v === '%') return '%';
      if (next >= args.length) return `%!${v}(MISSING)`;
      return format(v, args[next++], precision);
    },
  );
  if (next >= args.length) return out;
  const extra = args.slice(next).map((a) => `${goType(a)}=${formatValue(a)}`);
  return `${out}%!(EXTRA ${extra.join(', ')})`;
}
