import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  containerRestartBackoff,
  isInBackoffSince,
  nextBackoff,
  type BackoffEntry,
} from './container-backoff.js';

test('restart delays double from 10 s to the 5 minute cap', () => {
  let entry: BackoffEntry | undefined;
  const delays: number[] = [];
  let now = 0;
  for (let i = 0; i < 8; i++) {
    entry = nextBackoff(entry, now, now);
    delays.push(entry.backoffMs / 1000);
    now += entry.backoffMs;
  }
  assert.deepEqual(delays, [10, 20, 40, 80, 160, 300, 300, 300]);
});

test('an exit is in backoff until its delay passed since the exit', () => {
  const entry = nextBackoff(undefined, 0, 0);
  assert.equal(isInBackoffSince(undefined, 5000, 5000), false, 'no entry: restart at once');
  assert.equal(isInBackoffSince(entry, 5000, 5000), true);
  assert.equal(isInBackoffSince(entry, 5000, 14_999), true);
  assert.equal(isInBackoffSince(entry, 5000, 15_000), false);
});

test('an entry older than twice the cap is stale: no backoff, and the next delay starts over', () => {
  const entry: BackoffEntry = { backoffMs: 160_000, lastUpdate: 0 };
  const exit = 2 * containerRestartBackoff.maxMs + 1;
  assert.equal(isInBackoffSince(entry, exit, exit), false);
  assert.deepEqual(nextBackoff(entry, exit, exit), { backoffMs: 10_000, lastUpdate: exit });
  assert.deepEqual(nextBackoff(entry, exit - 2, exit), { backoffMs: 300_000, lastUpdate: exit });
});
