import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCompactedRevision } from './compaction-probe.js';

/** A fake etcd compacted at `compacted`, counting the reads the search makes. */
function etcdCompactedAt(compacted: number): {
  readableAt: (rev: number) => Promise<boolean>;
  reads: () => number;
} {
  let reads = 0;
  return {
    readableAt: async (rev) => {
      reads++;
      return rev >= compacted;
    },
    reads: () => reads,
  };
}

describe('findCompactedRevision', () => {
  for (const [compacted, known, current, want] of [
    [0, 0, 1, 0],
    [0, 0, 100, 0],
    [1, 0, 100, 0],
    [2, 0, 100, 2],
    [57, 0, 100, 57],
    [100, 0, 100, 100],
    [57, 57, 100, 57],
    [80, 57, 100, 80],
    [99, 1, 100, 99],
  ] as const) {
    it(`finds ${want} when etcd compacted at ${compacted} (known ${known}, current ${current})`, async () => {
      const fake = etcdCompactedAt(compacted);
      assert.equal(await findCompactedRevision(fake.readableAt, known, current), want);
      assert.ok(fake.reads() <= 1 + Math.ceil(Math.log2(current)), `${fake.reads()} reads`);
    });
  }

  it('needs one read when nothing was compacted since the known point', async () => {
    const fake = etcdCompactedAt(40);
    assert.equal(await findCompactedRevision(fake.readableAt, 40, 1_000_000), 40);
    assert.equal(fake.reads(), 1);
  });
});
