// The PV binder, PVC protection and PV protection against the real apiserver.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Event, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { ControllerHarness } from '../shared/infra-controller-harness.js';
import {
  persistentVolumeClaimsResource,
  persistentVolumesResource,
  podsResource,
  storageClassesResource,
} from '../shared/infra-resources.js';
import { createNode, podObject, startTestCluster, type TestCluster } from '../shared/infra-test-cluster.js';
import {
  persistentVolumeBinderDescriptor,
  pvcProtectionDescriptor,
  pvProtectionDescriptor,
} from './index.js';

let cluster: TestCluster;
let harness: ControllerHarness;
const ns = 'volumes';

before(async () => {
  cluster = await startTestCluster();
  await cluster.namespace(ns);
  await createNode(cluster.client, 'node-a', { 'kubernetes.io/hostname': 'node-a' });
  harness = new ControllerHarness({ client: cluster.client });
  await harness.start([persistentVolumeBinderDescriptor, pvcProtectionDescriptor, pvProtectionDescriptor]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

const pvs = () => cluster.client.resource<PersistentVolume>(persistentVolumesResource);
const pvcs = () =>
  cluster.client.resource<PersistentVolumeClaim>(persistentVolumeClaimsResource).namespace(ns);

function volume(
  name: string,
  size: string,
  extra: Partial<PersistentVolume['spec']> = {},
  labels = {},
): PersistentVolume {
  return {
    metadata: { name, labels },
    spec: {
      capacity: { storage: size },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: `/tmp/${name}` },
      ...extra,
    },
  };
}

function claim(
  name: string,
  size: string,
  extra: Partial<PersistentVolumeClaim['spec']> = {},
): PersistentVolumeClaim {
  return {
    metadata: { name },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      storageClassName: '',
      ...extra,
    },
  };
}

async function events(name: string): Promise<Event[]> {
  const list = await cluster.client
    .resource<Event>({ group: '', version: 'v1', resource: 'events' })
    .namespace(ns)
    .list();
  return list.items.filter((e) => e.involvedObject.name === name);
}

it('binds a claim to the smallest volume that fits, both ways, with upstream annotations and phases', async () => {
  await pvs().create(volume('small', '1Gi'));
  await pvs().create(volume('big', '5Gi'));
  await pvs().create(volume('huge', '50Gi'));
  await pvcs().create(claim('c1', '2Gi'));
  const bound = await eventually(async () => {
    const c = await pvcs().get('c1');
    assert.equal(c.status?.phase, 'Bound');
    assert.ok(c.metadata?.finalizers?.includes('kubernetes.io/pvc-protection'));
    return c;
  });
  assert.equal(bound.spec?.volumeName, 'big');
  assert.equal(bound.metadata?.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
  assert.equal(bound.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  assert.deepEqual(bound.status?.capacity, { storage: '5Gi' });
  assert.deepEqual(bound.status?.accessModes, ['ReadWriteOnce']);
  const pv = await eventually(async () => {
    const v = await pvs().get('big');
    assert.equal(v.status?.phase, 'Bound');
    assert.ok(v.metadata?.finalizers?.includes('kubernetes.io/pv-protection'));
    return v;
  });
  assert.equal(pv.spec?.claimRef?.name, 'c1');
  assert.equal(pv.spec?.claimRef?.uid, bound.metadata?.uid);
  assert.equal(pv.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  await eventually(async () => assert.equal((await pvs().get('small')).status?.phase, 'Available'));
});

it('honours selectors and volume modes, and explains a claim left pending', async () => {
  await pvs().create(volume('block', '1Gi', { volumeMode: 'Block' }));
  await pvs().create(volume('labelled', '1Gi', {}, { tier: 'gold' }));
  await pvcs().create(claim('gold', '1Gi', { selector: { matchLabels: { tier: 'gold' } } }));
  await eventually(async () => assert.equal((await pvcs().get('gold')).spec?.volumeName, 'labelled'));
  await pvcs().create(claim('blocky', '1Gi', { volumeMode: 'Block' }));
  await eventually(async () => assert.equal((await pvcs().get('blocky')).spec?.volumeName, 'block'));

  await pvcs().create(claim('nothing', '100Gi'));
  await eventually(async () => {
    const e = (await events('nothing')).find((x) => x.reason === 'FailedBinding');
    assert.equal(e?.message, 'no persistent volumes available for this claim and no storage class is set');
  });
  assert.equal((await pvcs().get('nothing')).status?.phase, 'Pending');
});

it('waits for the first consumer, then binds a volume that fits the selected node', async () => {
  await cluster.client.resource<StorageClass>(storageClassesResource).create({
    metadata: { name: 'local' },
    provisioner: 'kubernetes.io/no-provisioner',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  const affinity = (host: string) => ({
    required: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] },
      ],
    },
  });
  await pvs().create(
    volume('local-b', '1Gi', { storageClassName: 'local', nodeAffinity: affinity('node-b') }),
  );
  await pvs().create(
    volume('local-a', '1Gi', { storageClassName: 'local', nodeAffinity: affinity('node-a') }),
  );
  await pvcs().create(claim('wffc', '1Gi', { storageClassName: 'local' }));
  await eventually(async () => {
    const e = (await events('wffc')).find((x) => x.reason === 'WaitForFirstConsumer');
    assert.equal(e?.message, 'waiting for first consumer to be created before binding');
  });
  assert.equal((await pvcs().get('wffc')).spec?.volumeName, undefined);
  await pvcs().patch('wffc', 'merge', {
    metadata: { annotations: { 'volume.kubernetes.io/selected-node': 'node-a' } },
  });
  await eventually(async () => assert.equal((await pvcs().get('wffc')).spec?.volumeName, 'local-a'));
});

it('keeps a claim in use by a pod until the pod is gone, then releases (Retain) or deletes (Delete) its volume', async () => {
  await pvs().create(
    volume('keep', '2Gi', { persistentVolumeReclaimPolicy: 'Retain', storageClassName: 'slow' }),
  );
  await pvs().create(
    volume('drop', '2Gi', { persistentVolumeReclaimPolicy: 'Delete', storageClassName: 'scratch' }),
  );
  await pvcs().create(claim('kept', '2Gi', { storageClassName: 'slow' }));
  await pvcs().create(claim('dropped', '2Gi', { storageClassName: 'scratch' }));
  for (const name of ['kept', 'dropped'])
    await eventually(async () => {
      const c = await pvcs().get(name);
      assert.equal(c.status?.phase, 'Bound');
      assert.ok(c.metadata?.finalizers?.includes('kubernetes.io/pvc-protection'));
    });
  const pod = podObject(ns, 'user', {
    nodeName: 'node-a',
    extra: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'kept' } }] },
  });
  await cluster.client.resource<Pod>(podsResource).namespace(ns).create(pod);

  await pvcs().delete('kept');
  await pvcs().delete('dropped');
  await eventually(() => assert.rejects(pvcs().get('dropped'), /not found/));
  await eventually(() => assert.rejects(pvs().get('drop'), /not found/));
  // In use: still there, terminating.
  const kept = await pvcs().get('kept');
  assert.ok(kept.metadata?.deletionTimestamp);
  assert.deepEqual(kept.metadata?.finalizers, ['kubernetes.io/pvc-protection']);

  await cluster.client.resource<Pod>(podsResource).namespace(ns).delete('user', { gracePeriodSeconds: 0 });
  await eventually(() => assert.rejects(pvcs().get('kept'), /not found/));
  await eventually(async () => assert.equal((await pvs().get('keep')).status?.phase, 'Released'));
});

