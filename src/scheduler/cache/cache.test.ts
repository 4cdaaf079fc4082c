import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { newPodInfo } from '../framework/pod-info.js';
import { makeNode, makePod } from '../testing/fixtures.js';
import { Cache } from './cache.js';
import { Snapshot } from './snapshot.js';

const zone = (z: string) => ({ labels: { 'topology.kubernetes.io/zone': z } });
const quiet = createLogger('test', { level: 'error' });

describe('Cache and Snapshot', () => {
  it('lists nodes with zones interleaved', () => {
    const cache = new Cache({ log: quiet });
    for (const [name, z] of [
      ['a1', 'a'],
      ['a2', 'a'],
      ['a3', 'a'],
      ['b1', 'b'],
      ['c1', 'c'],
      ['c2', 'c'],
    ] as const)
      cache.addNode(makeNode(name, zone(z)));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    assert.deepEqual(
      snap.list().map((n) => n.name),
      ['a1', 'b1', 'c1', 'a2', 'c2', 'a3'],
    );
  });

  it('counts assumed pods until forgotten, and keeps old snapshots unchanged', () => {
    const cache = new Cache({ log: quiet });
    cache.addNode(makeNode('n1'));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    const before = snap.get('n1')!;
    const pod = newPodInfo(makePod({ requests: { cpu: '1' } }));
    cache.assumePod(pod, 'n1');
    assert.ok(cache.isAssumedPod(pod.uid));
    cache.updateSnapshot(snap);
    assert.equal(snap.get('n1')!.requested.milliCpu, 1000);
    assert.equal(before.requested.milliCpu, 0, 'the earlier copy did not change');
    cache.forgetPod(pod);
    cache.updateSnapshot(snap);
    assert.equal(snap.get('n1')!.requested.milliCpu, 0);
  });

  it('the informer confirms an assumed pod', () => {
    const cache = new Cache({ log: quiet });
    cache.addNode(makeNode('n1'));
    const pod = makePod({ requests: { cpu: '1' } });
    cache.assumePod(newPodInfo(pod), 'n1');
    cache.addPod(newPodInfo({ ...pod, spec: { ...pod.spec!, nodeName: 'n1' } }));
    assert.equal(cache.isAssumedPod(pod.metadata!.uid!), false);
    assert.equal(cache.podCount, 1);
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    assert.equal(snap.get('n1')!.pods.length, 1);
  });

  it('assumed pods whose binding finished expire after the TTL', async () => {
    const clock = new FakeClock();
    const cache = new Cache({ clock, assumedPodTtlMs: 30_000, log: quiet });
    cache.addNode(makeNode('n1'));
    const pod = newPodInfo(makePod());
    cache.assumePod(pod, 'n1');
    await clock.advance(60_000);
    cache.cleanupExpiredAssumedPods();
    assert.equal(cache.podCount, 1, 'binding not finished yet: kept');
    cache.finishBinding(pod);
    await clock.advance(29_000);
    cache.cleanupExpiredAssumedPods();
    assert.equal(cache.podCount, 1);
    await clock.advance(2_000);
    cache.cleanupExpiredAssumedPods();
    assert.equal(cache.podCount, 0);
  });

  it('tracks pods with affinity, ports, PVCs and images', () => {
    const cache = new Cache({ log: quiet });
    cache.addNode(makeNode('n1', { images: [{ names: ['app:1'], sizeBytes: 10 }] }));
    cache.addNode(makeNode('n2', { images: [{ names: ['app:1'], sizeBytes: 10 }] }));
    const anti = makePod({
      nodeName: 'n1',
      labels: { app: 'x' },
      hostPorts: [{ hostPort: 80 }],
      volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'data' } }],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' },
          ],
        },
      },
    });
    cache.addPod(newPodInfo(anti));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    assert.deepEqual(
      snap.havePodsWithRequiredAntiAffinityList().map((n) => n.name),
      ['n1'],
    );
    assert.ok(snap.get('n1')!.usedPorts.checkConflict('', 'TCP', 80));
    assert.ok(snap.isPVCUsedByPods('default/data'));
    assert.equal(snap.imageNumNodes('app:1'), 2);
    cache.removePod(newPodInfo(anti));
    cache.updateSnapshot(snap);
    assert.equal(snap.havePodsWithRequiredAntiAffinityList().length, 0);
    assert.equal(snap.isPVCUsedByPods('default/data'), false);
  });

  it('keeps the affinity lists right as pods with affinity come and go', () => {
    const cache = new Cache({ log: quiet });
    for (const n of ['n1', 'n2', 'n3']) cache.addNode(makeNode(n));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    const anti = (node: string) =>
      newPodInfo(
        makePod({
          nodeName: node,
          labels: { app: 'x' },
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: { app: 'x' } }, topologyKey: 'kubernetes.io/hostname' },
              ],
            },
          },
        }),
      );
    const names = () =>
      snap
        .havePodsWithRequiredAntiAffinityList()
        .map((n) => n.name)
        .sort();
    const [a1, a3] = [anti('n1'), anti('n3')];
    cache.addPod(a1);
    cache.updateSnapshot(snap);
    cache.addPod(a3);
    cache.updateSnapshot(snap);
    assert.deepEqual(names(), ['n1', 'n3']);
    cache.removePod(a1);
    cache.addPod(newPodInfo(makePod({ nodeName: 'n3' })));
    cache.updateSnapshot(snap);
    assert.deepEqual(names(), ['n3']);
    assert.equal(
      snap.havePodsWithRequiredAntiAffinityList()[0],
      snap.get('n3'),
      'the list holds the current copy',
    );
    assert.equal(snap.get('n3')!.pods.length, 2);
  });

  it('removing a node drops it from the snapshot', () => {
    const cache = new Cache({ log: quiet });
    cache.addNode(makeNode('n1'));
    cache.addNode(makeNode('n2'));
    const snap = new Snapshot();
    cache.updateSnapshot(snap);
    cache.removeNode(makeNode('n1'));
    cache.updateSnapshot(snap);
    assert.deepEqual(
      snap.list().map((n) => n.name),
      ['n2'],
    );
    assert.equal(snap.get('n1'), undefined);
  });
});
