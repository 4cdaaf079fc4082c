// The StatefulSet controller against a real apiserver: ordered creation with stable identities and
// claims, reverse-ordinal scale-down, partitioned rolling updates, Parallel management, OnDelete,
// ordinals.start and claim retention. Pods are made Running/Ready by patching their status.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { claimsResource, revisionsResource, statefulSetsResource } from '../shared/workload-resources.js';
import { WorkloadTestCluster } from '../shared/workload-test-cluster.js';
import { statefulSetControllerDescriptor } from './index.js';

function statefulSet(name: string, spec: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
      },
      ...spec,
    },
  };
}

describe('statefulset controller', () => {
  let cluster: WorkloadTestCluster;
  const sets = () => cluster.resource<StatefulSet>(statefulSetsResource);

  before(async () => {
    cluster = await WorkloadTestCluster.start([statefulSetControllerDescriptor]);
  });
  after(async () => {
    await cluster?.close();
  });

  async function podNames(app: string): Promise<string[]> {
    return (await cluster.pods({ app })).map((p) => p.metadata?.name ?? '');
  }

  async function makeReady(pod: Pod): Promise<void> {
    await cluster.setPodStatus(pod, { phase: 'Running', ready: true });
  }

  // Marks pods Running/Ready as they appear until `names` all exist and are ready.
  async function bringUp(app: string, names: readonly string[]): Promise<void> {
    await cluster.until(async () => {
      const pods = await cluster.pods({ app });
      for (const p of pods)
        if (p.status?.phase !== 'Running' && !p.metadata?.deletionTimestamp) await makeReady(p);
      const ready = pods.filter((p) => p.status?.phase === 'Running').map((p) => p.metadata?.name);
      assert.deepEqual(ready, names);
    });
  }

  it('creates pods one ordinal at a time with identity, claims and revision labels', async () => {
    await sets().create(
      statefulSet('web', {
        volumeClaimTemplates: [
          {
            metadata: { name: 'www' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      }),
    );
    const first = await cluster.until(async () => {
      const pods = await cluster.pods({ app: 'web' });
      assert.equal(pods.length, 1);
      return pods[0]!;
    });
    assert.equal(first.metadata?.name, 'web-0');
    assert.equal(first.spec?.hostname, 'web-0');
    assert.equal(first.spec?.subdomain, 'web');
    assert.equal(first.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], 'web-0');
    assert.equal(first.metadata?.labels?.['apps.kubernetes.io/pod-index'], '0');
    assert.match(
      first.metadata?.labels?.['controller-revision-hash'] ?? '',
      /^web-[bcdfghjklmnpqrstvwxz2456789]+$/,
    );
    assert.deepEqual(first.spec?.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim, {
      claimName: 'www-web-0',
    });
    assert.equal(first.metadata?.ownerReferences?.[0]?.kind, 'StatefulSet');
    const claim = await cluster.resource<PersistentVolumeClaim>(claimsResource).get('www-web-0');
    assert.equal(claim.metadata?.labels?.['app'], 'web');
    // OrderedReady: web-1 waits until web-0 is Running and Ready.
    await cluster.idle();
    assert.deepEqual(await podNames('web'), ['web-0']);

    await bringUp('web', ['web-0', 'web-1', 'web-2']);
    const set = await cluster.until(async () => {
      const s = await sets().get('web');
      assert.equal(s.status?.readyReplicas, 3);
      assert.equal(s.status?.availableReplicas, 3);
      return s;
    });
    assert.equal(set.status?.replicas, 3);
    assert.equal(set.status?.observedGeneration, set.metadata?.generation);
    assert.equal(set.status?.currentRevision, set.status?.updateRevision);
    assert.equal(set.status?.currentReplicas, 3);
    assert.equal(set.status?.updatedReplicas, 3);
    assert.equal(set.status?.collisionCount, 0);
    const revisions = await cluster
      .resource<ControllerRevision>(revisionsResource)
      .list({ labelSelector: 'app=web' });
    assert.equal(revisions.items.length, 1);
    assert.equal(revisions.items[0]?.metadata?.name, set.status?.currentRevision);
    assert.equal(revisions.items[0]?.revision, 1);
    const events = await cluster.until(async () => {
      const e = await cluster.events('web');
      assert.ok(e.includes('SuccessfulCreate: create Pod web-2 in StatefulSet web successful'), e.join('\n'));
      return e;
    });
    assert.ok(events.includes('SuccessfulCreate: create Pod web-0 in StatefulSet web successful'));
    assert.ok(
      events.includes('SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success'),
    );
  });

  it('writes the status fields Go writes for an empty set: zero counters omitempty leaves out', async () => {
    await sets().create(statefulSet('empty', { replicas: 0 }));
    const set = await cluster.until(async () => {
      const s = await sets().get('empty');
      assert.equal(s.status?.observedGeneration, 1);
      return s;
    });
    const { currentRevision, updateRevision, ...counters } = set.status ?? { replicas: -1 };
    assert.match(currentRevision ?? '', /^empty-/);
    assert.equal(updateRevision, currentRevision);
    assert.deepEqual(counters, {
      observedGeneration: 1,
      replicas: 0,
      availableReplicas: 0,
      collisionCount: 0,
    });
  });

  it('scales down from the highest ordinal, one pod at a time', async () => {
    await sets().patch('web', 'merge', { spec: { replicas: 1 } });
    await cluster.until(async () => assert.deepEqual(await podNames('web'), ['web-0']));
    const events = await cluster.events('web');
    const deletes = events.filter((e) => e.startsWith('SuccessfulDelete'));
    assert.deepEqual(deletes, [
      'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
    ]);
    // Claims are retained by default.
    await cluster.resource<PersistentVolumeClaim>(claimsResource).get('www-web-2');
  });

  it('rolls out a new template down to the partition, highest ordinal first', async () => {
    await sets().create(
      statefulSet('roll', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }),
    );
    await bringUp('roll', ['roll-0', 'roll-1', 'roll-2']);
    const before = await cluster.until(async () => {
      const s = await sets().get('roll');
      assert.equal(s.status?.readyReplicas, 3);
      return s;
    });
    await sets().patch('roll', 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
    });
    const updated = await cluster.until(async () => {
      const s = await sets().get('roll');
      assert.notEqual(s.status?.updateRevision, before.status?.currentRevision);
      return s;
    });
    const newRevision = updated.status?.updateRevision ?? '';
    await cluster.until(async () => {
      const pods = await cluster.pods({ app: 'roll' });
      for (const p of pods) if (p.status?.phase !== 'Running') await makeReady(p);
      const byName = Object.fromEntries(
        pods.map((p) => [p.metadata?.name, p.metadata?.labels?.['controller-revision-hash']]),
      );
      assert.deepEqual(byName, {
        'roll-0': before.status?.currentRevision,
        'roll-1': before.status?.currentRevision,
        'roll-2': newRevision,
      });
      assert.equal(
        (await cluster.pods({ app: 'roll' })).find((p) => p.metadata?.name === 'roll-2')?.spec?.containers[0]
          ?.image,
        'nginx:1.26',
      );
    });
    await cluster.until(async () => {
      const s = await sets().get('roll');
      assert.equal(s.status?.updatedReplicas, 1);
      assert.equal(s.status?.currentReplicas, 2);
    });
    await sets().patch('roll', 'merge', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    await cluster.until(async () => {
      const pods = await cluster.pods({ app: 'roll' });
      for (const p of pods)
        if (p.status?.phase !== 'Running' && !p.metadata?.deletionTimestamp) await makeReady(p);
      assert.ok(
        pods.length === 3 &&
          pods.every((p) => p.metadata?.labels?.['controller-revision-hash'] === newRevision),
      );
      const s = await sets().get('roll');
      assert.equal(s.status?.currentRevision, newRevision);
      assert.equal(s.status?.updatedReplicas, 3);
    });
    const deletes = (await cluster.events('roll')).filter((e) => e.startsWith('SuccessfulDelete'));
    assert.deepEqual(deletes, [
      'SuccessfulDelete: delete Pod roll-2 in StatefulSet roll successful',
      'SuccessfulDelete: delete Pod roll-1 in StatefulSet roll successful',
      'SuccessfulDelete: delete Pod roll-0 in StatefulSet roll successful',
    ]);
    const revisions = await cluster
      .resource<ControllerRevision>(revisionsResource)
      .list({ labelSelector: 'app=roll' });
    assert.deepEqual(revisions.items.map((r) => r.revision).sort(), [1, 2]);
  });

  it('creates every pod at once with Parallel management and honours ordinals.start', async () => {
    await sets().create(statefulSet('par', { podManagementPolicy: 'Parallel', ordinals: { start: 5 } }));
    await cluster.until(async () => assert.deepEqual(await podNames('par'), ['par-5', 'par-6', 'par-7']));
    const pod = (await cluster.pods({ app: 'par' }))[0]!;
    assert.equal(pod.metadata?.labels?.['apps.kubernetes.io/pod-index'], '5');
  });

  it('replaces pods only when deleted under OnDelete', async () => {
    await sets().create(statefulSet('od', { replicas: 2, updateStrategy: { type: 'OnDelete' } }));
    await bringUp('od', ['od-0', 'od-1']);
    await sets().patch('od', 'strategic', {
      spec: { template: { metadata: { labels: { app: 'od', v: '2' } } } },
    });
    await cluster.until(async () => {
      const s = await sets().get('od');
      assert.notEqual(s.status?.updateRevision, s.status?.currentRevision);
    });
    await cluster.idle();
    assert.ok((await cluster.pods({ app: 'od' })).every((p) => p.metadata?.labels?.['v'] === undefined));
    await cluster.client
      .resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
      .namespace('default')
      .delete('od-1');
    await cluster.until(async () => {
      const pod = (await cluster.pods({ app: 'od' })).find((p) => p.metadata?.name === 'od-1');
      assert.equal(pod?.metadata?.labels?.['v'], '2');
    });
  });

  it('expresses claim retention as owner references', async () => {
    await sets().create(
      statefulSet('keep', {
        replicas: 2,
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      }),
    );
    await bringUp('keep', ['keep-0', 'keep-1']);
    const claims = () => cluster.resource<PersistentVolumeClaim>(claimsResource);
    await cluster.until(async () => {
      const c = await claims().get('data-keep-1');
      assert.deepEqual(
        c.metadata?.ownerReferences?.map((r) => `${r.kind}/${r.name}`),
        ['StatefulSet/keep'],
      );
    });
    await sets().patch('keep', 'merge', { spec: { replicas: 1 } });
    // A scaled-down pod's claim is handed to the pod, so it goes with it (through the garbage collector).
    await cluster.until(async () => {
      const c = await claims().get('data-keep-1');
      assert.deepEqual(
        c.metadata?.ownerReferences?.map((r) => `${r.kind}/${r.name}`),
        ['Pod/keep-1'],
      );
    });
  });
});
