import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../base/clock.js';
import { parseThresholdConfig } from './eviction/threshold-config.js';
import { evictedStatus, evictionReservations, evictPodFunction } from './kubelet-eviction.js';
import { defaultReservations } from './machine-info.js';
import type { KillRequest } from './pod-workers.js';

const gi = 1024 ** 3;

test('an evicted pod ends Failed/Evicted with the DisruptionTarget condition', () => {
  const status = evictedStatus(
    { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', lastProbeTime: null }] },
    {
      message: 'The node was low on resource: memory. ',
      condition: { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message: 'm' },
    },
    Date.parse('2026-01-01T00:00:00Z'),
  );
  assert.deepEqual(
    [status.phase, status.reason, status.message],
    ['Failed', 'Evicted', 'The node was low on resource: memory. '],
  );
  assert.deepEqual(status.conditions[1], {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: '2026-01-01T00:00:00Z',
    reason: 'TerminationByKubelet',
    message: 'm',
  });
});

test('evictPod records the event, kills with the grace period and gives up after 10 s', async () => {
  const clock = new FakeClock();
  const asked: KillRequest[] = [];
  const events: string[] = [];
  const evict = evictPodFunction({
    kill: (_uid, request) => {
      asked.push(request);
      return new Promise(() => {});
    },
    recordEvicted: (_pod, annotations, message) => events.push(`${message}|${JSON.stringify(annotations)}`),
    clock,
  });
  const done = evict({
    pod: { metadata: { name: 'p', namespace: 'd', uid: 'u' } },
    gracePeriodSeconds: 1,
    reason: 'Evicted',
    message: 'low',
    eventAnnotations: { offending_containers: 'c' },
  });
  const failed = assert.rejects(done, /timeout waiting to kill pod d\/p/);
  await clock.advance(10_000);
  await failed;
  assert.deepEqual(events, ['low|{"offending_containers":"c"}']);
  assert.equal(asked[0]?.gracePeriodSeconds, 1);
});

test('hard thresholds reserve their share of node allocatable', () => {
  const facts = { cpus: 2, memoryBytes: 8 * gi, storageBytes: 100 * gi };
  const defaults = evictionReservations(parseThresholdConfig(), facts, defaultReservations);
  assert.equal(defaults.evictionMemoryBytes, 100 * 1024 * 1024);
  assert.ok(Math.abs(defaults.evictionNodefsFraction - 0.1) < 1e-6);
  const custom = evictionReservations(
    parseThresholdConfig({ evictionHard: { 'memory.available': '10%', 'nodefs.available': '10Gi' } }),
    facts,
    defaultReservations,
  );
  assert.equal(custom.evictionMemoryBytes, Math.floor(Math.fround(0.1) * 8 * gi));
  assert.ok(Math.abs(custom.evictionNodefsFraction - 0.1) < 1e-9);
  assert.equal(evictionReservations([], facts, defaultReservations).evictionMemoryBytes, 0);
});
