// CronJob schedules as upstream parses them (robfig/cron/v3's ParseStandard): five fields with
// names, ranges, steps and lists, or a @descriptor (@yearly … @hourly, @every <duration>), an
// optional TZ=/CRON_TZ= prefix, and Next() walking month, day, hour and minute in the schedule's
// zone exactly as robfig does (including its DST handling and its 5-year search limit).
import { parseGoDurationNanos } from '../../base/go-duration.js';
import { cronScheduleError, isKnownTimeZone } from '../../api/validation/cron-schedule.js';
import { addDate, localZone, wallTime, zonedDate } from './zoned-time.js';

/** A parsed schedule: the next activation strictly after a time, or undefined when none within 5 years. */
export interface CronSchedule {
  next(afterMs: number): number | undefined;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const monthNames = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const dayNames = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const minutes: Bounds = { min: 0, max: 59 };
const hours: Bounds = { min: 0, max: 23 };
const doms: Bounds = { min: 1, max: 31 };
const monthsB: Bounds = { min: 1, max: 12, names: monthNames };
const dows: Bounds = { min: 0, max: 6, names: dayNames };

/** One field's allowed values, and whether it was written as "*" or "?" (robfig's star bit). */
interface Field {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

function valueOf(expr: string, b: Bounds): number {
  return b.names?.[expr.toLowerCase() as keyof typeof b.names] ?? Number(expr);
}

// One comma-separated part ("*/15", "1-5", "mon-fri", "3/2"); validation already accepted it.
function parseRange(expr: string, b: Bounds, into: Set<number>): boolean {
  const [range = '', stepText] = expr.split('/');
  const [low = '', high] = range.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (low === '*' || low === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = valueOf(low, b);
    end = high !== undefined ? valueOf(high, b) : start;
  }
  let step = 1;
  if (stepText !== undefined) {
    step = Number(stepText);
    // "N/step" means "N-max/step".
    if (high === undefined) end = b.max;
    if (step > 1) star = false;
  }
  for (let v = start; v <= end; v += step) into.add(v);
  return star;
}

function parseField(text: string, b: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',').filter((p) => p !== '')) if (parseRange(part, b, values)) star = true;
  return { values, star };
}

function all(b: Bounds): Field {
  const values = new Set<number>();
  for (let v = b.min; v <= b.max; v++) values.add(v);
  return { values, star: true };
}

function only(v: number): Field {
  return { values: new Set([v]), star: false };
}

interface Spec {
  readonly minute: Field;
  readonly hour: Field;
  readonly dom: Field;
  readonly month: Field;
  readonly dow: Field;
}

const descriptors: Readonly<Record<string, () => Spec>> = {
  '@yearly': () => ({ minute: only(0), hour: only(0), dom: only(1), month: only(1), dow: all(dows) }),
  '@annually': () => ({ minute: only(0), hour: only(0), dom: only(1), month: only(1), dow: all(dows) }),
  '@monthly': () => ({ minute: only(0), hour: only(0), dom: only(1), month: all(monthsB), dow: all(dows) }),
  '@weekly': () => ({ minute: only(0), hour: only(0), dom: all(doms), month: all(monthsB), dow: only(0) }),
  '@daily': () => ({ minute: only(0), hour: only(0), dom: all(doms), month: all(monthsB), dow: all(dows) }),
  '@midnight': () => ({
    minute: only(0),
    hour: only(0),
    dom: all(doms),
    month: all(monthsB),
    dow: all(dows),
  }),
  '@hourly': () => ({
    minute: only(0),
    hour: all(hours),
    dom: all(doms),
    month: all(monthsB),
    dow: all(dows),
  }),
};

// With both day fields restricted either may match (cron's OR); a starred one makes it an AND.
function dayMatches(spec: Spec, dom: number, dow: number): boolean {
  const domMatch = spec.dom.values.has(dom);
  const dowMatch = spec.dow.values.has(dow);
  return spec.dom.star || spec.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
}

