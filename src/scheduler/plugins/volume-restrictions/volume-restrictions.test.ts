import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../../framework/cycle-state.js';
import { staticLister } from '../../framework/listers.js';
import { makeNode, makePod, nodeInfo, podInfo, testHandle } from '../../testing/fixtures.js';
import { newVolumeRestrictions } from './volume-restrictions.js';

const pd = (name: string, readOnly = false): Volume => ({
  name: 'v',
  gcePersistentDisk: { pdName: name, readOnly },
});
const claimVol = (claim: string): Volume => ({ name: 'v', persistentVolumeClaim: { claimName: claim } });
const pvc = (name: string, modes: string[]): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default' },
  spec: { accessModes: modes },
});

describe('VolumeRestrictions', () => {
  const run = (existing: Volume[], wanted: Volume[], claims: PersistentVolumeClaim[] = []) => {
    const nodes = [nodeInfo(makeNode('n1'), existing.length ? [makePod({ volumes: existing })] : [])];
    const plugin = newVolumeRestrictions(
      undefined,
      testHandle(nodes, { listers: { persistentVolumeClaims: staticLister(claims) } }),
    );
    const pod = podInfo(makePod({ volumes: wanted }));
    const state = new CycleState();
    const pre = plugin.preFilter(state, pod, nodes);
    if (pre?.status) return `${pre.status.code}: ${pre.status.message()}`;
    const s = plugin.filter(state, pod, nodes[0]!);
    return s ? `${s.code}: ${s.message()}` : 'Success';
  };
  const cases = [
    { name: 'nothing to check', existing: [], wanted: [], want: 'Skip: ' },
    {
      name: 'same GCE PD read-write conflicts',
      existing: [pd('d1')],
      wanted: [pd('d1')],
      want: 'Unschedulable: node(s) had no available disk',
    },
    {
      name: 'same GCE PD read-only twice is fine',
      existing: [pd('d1', true)],
      wanted: [pd('d1', true)],
      want: 'Success',
    },
    { name: 'different disks are fine', existing: [pd('d1')], wanted: [pd('d2')], want: 'Success' },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(run(tc.existing, tc.wanted), tc.want));

  it('a missing claim is unresolvable', () => {
    assert.equal(
      run([], [claimVol('data')]),
      'UnschedulableAndUnresolvable: persistentvolumeclaim "data" not found',
    );
  });

  it('a ReadWriteOncePod claim already in use is unresolvable', () => {
    const claims = [pvc('data', ['ReadWriteOncePod'])];
    assert.equal(
      run([claimVol('data')], [claimVol('data')], claims),
      'UnschedulableAndUnresolvable: node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode',
    );
    assert.equal(run([], [claimVol('data')], claims), 'Skip: ');
  });
});
