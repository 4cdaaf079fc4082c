import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteBatcher } from './write-batcher.js';

describe('WriteBatcher', () => {
  it('acknowledges a committed group only once it is durable, and drains only then', async () => {
    const syncs: { resolve: () => void; reject: (err: Error) => void }[] = [];
    const batcher = new WriteBatcher<number, number>({
      commit: (ops) => [...ops],
      weigh: () => 1,
      durable: () => new Promise<void>((resolve, reject) => syncs.push({ resolve, reject })),
    });
    let acknowledged = false;
    const first = batcher.submit(1).then((r) => ((acknowledged = true), r));
    let drained = false;
    const drain = batcher.drain().then(() => (drained = true));
    await new Promise(setImmediate);
    assert.equal(syncs.length, 1, 'the group committed and asked for durability');
    assert.equal(acknowledged, false);
    assert.equal(drained, false);
    // Writes arriving during the sync wait for it, then commit together as the next group.
    const second = [batcher.submit(2), batcher.submit(3)];
    await new Promise(setImmediate);
    assert.equal(syncs.length, 1);
    syncs[0]!.resolve();
    assert.equal(await first, 1);
    while (syncs.length < 2) await new Promise(setImmediate);
    syncs[1]!.reject(new Error('EIO'));
    for (const p of second) await assert.rejects(p, /EIO/);
    await drain;
    assert.equal(drained, true);
  });

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