class SpecSchedule implements CronSchedule {
  constructor(
    private readonly spec: Spec,
    private readonly zone: string,
  ) {}

  next(afterMs: number): number | undefined {
    const { spec, zone } = this;
    let t = Math.floor(afterMs / 1000) * 1000 + 1000;
    let added = false;
    const yearLimit = wallTime(t, zone).year + 5;
    wrap: for (;;) {
      let w = wallTime(t, zone);
      if (w.year > yearLimit) return undefined;
      while (!spec.month.values.has(w.month)) {
        if (!added) {
          added = true;
          t = zonedDate(zone, w.year, w.month, 1);
        }
        t = addDate(t, zone, 0, 1, 0);
        w = wallTime(t, zone);
        if (w.month === 1) continue wrap;
      }
      while (!dayMatches(spec, w.day, w.weekday)) {
        if (!added) {
          added = true;
          t = zonedDate(zone, w.year, w.month, w.day);
        }
        t = addDate(t, zone, 0, 0, 1);
        w = wallTime(t, zone);
        // Midnight may have moved by a DST change: step back onto it.
        if (w.hour !== 0) {
          t += (w.hour > 12 ? 24 - w.hour : -w.hour) * 3_600_000;
          w = wallTime(t, zone);
        }
        if (w.day === 1) continue wrap;
      }
      while (!spec.hour.values.has(w.hour)) {
        if (!added) {
          added = true;
          t = zonedDate(zone, w.year, w.month, w.day, w.hour);
        }
        t += 3_600_000;
        w = wallTime(t, zone);
        if (w.hour === 0) continue wrap;
      }
      while (!spec.minute.values.has(w.minute)) {
        if (!added) {
          added = true;
          t -= t % 60_000;
        }
        t += 60_000;
        w = wallTime(t, zone);
        if (w.minute === 0) continue wrap;
      }
      // Standard schedules fire at second 0.
      while (w.second !== 0) {
        if (!added) {
          added = true;
          t -= t % 1000;
        }
        t += 1000;
        w = wallTime(t, zone);
        if (w.second === 0) continue wrap;
      }
      return t;
    }
  }
}

class ConstantDelaySchedule implements CronSchedule {
  constructor(private readonly delayMs: number) {}

  next(afterMs: number): number {
    return Math.floor(afterMs / 1000) * 1000 + this.delayMs;
  }
}

/** A schedule that does not parse, with robfig's message. */
export class CronScheduleError extends Error {
  override readonly name = 'CronScheduleError';
}

/**
 * Parses a schedule; schedules without a TZ= prefix run in `defaultZone` (Go's time.Local: the
 * process's zone). Throws CronScheduleError with robfig's message for invalid ones.
 */
export function parseCronSchedule(schedule: string, defaultZone: string = localZone()): CronSchedule {
  const problem = cronScheduleError(schedule);
  if (problem !== undefined) throw new CronScheduleError(problem);
  let spec = schedule;
  let zone = defaultZone;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    zone = spec.slice(spec.indexOf('=') + 1, space < 0 ? undefined : space) || 'UTC';
    if (!isKnownTimeZone(zone))
      throw new CronScheduleError(`provided bad location ${zone}: unknown time zone ${zone}`);
    spec = space < 0 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@every ')) {
    const nanos = parseGoDurationNanos(spec.slice('@every '.length));
    // robfig rounds the delay down to whole seconds, with at least one second.
    const seconds = Number(BigInt(nanos) / 1_000_000_000n);
    return new ConstantDelaySchedule(Math.max(1, seconds) * 1000);
  }
  const descriptor = descriptors[spec];
  if (descriptor !== undefined) return new SpecSchedule(descriptor(), zone);
  const [m = '', h = '', dom = '', mon = '', dow = ''] = spec.split(/\s+/).filter((f) => f !== '');
  return new SpecSchedule(
    {
      minute: parseField(m, minutes),
      hour: parseField(h, hours),
      dom: parseField(dom, doms),
      month: parseField(mon, monthsB),
      dow: parseField(dow, dows),
    },
    zone,
  );
}
