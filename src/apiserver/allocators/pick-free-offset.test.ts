import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AllocationBitmap } from './allocation-bitmap.js';
import {
  nodePortStaticBand,
  pickFreeOffset,
  serviceIpStaticBand,
  staticBandSize,
} from './pick-free-offset.js';

test('static band sizes follow upstream min(max(min, size/step), max)', () => {
  assert.equal(staticBandSize(2 ** 16, serviceIpStaticBand), 256);
  assert.equal(staticBandSize(256, serviceIpStaticBand), 16);
  assert.equal(staticBandSize(32, serviceIpStaticBand), 16);
  assert.equal(staticBandSize(16, serviceIpStaticBand), 0);
  assert.equal(staticBandSize(2768, nodePortStaticBand), 86);
  assert.equal(staticBandSize(100, nodePortStaticBand), 16);
  assert.equal(staticBandSize(65535, nodePortStaticBand), 128);
  assert.equal(staticBandSize(10, nodePortStaticBand), 0);
});

test('dynamic picks stay above the band until it is the only space left', () => {
  const bitmap = new AllocationBitmap(40);
  const picks: number[] = [];
  for (let i = 0; i < 30; i++) {
    const offset = pickFreeOffset(bitmap, 10, Math.random);
    assert.notEqual(offset, undefined);
    bitmap.set(offset!);
    picks.push(offset!);
  }
  assert.ok(picks.every((o) => o >= 10));
  for (let i = 0; i < 10; i++) {
    const offset = pickFreeOffset(bitmap, 10, Math.random)!;
    assert.ok(offset < 10);
    bitmap.set(offset);
  }
  assert.equal(pickFreeOffset(bitmap, 10, Math.random), undefined);
});

test('the scan starts at the random point and wraps around', () => {
  const bitmap = new AllocationBitmap(8);
  bitmap.set(6);
  bitmap.set(7);
  assert.equal(
    pickFreeOffset(bitmap, 0, () => 0.99),
    0,
  );
  assert.equal(
    pickFreeOffset(bitmap, 0, () => 0.5),
    4,
  );
  assert.equal(
    pickFreeOffset(bitmap, 2, () => 0),
    2,
  );
});
