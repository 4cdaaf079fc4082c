import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CronScheduleError, parseCronSchedule } from './cron-schedule.js';
import { formatRfc1123zUtc, formatRfc3339InZone, zonedDate } from './zoned-time.js';

const at = (iso: string) => Date.parse(iso);
const next = (schedule: string, from: string, zone = 'UTC') => {
  const t = parseCronSchedule(schedule, zone).next(at(from));
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('cron schedules', () => {
  const cases: [string, string, string | undefined][] = [
    ['*/15 * * * *', '2026-01-01T10:07:30Z', '2026-01-01T10:15:00.000Z'],
    ['*/15 * * * *', '2026-01-01T10:15:00Z', '2026-01-01T10:30:00.000Z'],
    ['0 * * * *', '2026-01-01T10:59:59.500Z', '2026-01-01T11:00:00.000Z'],
    ['@hourly', '2026-01-01T10:15:00Z', '2026-01-01T11:00:00.000Z'],
    ['@daily', '2026-01-01T10:15:00Z', '2026-01-02T00:00:00.000Z'],
    ['@weekly', '2026-01-01T10:15:00Z', '2026-01-04T00:00:00.000Z'],
    ['@monthly', '2026-01-15T00:00:00Z', '2026-02-01T00:00:00.000Z'],
    ['@yearly', '2026-01-15T00:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['30 9 * * mon-fri', '2026-01-02T10:00:00Z', '2026-01-05T09:30:00.000Z'],
    ['0 0 1 jan,jul *', '2026-01-02T00:00:00Z', '2026-07-01T00:00:00.000Z'],
    // Both day fields restricted: either matches (Friday the 2nd comes before the 13th).
    ['0 0 13 * 5', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00.000Z'],
    // A starred day-of-week makes it an AND: only the 13th.
    ['0 0 13 * *', '2026-01-01T00:00:00Z', '2026-01-13T00:00:00.000Z'],
    // "*/2" is not a star (its step clears robfig's star bit): odd days OR Saturdays.
    ['0 0 */2 * 6', '2026-01-01T12:00:00Z', '2026-01-03T00:00:00.000Z'],
    ['5/20 * * * *', '2026-01-01T10:30:00Z', '2026-01-01T10:45:00.000Z'],
    ['0 0 30 2 *', '2026-01-01T00:00:00Z', undefined],
    ['@every 90s', '2026-01-01T10:00:00.700Z', '2026-01-01T10:01:30.000Z'],
    ['@every 500ms', '2026-01-01T10:00:00Z', '2026-01-01T10:00:01.000Z'],
  ];
  for (const [schedule, from, expected] of cases)
    it(`${schedule} after ${from}`, () => assert.equal(next(schedule, from), expected));

  it('runs in spec.timeZone via the TZ= prefix, or in the default zone', () => {
    assert.equal(next('TZ=Asia/Tokyo 0 9 * * *', '2026-01-01T01:00:00Z'), '2026-01-02T00:00:00.000Z');
    assert.equal(next('0 9 * * *', '2026-01-01T01:00:00Z', 'Asia/Tokyo'), '2026-01-02T00:00:00.000Z');
    assert.equal(
      next('CRON_TZ=America/New_York 0 9 * * *', '2026-01-01T00:00:00Z'),
      '2026-01-01T14:00:00.000Z',
    );
  });

  it('skips a wall time that the spring DST change removes, as robfig does', () => {
    // 2026-03-08 02:30 does not exist in New York: the next run is the 9th.
    assert.equal(next('30 2 * * *', '2026-03-07T12:00:00Z', 'America/New_York'), '2026-03-09T06:30:00.000Z');
  });

  it('runs at the first 01:30 when autumn repeats it', () => {
    assert.equal(next('30 1 * * *', '2026-10-31T12:00:00Z', 'America/New_York'), '2026-11-01T05:30:00.000Z');
  });

  it('reports robfig errors', () => {
    assert.throws(
      () => parseCronSchedule('61 * * * *'),
      new CronScheduleError('end of range (61) above maximum (59): 61'),
    );
    assert.throws(() => parseCronSchedule('* * * *'), /expected exactly 5 fields, found 4/);
    assert.throws(() => parseCronSchedule('TZ=Nowhere/City * * * * *'), /unknown time zone Nowhere\/City/);
  });
});

describe('zoned time', () => {
  it('renders RFC 3339 in a zone as Go does', () => {
    assert.equal(formatRfc3339InZone(at('2026-01-01T00:00:00Z'), 'Asia/Tokyo'), '2026-01-01T09:00:00+09:00');
    assert.equal(formatRfc3339InZone(at('2026-01-01T00:00:00Z'), 'UTC'), '2026-01-01T00:00:00Z');
    assert.equal(
      formatRfc3339InZone(at('2026-07-01T12:00:00Z'), 'America/New_York'),
      '2026-07-01T08:00:00-04:00',
    );
    assert.equal(
      formatRfc3339InZone(at('2026-01-01T00:00:00Z'), 'Asia/Kolkata'),
      '2026-01-01T05:30:00+05:30',
    );
    assert.equal(formatRfc1123zUtc(at('2026-01-02T15:04:05Z')), 'Fri, 02 Jan 2026 15:04:05 +0000');
  });

  it('normalizes wall times like time.Date', () => {
    assert.equal(new Date(zonedDate('UTC', 2026, 13, 1)).toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal(new Date(zonedDate('Asia/Tokyo', 2026, 1, 1, 9)).toISOString(), '2026-01-01T00:00:00.000Z');
  });
});
