import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newQueuedPodInfo } from '../../framework/queued-pod-info.js';
import { makePod, podInfo } from '../../testing/fixtures.js';
import { priorityLess } from './priority-sort.js';

describe('PrioritySort', () => {
  const q = (priority: number | undefined, timestamp: number) =>
    newQueuedPodInfo(podInfo(makePod(priority === undefined ? {} : { priority })), timestamp);
  const cases = [
    { name: 'higher priority first', a: q(10, 2), b: q(5, 1), want: true },
    { name: 'lower priority later', a: q(5, 1), b: q(10, 2), want: false },
    { name: 'equal priority: earlier timestamp first', a: q(5, 1), b: q(5, 2), want: true },
    { name: 'equal priority and timestamp: not less', a: q(5, 1), b: q(5, 1), want: false },
    { name: 'unset priority counts as 0', a: q(undefined, 1), b: q(-1, 0), want: true },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(priorityLess(tc.a, tc.b), tc.want));
});
