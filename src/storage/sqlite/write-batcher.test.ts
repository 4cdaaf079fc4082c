import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteBatcher } from './write-batcher.js';

describe('WriteBatcher', () => {
  it('commits writes submitted in one turn as one group, results in arrival order', async () => {
    const groups: number[][] = [];
    const batcher = new WriteBatcher<number, string>({
      commit: (ops) => {
        groups.push([...ops]);
        return ops.map((n) => `r${n}`);
      },
      weigh: () => 1,
    });
    const results = await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    assert.deepEqual(results, ['r1', 'r2', 'r3']);
    const later = await batcher.submit(4);
    assert.equal(later, 'r4');
    assert.deepEqual(groups, [[1, 2, 3], [4]]);
  });

  it('splits by count and by bytes, a single oversize op going alone', async () => {
    const groups: number[][] = [];
    const batcher = new WriteBatcher<number, number>({
      commit: (ops) => (groups.push([...ops]), [...ops]),
      weigh: (n) => n,
      maxOps: 3,
      maxBytes: 10,
    });
    await Promise.all([1, 1, 1, 1, 4, 4, 50, 1].map((n) => batcher.submit(n)));
    assert.deepEqual(groups, [[1, 1, 1], [1, 4, 4], [50], [1]]);
  });

  it('fails every write of a group whose commit throws, and carries on with the next', async () => {
    let fail = true;
    const batcher = new WriteBatcher<number, number>({
      commit: (ops) => {
        if (fail) throw new Error('disk full');
        return [...ops];
      },
      weigh: () => 1,
    });
    const first = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    assert.deepEqual(
      first.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    assert.equal(await batcher.submit(3), 3);
  });

  it('drain waits for queued writes', async () => {
    const batcher = new WriteBatcher<number, number>({ commit: (ops) => [...ops], weigh: () => 1 });
    let done = false;
    void batcher.submit(1).then(() => (done = true));
    assert.equal(batcher.pending, 1);
    await batcher.drain();
    assert.equal(done, true);
    assert.equal(batcher.pending, 0);
  });
});
