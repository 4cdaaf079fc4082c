/**
 * StatefulSets on `k8ts server` with three simulated nodes, driven with the real kubectl: three
 * replicas come up web-0, web-1, web-2, each only after the one before is Ready (OrderedReady),
 * with stable hostnames and one bound PVC per replica from volumeClaimTemplates; scaling down
 * removes the highest ordinal first; a partitioned RollingUpdate updates only ordinals at or
 * above the partition.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { startWorkloadCluster, watchedObjects, type WorkloadCluster } from '../support/workload-cluster.js';

let c: WorkloadCluster;

const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    serviceName: 'web',
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'registry.local/web:1' }] },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ],
  },
};

const headlessService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] },
};

// Statically provisioned volumes for the claims (no provisioner runs).
const volumes = [0, 1, 2].map((i) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: `pv-${i}` },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    hostPath: { path: `/tmp/k8ts-e2e-pv-${i}` },
  },
}));

const isReady = (p: Pod) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');

before(async () => {
  c = await startWorkloadCluster();
  await c.apply(...volumes, headlessService);
});

after(async () => {
  await c?.stop();
});

async function runningPods(): Promise<Pod[]> {
  return (await c.json<{ items: Pod[] }>(['pods', '-l', 'app=web'])).items.filter(
    (p) => p.metadata?.deletionTimestamp === undefined,
  );
}

describe('a StatefulSet of 3', () => {
  it('starts web-0, web-1, web-2 in order, each after the previous is Ready', async () => {
    const watch = c.background(['get', 'pods', '-l', 'app=web', '-w', '-o', 'json']);
    try {
      assert.equal((await c.apply(statefulSet)).stdout, 'statefulset.apps/web created\n');
      const status = await c.ok(['rollout', 'status', 'statefulset/web', '--timeout=60s']);
      assert.match(status.stdout, /partitioned roll out complete: 3 new pods have been updated\.\.\.\n$/);
    } finally {
      await watch.stop();
    }
    // Where each pod first appears and first turns Ready in the watch stream.
    const events = watchedObjects<Pod>(watch);
    const firstSeen = (name: string) => events.findIndex((p) => p.metadata?.name === name);
    const firstReady = (name: string) => events.findIndex((p) => p.metadata?.name === name && isReady(p));
    for (const name of ['web-0', 'web-1', 'web-2']) assert.ok(firstReady(name) >= 0, `${name} never Ready`);
    assert.ok(firstSeen('web-1') > firstReady('web-0'), 'web-1 was created before web-0 was Ready');
    assert.ok(firstSeen('web-2') > firstReady('web-1'), 'web-2 was created before web-1 was Ready');

    const table = await c.table(['pods', '-l', 'app=web']);
    assert.deepEqual(
      table.records.map((r) => [r['NAME'], r['READY'], r['STATUS']]),
      [
        ['web-0', '1/1', 'Running'],
        ['web-1', '1/1', 'Running'],
        ['web-2', '1/1', 'Running'],
      ],
    );
    for (const p of await runningPods()) {
      assert.equal(p.spec?.hostname, p.metadata?.name);
      assert.equal(p.spec?.subdomain, 'web');
      assert.equal(p.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], p.metadata?.name);
      assert.equal(p.metadata?.labels?.['apps.kubernetes.io/pod-index'], p.metadata?.name?.slice(-1));
    }
    const [row] = (await c.table(['statefulset', 'web'])).records;
    assert.equal(row?.['READY'], '3/3');
  });

  it('has one bound PersistentVolumeClaim per replica from the claim template', async () => {
    const claims = await eventually(async () => {
      const list = (await c.json<{ items: PersistentVolumeClaim[] }>(['pvc'])).items;
      assert.ok(list.every((pvc) => pvc.status?.phase === 'Bound'));
      return list;
    });
    assert.deepEqual(
      claims.map((pvc) => pvc.metadata?.name),
      ['data-web-0', 'data-web-1', 'data-web-2'],
    );
    for (const pvc of claims) {
      assert.equal(pvc.metadata?.labels?.['app'], 'web');
      assert.match(pvc.spec?.volumeName ?? '', /^pv-[012]$/);
    }
    const pod = await c.json<Pod>(['pod', 'web-1']);
    assert.deepEqual(pod.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim, {
      claimName: 'data-web-1',
    });
  });

  it('scaling down removes the highest ordinal first and keeps the claims', async () => {
    const watch = c.background(['get', 'pods', '-l', 'app=web', '-w', '--output-watch-events', '-o', 'json']);
    try {
      await watch.waitForStdout(/web-2/);
      assert.equal(
        (await c.ok(['scale', 'statefulset', 'web', '--replicas=1'])).stdout,
        'statefulset.apps/web scaled\n',
      );
      await eventually(async () => {
        assert.deepEqual(
          (await runningPods()).map((p) => p.metadata?.name),
          ['web-0'],
        );
        assert.equal((await c.json<StatefulSet>(['statefulset', 'web'])).status?.replicas, 1);
      }, 30_000);
      await watch.waitForStdout((out) => out.split('"DELETED"').length === 3);
    } finally {
      await watch.stop();
    }
    // With OrderedReady, web-1 is only deleted once web-2 is gone.
    const events = watchedObjects<{ type: string; object: Pod }>(watch);
    const terminating = (name: string) =>
      events.findIndex((e) => e.object.metadata?.name === name && e.object.metadata.deletionTimestamp);
    const deleted = (name: string) =>
      events.findIndex((e) => e.type === 'DELETED' && e.object.metadata?.name === name);
    assert.ok(terminating('web-2') >= 0 && deleted('web-2') >= 0);
    assert.ok(terminating('web-1') > deleted('web-2'), 'web-1 was deleted before web-2 was gone');
    assert.deepEqual(
      (await c.json<{ items: PersistentVolumeClaim[] }>(['pvc'])).items.map((p) => p.metadata?.name),
      ['data-web-0', 'data-web-1', 'data-web-2'],
    );
  });

  it('a partitioned rolling update changes only the ordinals at or above the partition', async () => {
    await c.ok(['scale', 'statefulset', 'web', '--replicas=3']);
    await c.ok(['rollout', 'status', 'statefulset/web', '--timeout=60s']);
    await c.ok([
      'patch',
      'statefulset',
      'web',
      '-p',
      JSON.stringify({
        spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
      }),
    ]);
    await c.ok(['set', 'image', 'statefulset/web', 'app=registry.local/web:2']);
    const status = await c.ok(['rollout', 'status', 'statefulset/web', '--timeout=60s']);
    assert.match(status.stdout, /partitioned roll out complete: 1 new pods have been updated\.\.\.\n$/);

    const sts = await eventually(async () => {
      const s = await c.json<StatefulSet>(['statefulset', 'web']);
      assert.equal(s.status?.readyReplicas, 3);
      assert.equal(s.status?.updatedReplicas, 1);
      return s;
    });
    assert.equal(sts.status?.currentReplicas, 2);
    assert.notEqual(sts.status?.currentRevision, sts.status?.updateRevision);
    const pods = await runningPods();
    const byName = Object.fromEntries(
      pods.map((p) => [
        p.metadata?.name,
        [p.spec?.containers[0]?.image, p.metadata?.labels?.['controller-revision-hash']],
      ]),
    );
    assert.deepEqual(byName, {
      'web-0': ['registry.local/web:1', sts.status?.currentRevision],
      'web-1': ['registry.local/web:1', sts.status?.currentRevision],
      'web-2': ['registry.local/web:2', sts.status?.updateRevision],
    });
    const revisions = await c.table(['controllerrevisions']);
    assert.deepEqual(
      revisions.records.map((r) => [r['NAME'], r['CONTROLLER'], r['REVISION']]).sort(),
      [
        [sts.status?.currentRevision, 'statefulset.apps/web', '1'],
        [sts.status?.updateRevision, 'statefulset.apps/web', '2'],
      ].sort(),
    );
  });
});
