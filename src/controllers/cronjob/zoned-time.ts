// Wall-clock time in an IANA zone through Intl, with Go's time.Date semantics: out-of-range fields
// normalize (month 13 is January next year), and a wall time that a DST change skips or repeats
// resolves as Go resolves it.

/** A wall-clock reading in some zone. */
export interface WallTime {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday. */
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone Go's time.Local is: the process's (TZ honoured), as kube-controller-manager uses for CronJobs without timeZone. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === '';
}

/** The wall clock in `zone` at `ms` (whole seconds). */
export function wallTime(ms: number, zone: string): WallTime {
  const secondsMs = Math.floor(ms / 1000) * 1000;
  if (isUtc(zone)) {
    const d = new Date(secondsMs);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(secondsMs)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const year = parts['year'] ?? 1970;
  const month = parts['month'] ?? 1;
  const day = parts['day'] ?? 1;
  return {
    year,
    month,
    day,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** The zone's offset from UTC at `ms`, in milliseconds (east positive). */
export function offsetAt(ms: number, zone: string): number {
  if (isUtc(zone)) return 0;
  const w = wallTime(ms, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a wall time in `zone` (Go's time.Date): fields normalize; for a wall time in a DST
 * gap or overlap the offset in force just before the transition is tried first, then the one after.
 */
export function zonedDate(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const unix = Date.UTC(year, month - 1, day, hour, minute, second);
  const offset = offsetAt(unix, zone);
  if (offset === 0) return unix;
  const utc = unix - offset;
  const actual = offsetAt(utc, zone);
  return unix - (actual === offset ? offset : actual);
}

/** Go's AddDate on a wall time: years, months and days added in the zone, time of day kept. */
export function addDate(ms: number, zone: string, years: number, months: number, days: number): number {
  const w = wallTime(ms, zone);
  return zonedDate(zone, w.year + years, w.month + months, w.day + days, w.hour, w.minute, w.second);
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/** Go's RFC 3339 rendering of `ms` in `zone`: "2006-01-02T15:04:05+09:00", or "…Z" at offset zero. */
export function formatRfc3339InZone(ms: number, zone: string): string {
  const w = wallTime(ms, zone);
  const offsetMin = Math.round(offsetAt(ms, zone) / 60_000);
  const zoneText =
    offsetMin === 0
      ? 'Z'
      : `${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(offsetMin / 60))}:${pad(offsetMin % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zoneText}`;
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's RFC 1123 with numeric zone, in UTC: "Mon, 02 Jan 2006 15:04:05 +0000". */
export function formatRfc1123zUtc(ms: number): string {
  const w = wallTime(ms, 'UTC');
  return `${days[w.weekday]}, ${pad(w.day)} ${months[w.month - 1]} ${pad(w.year, 4)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)} +0000`;
}
