import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSampleValue } from './format-sample-value.js';

test('values are written like Go strconv.FormatFloat(v, "g", -1, 64)', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [1, '1'],
    [42, '42'],
    [-3, '-3'],
    [0.1 + 0.2, '0.30000000000000004'],
    [123456, '123456'],
    [999999, '999999'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [-2.5e6, '-2.5e+06'],
    [1.71234567e9, '1.71234567e+09'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [0.005, '0.005'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ];
  for (const [value, text] of cases) assert.equal(formatSampleValue(value), text, String(value));
});
