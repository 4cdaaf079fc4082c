import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  addQuantity,
  formatQuantity,
  intQuantity,
  parseQuantityValue,
  roundUpQuantity,
  zeroQuantity,
} from './infra-quantity.js';

const q = (text: string) => {
  const parsed = parseQuantityValue(text);
  assert.ok(parsed, text);
  return parsed;
};
const sum = (...texts: string[]) =>
  formatQuantity(texts.map(q).reduce((a, b) => addQuantity(a, b), zeroQuantity()));

it('adds quantities and prints them the way upstream does', () => {
  assert.equal(sum('100m', '200m'), '300m');
  assert.equal(sum('500m', '1'), '1500m');
  assert.equal(sum('1Gi', '512Mi'), '1536Mi');
  assert.equal(sum('1Gi', '1Gi'), '2Gi');
  // The first non-zero operand decides the format.
  assert.equal(sum('1G', '1Gi'), '2073741824');
  assert.equal(sum('1500Mi'), '1500Mi');
  assert.equal(sum('1000Ki'), '1000Ki');
  assert.equal(sum('1.5Gi'), '1536Mi');
  assert.equal(sum('100Mi', '0.5'), '104857600500m');
  assert.equal(sum('1e3'), '1e3');
  assert.equal(formatQuantity(intQuantity(2000)), '2k');
  assert.equal(formatQuantity(intQuantity(0)), '0');
  assert.equal(formatQuantity(zeroQuantity()), '0');
  assert.equal(formatQuantity(roundUpQuantity(q('1500m'))), '2');
  assert.equal(sum('1023'), '1023');
});
