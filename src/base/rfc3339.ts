// Kubernetes serialises metav1.Time as RFC 3339 in UTC with whole seconds and metav1.MicroTime with
// exactly six fractional digits. Clients compare these strings and kubectl parses them, so the
// form must be exact: "Z" (never "+00:00"), no milliseconds in Time, always six digits in MicroTime.

/** A Date, or milliseconds since the Unix epoch. */
export type Instant = Date | number;

function toDate(t: Instant): Date {
  const d = typeof t === 'number' ? new Date(t) : t;
  const year = d.getUTCFullYear();
  // Go refuses to marshal years outside 0..9999; a 4-digit year also keeps the fixed width.
  if (Number.isNaN(d.getTime()) || year < 0 || year > 9999) {
    throw new RangeError(`time outside the RFC 3339 range: ${String(t)}`);
  }
  return d;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function secondsPart(d: Date): string {
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`
  );
}

/** Formats as metav1.Time does: RFC 3339, UTC, whole seconds (sub-seconds truncated), "Z". */
export function formatRfc3339(t: Instant): string {
  return `${secondsPart(toDate(t))}Z`;
}

/**
 * Formats as metav1.MicroTime does: UTC with exactly six fractional digits. A JS Date carries
 * milliseconds, so the last three digits come from `extraMicros` (0..999) when the caller has them.
 */
export function formatMicroTime(t: Instant, extraMicros = 0): string {
  const d = toDate(t);
  if (!Number.isInteger(extraMicros) || extraMicros < 0 || extraMicros > 999) {
    throw new RangeError(`extraMicros must be an integer in 0..999, got ${extraMicros}`);
  }
  return `${secondsPart(d)}.${pad(d.getUTCMilliseconds(), 3)}${pad(extraMicros, 3)}Z`;
}

const rfc3339Pattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 timestamp (any offset, up to nanosecond fractions, as Go's time.RFC3339Nano
 * accepts) into a Date; precision below a millisecond is truncated. Throws RangeError when invalid.
 */
export function parseRfc3339(text: string): Date {
  const m = rfc3339Pattern.exec(text);
  if (m === null) throw new RangeError(`not an RFC 3339 time: ${JSON.stringify(text)}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ?? '';
  const millis = fraction === '' ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  // setUTCFullYear rather than Date.UTC: the latter maps years 0..99 to 1900..1999.
  const probe = new Date(0);
  probe.setUTCFullYear(year, month, 0); // day 0 of the next month is the last day of this one
  const daysInMonth = probe.getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`not an RFC 3339 time: ${JSON.stringify(text)}`);
  }
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) throw new RangeError(`not an RFC 3339 time: ${JSON.stringify(text)}`);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millis);
  return new Date(d.getTime() - offsetMinutes * 60_000);
}
