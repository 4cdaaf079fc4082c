import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { claimBoundToVolume, claimStatusFor, volumeBoundToClaim } from './binding-updates.js';
import { claimHasClass, defaultStorageClass } from './default-class.js';
import {
  findBestMatchForClaim,
  findMatchingVolume,
  volumeFitsNode,
  volumeSatisfiesClaim,
} from './volume-matching.js';

function pv(
  name: string,
  size: string,
  spec: Partial<PersistentVolume['spec']> = {},
  labels = {},
): PersistentVolume {
  return {
    metadata: { name, labels },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], ...spec },
    status: { phase: 'Available' },
  };
}
const claim = (spec: Partial<PersistentVolumeClaim['spec']> = {}): PersistentVolumeClaim => ({
  metadata: { name: 'c', namespace: 'ns', uid: 'c-uid', resourceVersion: '9' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } }, ...spec },
});

describe('volume matching', () => {
  it('picks the smallest available volume that fits class, mode, selector and size', () => {
    const vols = [
      pv('a', '10Gi'),
      pv('b', '3Gi'),
      pv('c', '1Gi'),
      pv('d', '2Gi', { storageClassName: 'fast' }),
      pv('e', '2Gi', { volumeMode: 'Block' }),
    ];
    assert.equal(findMatchingVolume(claim(), vols)?.metadata?.name, 'b');
    assert.equal(findMatchingVolume(claim({ storageClassName: 'fast' }), vols)?.metadata?.name, 'd');
    assert.equal(findMatchingVolume(claim({ volumeMode: 'Block' }), vols)?.metadata?.name, 'e');
    assert.equal(findMatchingVolume(claim({ resources: { requests: { storage: '1Ti' } } }), vols), undefined);
    const labelled = [...vols, pv('f', '50Gi', {}, { tier: 'gold' })];
    assert.equal(
      findMatchingVolume(claim({ selector: { matchLabels: { tier: 'gold' } } }), labelled)?.metadata?.name,
      'f',
    );
    assert.equal(
      findMatchingVolume(claim(), [{ ...pv('g', '5Gi'), status: { phase: 'Released' } }]),
      undefined,
    );
  });

  it('prefers a volume pre-bound to the claim, and leaves delayed binding to the scheduler', () => {
    const preBound = pv('pre', '100Gi', { claimRef: { namespace: 'ns', name: 'c' } });
    const other = pv('other', '100Gi', { claimRef: { namespace: 'ns', name: 'x' } });
    assert.equal(findMatchingVolume(claim(), [pv('small', '2Gi'), preBound, other])?.metadata?.name, 'pre');
    assert.equal(findMatchingVolume(claim(), [pv('small', '2Gi')], { delayBinding: true }), undefined);
    assert.equal(findMatchingVolume(claim(), [preBound], { delayBinding: true })?.metadata?.name, 'pre');
  });

  it('checks node affinity and access modes on the scheduler path', () => {
    const affinity = {
      required: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
      },
    };
    const local = pv('local', '5Gi', { nodeAffinity: affinity });
    const nodeA: Node = { metadata: { name: 'n1', labels: { zone: 'a' } } };
    const nodeB: Node = { metadata: { name: 'n2', labels: { zone: 'b' } } };
    assert.equal(volumeFitsNode(local, nodeA), true);
    assert.equal(volumeFitsNode(local, nodeB), false);
    assert.equal(findMatchingVolume(claim(), [local], { node: nodeB, delayBinding: true }), undefined);
    assert.equal(
      findMatchingVolume(claim(), [local], { node: nodeA, delayBinding: true })?.metadata?.name,
      'local',
    );
    assert.equal(
      findMatchingVolume(claim({ accessModes: ['ReadWriteMany'] }), [local], { node: nodeA }),
      undefined,
    );
  });

  it('searches access-mode groups from the fewest modes up', () => {
    const rwoOnly = pv('rwo', '10Gi');
    const many = pv('many', '2Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] });
    assert.equal(findBestMatchForClaim(claim(), [many, rwoOnly], false)?.metadata?.name, 'rwo');
    assert.equal(
      findBestMatchForClaim(claim({ accessModes: ['ReadWriteMany'] }), [many, rwoOnly], false)?.metadata
        ?.name,
      'many',
    );
  });

  it('explains why a requested volume does not satisfy a claim', () => {
    assert.equal(volumeSatisfiesClaim(pv('x', '1Gi'), claim()), 'requested PV is too small');
    assert.equal(
      volumeSatisfiesClaim(pv('x', '5Gi', { storageClassName: 'a' }), claim()),
      'storageClassName does not match',
    );
    assert.equal(
      volumeSatisfiesClaim(pv('x', '5Gi', { accessModes: ['ReadOnlyMany'] }), claim()),
      'incompatible accessMode',
    );
    assert.equal(volumeSatisfiesClaim(pv('x', '5Gi'), claim()), undefined);
  });
});

describe('binding updates', () => {
  it('binds both sides with upstream annotations and only when something changes', () => {
    const v = volumeBoundToClaim(pv('v', '5Gi'), claim());
    assert.deepEqual(v?.spec?.claimRef, {
      kind: 'PersistentVolumeClaim',
      namespace: 'ns',
      name: 'c',
      uid: 'c-uid',
      apiVersion: 'v1',
      resourceVersion: '9',
    });
    assert.equal(v?.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    assert.equal(volumeBoundToClaim(v as PersistentVolume, claim()), undefined);
    // A volume the user pre-bound is not marked as bound by the controller.
    const userBound = volumeBoundToClaim(
      pv('u', '5Gi', { claimRef: { namespace: 'ns', name: 'c' } }),
      claim(),
    );
    assert.equal(userBound?.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], undefined);
    const c = claimBoundToVolume(claim(), v as PersistentVolume);
    assert.equal(c?.spec?.volumeName, 'v');
    assert.deepEqual(c?.metadata?.annotations, {
      'pv.kubernetes.io/bound-by-controller': 'yes',
      'pv.kubernetes.io/bind-completed': 'yes',
    });
    assert.equal(claimBoundToVolume(c as PersistentVolumeClaim, v as PersistentVolume), undefined);
    assert.deepEqual(claimStatusFor(claim(), 'Bound', v), {
      phase: 'Bound',
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '5Gi' },
    });
    assert.deepEqual(
      claimStatusFor(
        {
          ...claim(),
          status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' } },
        },
        'Lost',
        undefined,
      ),
      { phase: 'Lost' },
    );
  });
});

describe('default class', () => {
  it('picks the newest default class and knows when a claim asked for none', () => {
    const cls = (name: string, created: string, isDefault: boolean): StorageClass => ({
      metadata: {
        name,
        creationTimestamp: created,
        annotations: isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {},
      },
      provisioner: 'x',
    });
    const classes = [
      cls('old', '2026-01-01T00:00:00Z', true),
      cls('new', '2026-01-02T00:00:00Z', true),
      cls('not', '2026-01-03T00:00:00Z', false),
    ];
    assert.equal(defaultStorageClass(classes)?.metadata?.name, 'new');
    assert.equal(defaultStorageClass([classes[2] as StorageClass]), undefined);
    assert.equal(claimHasClass(claim({ storageClassName: '' })), true);
    assert.equal(claimHasClass({ spec: {} }), false);
  });
});
