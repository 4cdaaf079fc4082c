import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../../api/object.js';
import { GoSlice, goSliceStable } from './smp-go-slice.js';

describe('GoSlice', () => {
  it('deletes and appends through the shared array until it outgrows it', () => {
    const live: JsonValue[] = ['A', 'B', 'S'];
    const s = new GoSlice(live);
    s.removeAt(1);
    assert.deepEqual(live, ['A', 'S', 'S'], 'the tail shifted left, the last slot is stale');
    s.append('C');
    assert.deepEqual(live, ['A', 'S', 'C'], 'the append reused the freed slot');
    s.append('D');
    assert.deepEqual(live, ['A', 'S', 'C'], 'a full slice copies before appending');
    assert.deepEqual(s.toArray(), ['A', 'S', 'C', 'D']);
    s.set(0, 'Z');
    assert.deepEqual(live, ['A', 'S', 'C']);
    assert.equal(s.at(0), 'Z');
    assert.equal(s.length, 4);
  });
});

describe('goSliceStable', () => {
  it('sorts stably for a consistent comparison, across block sizes', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [0, 1, 2, 19, 20, 21, 40, 41, 100, 257]) {
      const items = Array.from({ length: n }, (_, i) => ({ key: Math.floor(random() * 10), i }));
      const sorted = [...items];
      goSliceStable(
        sorted,
        (a, b) => (sorted[a] as { key: number }).key < (sorted[b] as { key: number }).key,
      );
      const expected = [...items].sort((a, b) => a.key - b.key || a.i - b.i);
      assert.deepEqual(sorted, expected, `n=${n}`);
    }
  });

  it("follows Go's insertion sort for a comparison that always answers true", () => {
    // Within one block of 20 each element is swapped all the way to the front: a reversal.
    const a = ['a', 'b', 'c', 'd'];
    goSliceStable(a, () => true);
    assert.deepEqual(a, ['d', 'c', 'b', 'a']);
  });
});
