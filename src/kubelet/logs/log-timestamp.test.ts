import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareLogTimestamps,
  formatLogTimestamp,
  logTimestampFromMillis,
  parseLogTimestamp,
} from './log-timestamp.js';

describe('log timestamps', () => {
  it('parses RFC3339Nano and prints it back with nine fraction digits', () => {
    const t = parseLogTimestamp('2026-11-22T07:01:11.734573767Z')!;
    assert.equal(t.seconds, Date.parse('2026-11-22T07:01:11Z') / 1000);
    assert.equal(t.nanos, 734573767);
    assert.equal(formatLogTimestamp(t), '2026-11-22T07:01:11.734573767Z');
    assert.equal(
      formatLogTimestamp(parseLogTimestamp('2026-11-22T07:01:11.5Z')!),
      '2026-11-22T07:01:11.500000000Z',
    );
    assert.equal(
      formatLogTimestamp(parseLogTimestamp('2026-11-22T07:01:11Z')!),
      '2026-11-22T07:01:11.000000000Z',
    );
  });

  it('keeps the zone the line was written in, as Go formats a parsed time', () => {
    const t = parseLogTimestamp('2026-01-02T03:04:05.000000001+02:30')!;
    assert.equal(t.seconds, Date.parse('2026-01-02T00:34:05Z') / 1000);
    assert.equal(formatLogTimestamp(t), '2026-01-02T03:04:05.000000001+02:30');
    assert.equal(
      formatLogTimestamp(parseLogTimestamp('2026-01-02T03:04:05-07:00')!),
      '2026-01-02T03:04:05.000000000-07:00',
    );
    assert.equal(
      formatLogTimestamp(parseLogTimestamp('2026-01-02T03:04:05+00:00')!),
      '2026-01-02T03:04:05.000000000Z',
    );
  });

  it('rejects what Go rejects', () => {
    // Primed with a valid time of the same second, so the same-second shortcut is exercised too.
    parseLogTimestamp('2026-11-22T07:01:11.5Z');
    for (const bad of [
      '2026-11-22T07:01:11.Z',
      '2026-11-22T07:01:11.1Zjunk',
      '2026-11-22T07:01:11.5+01:00x',
      '2026-11-22 07:01:11Z',
      '2026-11-22T07:01:11',
      '2026-11-22T07:01:11.1234567890Z',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      'stdout',
    ])
      assert.equal(parseLogTimestamp(bad), undefined, bad);
  });

  it('compares to the nanosecond', () => {
    const a = parseLogTimestamp('2026-01-01T00:00:00.000000001Z')!;
    const b = parseLogTimestamp('2026-01-01T00:00:00.000000002Z')!;
    const c = parseLogTimestamp('2026-01-01T01:00:00.000000001+01:00')!;
    assert.ok(compareLogTimestamps(a, b) < 0);
    assert.ok(compareLogTimestamps(b, a) > 0);
    assert.equal(compareLogTimestamps(a, c), 0);
    const ms = logTimestampFromMillis(Date.parse('2026-01-01T00:00:00.123Z'));
    assert.equal(formatLogTimestamp(ms), '2026-01-01T00:00:00.123000000Z');
  });
});
