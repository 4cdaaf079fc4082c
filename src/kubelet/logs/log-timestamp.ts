// Timestamps of container log records, kept to the nanosecond: CRI log lines carry RFC3339Nano
// times, `--since-time` filtering compares them, and `--timestamps` prints them back in upstream's
// fixed nine-digit form (types.RFC3339NanoFixed) in the zone the line was written in.

/** An instant with nanosecond precision, and the UTC offset it was written with. */
export interface LogTimestamp {
  /** Whole seconds since the epoch. */
  readonly seconds: number;
  /** Nanoseconds within the second, 0..999999999. */
  readonly nanos: number;
  /** The offset of the text it came from, in minutes east of UTC (0 for "Z"). */
  readonly offsetMinutes: number;
}

// Go's RFC3339NanoLenient: 1–9 fraction digits (or none), "Z" or ±hh:mm.
const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

// Consecutive log lines mostly share their whole second and zone: the last one parsed is kept so
// that such a line costs a string compare and a fraction, not a regex and a calendar computation.
let lastSecond = '';
let lastZone = '';
let lastParsed: LogTimestamp | undefined;

/** The fraction and zone after a whole second that matches the last parse, else undefined. */
function parseSameSecond(text: string): LogTimestamp | undefined {
  if (lastParsed === undefined || !text.startsWith(lastSecond)) return undefined;
  let i = 19;
  let nanos = 0;
  if (text.charCodeAt(i) === 0x2e /* . */) {
    const start = ++i;
    while (i < text.length && i - start < 9 && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    if (i === start) return undefined;
    nanos = Number(text.slice(start, i).padEnd(9, '0'));
  }
  if (text.length - i !== lastZone.length || !text.endsWith(lastZone)) return undefined;
  return { seconds: lastParsed.seconds, nanos, offsetMinutes: lastParsed.offsetMinutes };
}

/** Parses an RFC3339 time with an optional fraction of up to nine digits; undefined when malformed. */
export function parseLogTimestamp(text: string): LogTimestamp | undefined {
  const same = parseSameSecond(text);
  if (same !== undefined) return same;
  const m = rfc3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const dayMs = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 31 February over into March; Go rejects it.
  if (day < 1 || new Date(dayMs).getUTCDate() !== day) return undefined;
  const zone = m[8]!;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const hh = Number(zone.slice(1, 3));
    const mm = Number(zone.slice(4, 6));
    if (hh > 23 || mm > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hh * 60 + mm);
  }
  const seconds = dayMs / 1000 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  const nanos = Number((m[7] ?? '').padEnd(9, '0'));
  const parsed = { seconds, nanos, offsetMinutes };
  lastSecond = text.slice(0, 19);
  lastZone = zone;
  lastParsed = parsed;
  return parsed;
}

/** The instant `ms` milliseconds after the epoch, in UTC. */
export function logTimestampFromMillis(ms: number): LogTimestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6), offsetMinutes: 0 };
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareLogTimestamps(a: LogTimestamp, b: LogTimestamp): number {
  return a.seconds - b.seconds || a.nanos - b.nanos;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// The last whole second formatted (with its zone), for the same reason as the parse cache.
let formattedSeconds = NaN;
let formattedOffset = NaN;
let formattedSecond = '';
let formattedZone = '';

/** The timestamp as upstream prints it with --timestamps: 2006-01-02T15:04:05.000000000Z07:00. */
export function formatLogTimestamp(t: LogTimestamp): string {
  if (t.seconds !== formattedSeconds || t.offsetMinutes !== formattedOffset) {
    [formattedSecond, formattedZone] = formatSecond(t);
    formattedSeconds = t.seconds;
    formattedOffset = t.offsetMinutes;
  }
  return `${formattedSecond}.${pad(t.nanos, 9)}${formattedZone}`;
}

function formatSecond(t: LogTimestamp): [string, string] {
  const local = new Date((t.seconds + t.offsetMinutes * 60) * 1000);
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}`;
  const time = `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`;
  let zone = 'Z';
  if (t.offsetMinutes !== 0) {
    const abs = Math.abs(t.offsetMinutes);
    zone = `${t.offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
  }
  return [`${date}T${time}`, zone];
}
