import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { staticLister } from '../../framework/listers.js';
import { makeNode, makePod, nodeInfo, podInfo, testHandle } from '../../testing/fixtures.js';
import { newVolumeBinding } from './volume-binding.js';

const local: StorageClass = {
  metadata: { name: 'local' },
  provisioner: 'kubernetes.io/no-provisioner',
  volumeBindingMode: 'WaitForFirstConsumer',
};
const dynamic: StorageClass = {
  metadata: { name: 'fast' },
  provisioner: 'csi.example.com',
  volumeBindingMode: 'WaitForFirstConsumer',
};
const immediate: StorageClass = { metadata: { name: 'slow' }, provisioner: 'csi.example.com' };

function pv(name: string, node: string, size = '10Gi', claim?: string): PersistentVolume {
  return {
    metadata: { name },
    spec: {
      storageClassName: 'local',
      capacity: { storage: size },
      accessModes: ['ReadWriteOnce'],
      ...(claim ? { claimRef: { name: claim, namespace: 'default' } } : {}),
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
          ],
        },
      },
    },
  };
}

function pvc(name: string, cls: string, volumeName?: string): PersistentVolumeClaim {
  return {
    metadata: { name, namespace: 'default', uid: `pvc-${name}` },
    spec: {
      storageClassName: cls,
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '5Gi' } },
      ...(volumeName ? { volumeName } : {}),
    },
  };
}

function setup(pvs: PersistentVolume[], pvcs: PersistentVolumeClaim[]) {
  const nodes: NodeInfo[] = [nodeInfo(makeNode('n1')), nodeInfo(makeNode('n2'))];
  const handle = testHandle(nodes, {
    listers: {
      persistentVolumes: staticLister(pvs),
      persistentVolumeClaims: staticLister(pvcs),
      storageClasses: staticLister([local, dynamic, immediate]),
    },
  });
  return { nodes, plugin: newVolumeBinding(undefined, handle) };
}

function verdicts(pvs: PersistentVolume[], pvcs: PersistentVolumeClaim[], claim: string) {
  const { nodes, plugin } = setup(pvs, pvcs);
  const pod = podInfo(makePod({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] }));
  const state = new CycleState();
  const pre = plugin.preFilter(state, pod, nodes);
  if (pre?.status) return `${pre.status.code}: ${pre.status.message()}`;
  return nodes.map((n) => {
    const s = plugin.filter(state, pod, n);
    return s ? `${s.code}: ${s.message()}` : 'Success';
  });
}

describe('VolumeBinding', () => {
  it('pods without claims skip', () => {
    const { nodes, plugin } = setup([], []);
    assert.equal(plugin.preFilter(new CycleState(), podInfo(makePod()), nodes)?.status?.code, 'Skip');
  });

  it('a bound claim pins the pod to where its PV is reachable', () => {
    assert.deepEqual(verdicts([pv('pv-a', 'n2', '10Gi', 'data')], [pvc('data', 'local', 'pv-a')], 'data'), [
      'UnschedulableAndUnresolvable: node(s) had volume node affinity conflict',
      'Success',
    ]);
  });

  it('WaitForFirstConsumer: only nodes with a matching local PV', () => {
    assert.deepEqual(verdicts([pv('pv-b', 'n1')], [pvc('data', 'local')], 'data'), [
      'Success',
      "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
    ]);
  });

  it('PVs too small or taken by another claim do not match', () => {
    const pvs = [pv('small', 'n1', '1Gi'), pv('taken', 'n2', '10Gi', 'other')];
    assert.deepEqual(verdicts(pvs, [pvc('data', 'local')], 'data'), [
      "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
      "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
    ]);
  });

  it('a provisioner can create a volume anywhere', () => {
    assert.deepEqual(verdicts([], [pvc('data', 'fast')], 'data'), ['Success', 'Success']);
  });

  it('unbound immediate claims wait for the PV controller', () => {
    assert.equal(
      verdicts([], [pvc('data', 'slow')], 'data'),
      'UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims',
    );
  });

  it('a missing claim is unresolvable', () => {
    assert.equal(
      verdicts([], [], 'data'),
      'UnschedulableAndUnresolvable: persistentvolumeclaim "data" not found',
    );
  });

  it('Reserve keeps a PV from going to a second pod until released', () => {
    const { nodes, plugin } = setup([pv('pv-b', 'n1')], [pvc('a', 'local'), pvc('b', 'local')]);
    const podA = podInfo(makePod({ volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'a' } }] }));
    const podB = podInfo(makePod({ volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'b' } }] }));
    const stateA = new CycleState();
    plugin.preFilter(stateA, podA, nodes);
    assert.equal(plugin.filter(stateA, podA, nodes[0]!), undefined);
    assert.equal(plugin.reserve(stateA, podA, 'n1'), undefined);
    const stateB = new CycleState();
    plugin.preFilter(stateB, podB, nodes);
    assert.equal(plugin.filter(stateB, podB, nodes[0]!)?.code, 'UnschedulableAndUnresolvable');
    plugin.unreserve(stateA, podA, 'n1');
    assert.equal(plugin.filter(stateB, podB, nodes[0]!), undefined);
  });
});
