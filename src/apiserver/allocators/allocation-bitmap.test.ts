import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AllocationBitmap } from './allocation-bitmap.js';

test('set, clear and count track the bits', () => {
  const bitmap = new AllocationBitmap(20);
  assert.equal(bitmap.set(3), true);
  assert.equal(bitmap.set(3), false);
  assert.equal(bitmap.set(19), true);
  assert.equal(bitmap.count, 2);
  assert.equal(bitmap.free, 18);
  assert.deepEqual([...bitmap.offsets()], [3, 19]);
  assert.equal(bitmap.clear(3), true);
  assert.equal(bitmap.clear(3), false);
  assert.equal(bitmap.has(3), false);
  assert.equal(bitmap.has(19), true);
  assert.equal(bitmap.has(20), false);
  assert.throws(() => bitmap.set(20), RangeError);
  assert.throws(() => bitmap.set(-1), RangeError);
});

test('bytes are big-endian integer bytes without leading zeros, like Go big.Int.Bytes', () => {
  const bitmap = new AllocationBitmap(100);
  assert.deepEqual([...bitmap.toBytes()], []);
  bitmap.set(0);
  bitmap.set(9);
  assert.deepEqual([...bitmap.toBytes()], [0x02, 0x01]);
  bitmap.set(99);
  const bytes = bitmap.toBytes();
  assert.equal(bytes.length, 13);
  assert.equal(bytes[0], 0x08);
  const back = AllocationBitmap.fromBytes(100, bytes);
  assert.ok(back.equals(bitmap));
  assert.equal(back.count, 3);
});

test('fromBytes drops bits beyond the size', () => {
  const bitmap = AllocationBitmap.fromBytes(4, new Uint8Array([0x01, 0xff]));
  assert.deepEqual([...bitmap.offsets()], [0, 1, 2, 3]);
  assert.equal(bitmap.count, 4);
});

test('clone is independent and equals compares content', () => {
  const a = new AllocationBitmap(10);
  a.set(1);
  const b = a.clone();
  assert.ok(a.equals(b));
  b.set(2);
  assert.equal(a.has(2), false);
  assert.equal(a.equals(b), false);
  assert.equal(new AllocationBitmap(10).equals(new AllocationBitmap(11)), false);
});