it('protects a bound volume from deletion and marks the claim Lost once the volume is gone', async () => {
  await pvs().create(volume('precious', '3Gi', { storageClassName: 'gold' }));
  await pvcs().create(claim('owner', '3Gi', { storageClassName: 'gold' }));
  await eventually(async () => {
    const v = await pvs().get('precious');
    assert.equal(v.status?.phase, 'Bound');
    assert.ok(v.metadata?.finalizers?.includes('kubernetes.io/pv-protection'));
  });
  await pvs().delete('precious');
  const terminating = await pvs().get('precious');
  assert.ok(terminating.metadata?.deletionTimestamp);
  assert.deepEqual(terminating.metadata?.finalizers, ['kubernetes.io/pv-protection']);
  // Removing the finalizer by hand lets it go: the claim has lost its volume.
  await pvs().patch('precious', 'merge', { metadata: { finalizers: null } });
  await eventually(async () => assert.equal((await pvcs().get('owner')).status?.phase, 'Lost'));
  const lost = (await events('owner')).find((e) => e.reason === 'ClaimLost');
  assert.equal(lost?.message, 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
});

it('gives a claim without a class the default StorageClass, even one created later', async () => {
  // ReadWriteOncePod keeps the class-less volumes of earlier tests out of the match.
  await pvs().create(
    volume('defaulted', '1Gi', { storageClassName: 'standard', accessModes: ['ReadWriteOncePod'] }),
  );
  const { storageClassName: _none, ...spec } =
    claim('classless', '1Gi', { accessModes: ['ReadWriteOncePod'] }).spec ?? {};
  await pvcs().create({ metadata: { name: 'classless' }, spec });
  await cluster.client.resource<StorageClass>(storageClassesResource).create({
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'example.com/none',
  });
  await eventually(async () => {
    const c = await pvcs().get('classless');
    assert.equal(c.spec?.storageClassName, 'standard');
    assert.equal(c.spec?.volumeName, 'defaulted');
  }, 20_000);
});
