import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMicroTime, formatRfc3339, parseRfc3339 } from './rfc3339.js';

describe('formatRfc3339', () => {
  const cases: [Date | number, string][] = [
    [new Date('2025-01-01T00:00:00.000Z'), '2025-01-01T00:00:00Z'],
    [new Date('2025-06-30T23:59:59.999Z'), '2025-06-30T23:59:59Z'],
    [Date.UTC(1999, 11, 31, 1, 2, 3, 400), '1999-12-31T01:02:03Z'],
    [0, '1970-01-01T00:00:00Z'],
    [new Date('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00Z'],
  ];
  for (const [input, text] of cases) {
    it(`formats ${text}`, () => assert.equal(formatRfc3339(input), text));
  }

  it('rejects times Go cannot marshal', () => {
    assert.throws(() => formatRfc3339(new Date(Number.NaN)), RangeError);
    assert.throws(() => formatRfc3339(new Date('+010000-01-01T00:00:00Z')), RangeError);
  });
});

describe('formatMicroTime', () => {
  it('always writes six fractional digits', () => {
    assert.equal(formatMicroTime(new Date('2025-01-01T00:00:00Z')), '2025-01-01T00:00:00.000000Z');
    assert.equal(formatMicroTime(Date.UTC(2025, 0, 2, 3, 4, 5, 67)), '2025-01-02T03:04:05.067000Z');
    assert.equal(formatMicroTime(Date.UTC(2025, 0, 2, 3, 4, 5, 67), 89), '2025-01-02T03:04:05.067089Z');
  });

  it('rejects out-of-range extra microseconds', () => {
    assert.throws(() => formatMicroTime(0, 1000), RangeError);
    assert.throws(() => formatMicroTime(0, 1.5), RangeError);
  });
});

describe('parseRfc3339', () => {
  const valid: [string, string][] = [
    ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00.000Z'],
    ['2025-01-01T00:00:00.123456Z', '2025-01-01T00:00:00.123Z'],
    ['2025-01-01T00:00:00.5Z', '2025-01-01T00:00:00.500Z'],
    ['2025-01-01T02:00:00+02:00', '2025-01-01T00:00:00.000Z'],
    ['2024-12-31T19:30:00-04:30', '2025-01-01T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ];
  for (const [text, iso] of valid) {
    it(`parses ${text}`, () => assert.equal(parseRfc3339(text).toISOString(), iso));
  }

  for (const text of [
    '',
    '2025-01-01',
    '2025-01-01 00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2025-01-01T24:00:00Z',
    '2025-01-01T00:00:00',
    '2025-01-01T00:00:00.Z',
  ]) {
    it(`rejects ${JSON.stringify(text)}`, () => assert.throws(() => parseRfc3339(text), RangeError));
  }

  it('round-trips formatRfc3339', () => {
    const t = Date.UTC(2030, 4, 6, 7, 8, 9);
    assert.equal(parseRfc3339(formatRfc3339(t)).getTime(), t);
  });
});
