import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  podGenerateNameWithIndex,
} from './completion-index.js';
import {
  formatIntervals,
  hasIndex,
  mergeIntervals,
  parseIntervals,
  totalIndexes,
  withIndexes,
} from './ordered-intervals.js';
import { matchSucceededIndexesRule, matchSuccessPolicy } from './success-policy.js';

const indexed = (ix: number | undefined, name = `p${ix}`, ready = false): Pod => ({
  metadata: {
    name,
    ...(ix !== undefined ? { annotations: { 'batch.kubernetes.io/job-completion-index': String(ix) } } : {}),
  },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('completed index intervals', () => {
  it('formats as upstream: pairs with a comma, runs with a hyphen', () => {
    assert.equal(formatIntervals(withIndexes([], [1, 3, 4, 5, 7, 9, 10])), '1,3-5,7,9,10');
    assert.equal(formatIntervals([]), '');
  });

  it('parses, clipping to completions and skipping corrupt parts', () => {
    assert.deepEqual(parseIntervals('1,3-5,7', 10), [
      { first: 1, last: 1 },
      { first: 3, last: 5 },
      { first: 7, last: 7 },
    ]);
    assert.deepEqual(parseIntervals('0-8', 4), [{ first: 0, last: 3 }]);
    assert.deepEqual(parseIntervals('2,x,3,9', 5), [{ first: 2, last: 3 }]);
  });

  it('merges, counts and searches', () => {
    const merged = mergeIntervals(parseIntervals('1-2,6', 10), parseIntervals('3,8-9', 10));
    assert.equal(formatIntervals(merged), '1-3,6,8,9');
    assert.equal(totalIndexes(merged), 6);
    assert.ok(hasIndex(merged, 3) && hasIndex(merged, 9) && !hasIndex(merged, 7) && !hasIndex(merged, 0));
  });
});

describe('pending and duplicate indexes', () => {
  it('picks the lowest indexes nobody runs, succeeded or failed', () => {
    assert.deepEqual(
      firstPendingIndexes({
        count: 3,
        completions: 8,
        activePods: [indexed(1)],
        succeeded: parseIntervals('0,3', 8),
        failed: parseIntervals('4', 8),
      }),
      [2, 5, 6],
    );
    assert.deepEqual(
      firstPendingIndexes({ count: 5, completions: 3, activePods: [], succeeded: [] }),
      [0, 1, 2],
    );
    assert.deepEqual(
      firstPendingIndexes({
        count: 2,
        completions: 4,
        activePods: [],
        terminatingPods: [indexed(0)],
        succeeded: [],
      }),
      [1, 2],
    );
  });

  it('removes pods without an index, out of range, and all but one per repeated index', () => {
    const keep = indexed(1, 'ready', true);
    const { remove, left } = duplicatedIndexPodsForRemoval(
      [indexed(undefined, 'none'), indexed(1, 'dup'), keep, indexed(0), indexed(5, 'big')],
      3,
    );
    assert.deepEqual(remove.map((p) => p.metadata?.name).sort(), ['big', 'dup', 'none']);
    assert.deepEqual(
      left.map((p) => p.metadata?.name),
      ['p0', 'ready'],
    );
  });

  it('cuts long Job names so generated pod names fit', () => {
    assert.equal(podGenerateNameWithIndex('job', 7), 'job-7-');
    const long = podGenerateNameWithIndex('x'.repeat(60), 12);
    assert.equal(long.length, 58);
    assert.ok(long.endsWith('-12-'));
  });
});

describe('successPolicy', () => {
  const succeeded = parseIntervals('0-2,5', 10);
  it('matches succeededIndexes fully or by count', () => {
    assert.ok(matchSucceededIndexesRule(parseIntervals('1-2', 10), succeeded, undefined));
    assert.ok(!matchSucceededIndexesRule(parseIntervals('2-4', 10), succeeded, undefined));
    assert.ok(matchSucceededIndexesRule(parseIntervals('2-6', 10), succeeded, 2));
  });
  it('reports the first rule that holds', () => {
    assert.equal(
      matchSuccessPolicy({ rules: [{ succeededIndexes: '7' }, { succeededCount: 4 }] }, 10, succeeded),
      'Matched rules at index 1',
    );
    assert.equal(matchSuccessPolicy({ rules: [{ succeededCount: 5 }] }, 10, succeeded), undefined);
    assert.equal(matchSuccessPolicy({ rules: [{ succeededCount: 1 }] }, 10, []), undefined);
  });
});
