/**
 * A sample value as Prometheus' Go client writes it (strconv.FormatFloat(v, 'g', -1, 64)): the
 * shortest round-trip digits, in exponent form when the decimal exponent is below -4 or at least
 * 6 (1e+06, 1.5e-05), otherwise plain (123456, 0.0001); and +Inf, -Inf, NaN.
 */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(value);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
