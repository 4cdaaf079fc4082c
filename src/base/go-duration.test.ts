import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatGoDuration,
  formatGoDurationNanos,
  GoDurationError,
  parseGoDuration,
  parseGoDurationNanos,
} from './go-duration.js';

describe('parseGoDuration', () => {
  const valid: [string, number][] = [
    ['0', 0],
    ['-0', 0],
    ['+0', 0],
    ['32s', 32_000],
    ['5m54s', 354_000],
    ['1h2m3.5s', 3_723_500],
    ['300ms', 300],
    ['-1.5h', -5_400_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['5.s', 5_000],
    ['1us', 0.001],
    ['1\u00b5s', 0.001],
    ['1\u03bcs', 0.001],
    ['100ns', 0.0001],
    ['1h1h', 7_200_000],
    ['0s', 0],
    ['0.000000001s', 0.000001],
    ['+5m', 300_000],
  ];
  for (const [text, ms] of valid) {
    it(`parses ${JSON.stringify(text)}`, () => {
      assert.equal(parseGoDuration(text), ms);
    });
  }

  const invalid: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['.s', 'time: invalid duration ".s"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1h5', 'time: missing unit in duration "1h5"'],
    ['5x', 'time: unknown unit "x" in duration "5x"'],
    ['5 s', 'time: unknown unit " s" in duration "5 s"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['1é', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
    ['1"s', 'time: unknown unit "\\"s" in duration "1\\"s"'],
  ];
  for (const [text, message] of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parseGoDuration(text),
        (err: unknown) => {
          assert.ok(err instanceof GoDurationError);
          assert.equal(err.message, message);
          return true;
        },
      );
    });
  }

  it('keeps the int64 limits exactly', () => {
    assert.equal(parseGoDurationNanos('9223372036854775807ns'), 9223372036854775807n);
    assert.equal(parseGoDurationNanos('-9223372036854775808ns'), -9223372036854775808n);
    assert.equal(parseGoDurationNanos('2562047h47m16.854775807s'), 9223372036854775807n);
  });
});

describe('formatGoDuration', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1_100n, '1.1\u00b5s'],
    [2_200_000n, '2.2ms'],
    [300_000_000n, '300ms'],
    [32_000_000_000n, '32s'],
    [354_000_000_000n, '5m54s'],
    [3_723_500_000_000n, '1h2m3.5s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-5_400_000_000_000n, '-1h30m0s'],
  ];
  for (const [nanos, text] of cases) {
    it(`formats ${nanos}ns as ${text} and parses it back`, () => {
      assert.equal(formatGoDurationNanos(nanos), text);
      assert.equal(parseGoDurationNanos(text), nanos);
    });
  }

  it('formats milliseconds', () => {
    assert.equal(formatGoDuration(354_000), '5m54s');
    assert.equal(formatGoDuration(1.5), '1.5ms');
  });
});
