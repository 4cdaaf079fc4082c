const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

// metav1.Time's zero value serializes as year 1; upstream shows such timestamps as unknown.
const goZeroTime = Date.parse('0001-01-01T00:00:00Z');

/**
 * Renders a duration the way kubectl's AGE column does (~2-3 significant figures): "45s", "5m30s",
 * "95m", "4h30m", "30h", "3d4h", "45d", "3y12d", "9y"; "0s" down to -1s of clock skew and
 * "<invalid>" below that.
 */
export function humanDuration(ms: number): string {
  // Go truncates toward zero when converting a Duration to whole units.
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / minute);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / hour);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * Parses an RFC 3339 timestamp as the API writes it (metav1.Time or MicroTime); undefined when it
 * is absent, not RFC 3339, or the zero time.
 */
export function parseTimestamp(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || !isRfc3339(ts)) return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) || ms === goZeroTime ? undefined : ms;
}

/** True when `s` has RFC 3339's shape (Date.parse alone would also take "2024-01-01" or prose). */
export function isRfc3339(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s);
}

/** The age of a timestamp at `now` ("5m", "3d"), or "<unknown>" when the timestamp is absent or zero. */
export function translateTimestampSince(ts: unknown, now: Date): string {
  const ms = parseTimestamp(ts);
  return ms === undefined ? '<unknown>' : humanDuration(now.getTime() - ms);
}
