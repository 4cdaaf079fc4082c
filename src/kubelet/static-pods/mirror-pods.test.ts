import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isMirrorPodOf, orphanedMirrorPods } from './mirror-pods.js';
import { isCriticalPod, isMirrorPod, isStaticPod, podFullName } from './pod-source.js';

const staticPod = (name: string, hash: string): Pod => ({
  metadata: {
    name,
    namespace: 'kube-system',
    uid: hash,
    annotations: { 'kubernetes.io/config.hash': hash, 'kubernetes.io/config.source': 'file' },
  },
});
const mirrorOf = (p: Pod, extra: Partial<NonNullable<Pod['metadata']>> = {}): Pod => ({
  metadata: {
    ...p.metadata,
    uid: 'api-uid',
    annotations: { ...p.metadata?.annotations, 'kubernetes.io/config.mirror': p.metadata?.uid ?? '' },
    ...extra,
  },
});

describe('mirror pods', () => {
  it('matches a mirror to its static pod by hash, unless it is being deleted', () => {
    const s = staticPod('etcd-n1', 'h1');
    assert.equal(isMirrorPodOf(mirrorOf(s), s), true);
    assert.equal(isMirrorPodOf(mirrorOf(s), staticPod('etcd-n1', 'h2')), false);
    assert.equal(isMirrorPodOf(mirrorOf(s, { deletionTimestamp: '2026-01-01T00:00:00Z' }), s), false);
    assert.equal(isMirrorPodOf(staticPod('etcd-n1', 'h1'), s), false);
  });

  it('finds mirrors without a static pod of the same full name', () => {
    const a = staticPod('a-n1', 'ha');
    const b = staticPod('b-n1', 'hb');
    const plain: Pod = { metadata: { name: 'web', namespace: 'default' } };
    assert.deepEqual(orphanedMirrorPods([mirrorOf(a), mirrorOf(b), plain], [a]).map(podFullName), [
      'b-n1_kube-system',
    ]);
  });

  it('tells static, mirror and critical pods apart', () => {
    const s = staticPod('a-n1', 'ha');
    assert.deepEqual([isStaticPod(s), isMirrorPod(s), isCriticalPod(s)], [true, false, true]);
    const m = mirrorOf(s);
    assert.deepEqual([isStaticPod(m), isMirrorPod(m), isCriticalPod(m)], [false, true, true]);
    const api: Pod = {
      metadata: { name: 'web', annotations: { 'kubernetes.io/config.source': 'api' } },
      spec: { containers: [], priority: 2_000_000_000 },
    };
    assert.deepEqual([isStaticPod(api), isMirrorPod(api), isCriticalPod(api)], [false, false, true]);
  });
});
