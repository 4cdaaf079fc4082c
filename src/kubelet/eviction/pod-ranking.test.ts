import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { rankerFor, rankMemoryPressure } from './pod-ranking.js';
import type { PodUsage } from './stats-provider.js';

const mi = 1024 * 1024;
const pod = (uid: string, memoryRequest?: string, priority?: number, volumes: Volume[] = []): Pod => ({
  metadata: { name: uid, uid },
  spec: {
    containers: [
      {
        name: 'c',
        image: 'x',
        ...(memoryRequest ? { resources: { requests: { memory: memoryRequest } } } : {}),
      },
    ],
    ...(priority !== undefined ? { priority } : {}),
    volumes,
  },
});
const names = (pods: Pod[]) => pods.map((p) => p.metadata?.uid);

describe('pod ranking', () => {
  it('puts pods without stats first, then those over their memory request, by priority, then by overage', () => {
    const stats = new Map<string, PodUsage>([
      ['under', { uid: 'under', memoryWorkingSetBytes: 50 * mi, containers: [] }],
      ['over-small', { uid: 'over-small', memoryWorkingSetBytes: 120 * mi, containers: [] }],
      ['over-big', { uid: 'over-big', memoryWorkingSetBytes: 400 * mi, containers: [] }],
      ['over-important', { uid: 'over-important', memoryWorkingSetBytes: 900 * mi, containers: [] }],
    ]);
    const pods = [
      pod('under', '100Mi'),
      pod('over-important', '100Mi', 100),
      pod('over-small', '100Mi'),
      pod('unknown', '100Mi'),
      pod('over-big', '100Mi'),
    ];
    rankMemoryPressure(pods, (p) => stats.get(p.metadata?.uid ?? ''));
    assert.deepEqual(names(pods), ['unknown', 'over-big', 'over-small', 'over-important', 'under']);
  });

  it('weighs writable layers for imagefs and logs plus local volumes for nodefs with a dedicated imagefs', () => {
    const stats = new Map<string, PodUsage>([
      ['layers', { uid: 'layers', containers: [{ name: 'c', rootfsUsedBytes: 900 * mi, logsUsedBytes: 0 }] }],
      [
        'volumes',
        {
          uid: 'volumes',
          containers: [{ name: 'c', rootfsUsedBytes: 0, logsUsedBytes: mi }],
          volumes: [{ name: 'tmp', usedBytes: 500 * mi }],
        },
      ],
    ]);
    const lookup = (p: Pod) => stats.get(p.metadata?.uid ?? '');
    const mk = () => [pod('layers'), pod('volumes', undefined, undefined, [{ name: 'tmp', emptyDir: {} }])];
    let pods = mk();
    rankerFor('imagefs.available', true)(pods, lookup);
    assert.deepEqual(names(pods), ['layers', 'volumes']);
    pods = mk();
    rankerFor('nodefs.available', true)(pods, lookup);
    assert.deepEqual(names(pods), ['volumes', 'layers']);
    // One shared filesystem: everything counts.
    pods = mk();
    rankerFor('nodefs.available', false)(pods, lookup);
    assert.deepEqual(names(pods), ['layers', 'volumes']);
  });
});
