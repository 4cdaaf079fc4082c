import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration, isRfc3339, parseTimestamp, translateTimestampSince } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

test('humanDuration follows the age rules across every boundary', () => {
  const cases: [number, string][] = [
    [-2 * s, '<invalid>'],
    [-1999, '0s'], // truncates to -1s: tolerated clock skew
    [-1 * s, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    [59 * s, '59s'],
    [60 * s, '60s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [121 * s, '2m1s'],
    [5 * m + 30 * s, '5m30s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [4 * h + 30 * m + 59 * s, '4h30m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 59 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [49 * h, '2d1h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [8 * d + 23 * h, '8d'],
    [2 * y - 1 * h, '729d'],
    [2 * y, '2y'],
    [2 * y + 1 * d, '2y1d'],
    [3 * y + 12 * d + 5 * h, '3y12d'],
    [8 * y - 1 * h, '7y364d'],
    [8 * y, '8y'],
    [9 * y + 100 * d, '9y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `humanDuration(${ms})`);
});

test('translateTimestampSince ages a timestamp and reports missing or zero ones as unknown', () => {
  const now = new Date('2025-01-01T12:00:00Z');
  assert.equal(translateTimestampSince('2025-01-01T11:55:00Z', now), '5m');
  assert.equal(translateTimestampSince('2025-01-01T11:54:29.5Z', now), '5m30s');
  assert.equal(translateTimestampSince('2024-12-29T12:00:00Z', now), '3d');
  assert.equal(translateTimestampSince('2025-01-01T12:00:01Z', now), '0s');
  assert.equal(translateTimestampSince('2025-01-01T12:00:05Z', now), '<invalid>');
  assert.equal(translateTimestampSince('2025-01-01T13:00:00+01:00', now), '0s');
  assert.equal(translateTimestampSince(undefined, now), '<unknown>');
  assert.equal(translateTimestampSince('', now), '<unknown>');
  assert.equal(translateTimestampSince('0001-01-01T00:00:00Z', now), '<unknown>');
});

test('parseTimestamp accepts RFC 3339 (micro-time included) and nothing looser', () => {
  assert.equal(parseTimestamp('2025-01-01T00:00:00.123456Z'), Date.parse('2025-01-01T00:00:00.123Z'));
  assert.equal(parseTimestamp('2025-01-01'), undefined);
  assert.equal(parseTimestamp(42), undefined);
  assert.equal(isRfc3339('2025-01-01T00:00:00-07:00'), true);
  assert.equal(isRfc3339('Jan 1 2025'), false);
});
