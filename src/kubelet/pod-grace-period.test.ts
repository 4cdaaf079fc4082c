import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { effectiveGracePeriod } from './pod-grace-period.js';

const pod = (spec?: number): Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [], ...(spec !== undefined ? { terminationGracePeriodSeconds: spec } : {}) },
});

test('the grace period follows calculateEffectiveGracePeriod', () => {
  const cases: [string, Pod, Parameters<typeof effectiveGracePeriod>[1], number, boolean][] = [
    ['nobody asked: the spec', pod(30), { current: 0 }, 30, false],
    ['no spec either: 1 s', pod(), { current: 0 }, 1, false],
    ['the API shortens the spec', pod(30), { current: 0, apiSeconds: 5 }, 5, false],
    [
      'a graceful API value longer than the spec is the API value',
      pod(3),
      { current: 0, apiSeconds: 10 },
      10,
      false,
    ],
    ['force deletion: the minimum, not the spec', pod(30), { current: 0, apiSeconds: 0 }, 1, false],
    ['eviction override', pod(30), { current: 0, overrideSeconds: 0 }, 1, false],
    [
      'soft eviction override shorter than the API',
      pod(30),
      { current: 0, apiSeconds: 20, overrideSeconds: 7 },
      7,
      false,
    ],
    ['only shrinks once started', pod(30), { current: 5, apiSeconds: 30 }, 5, false],
    ['force deletion during a graceful one shortens it', pod(30), { current: 30, apiSeconds: 0 }, 1, true],
  ];
  for (const [name, p, request, seconds, shortened] of cases)
    assert.deepEqual(effectiveGracePeriod(p, request), { seconds, shortened }, name);
});
