/**
 * Cascading deletion on `k8ts server` with three simulated nodes, driven with the real kubectl:
 * deleting a Deployment removes its ReplicaSets and pods; `--cascade=orphan` keeps them (without
 * owner references); `--cascade=foreground` keeps the Deployment, with the foregroundDeletion
 * finalizer, until its dependents are gone. Deleting a namespace empties it, reporting what
 * remains in its conditions, and then removes it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Namespace, Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { deployment, startWorkloadCluster, type WorkloadCluster } from '../support/workload-cluster.js';

let c: WorkloadCluster;
// A finalizer nobody serves: it holds an object in Terminating until the test removes it.
const hold = 'example.com/hold';

before(async () => {
  c = await startWorkloadCluster();
  await c.apply(
    ...['gc-background', 'gc-orphan', 'gc-foreground'].map((name) =>
      deployment(name, 'registry.local/app:1', 2, { podSpec: { terminationGracePeriodSeconds: 1 } }),
    ),
  );
  for (const name of ['gc-background', 'gc-orphan', 'gc-foreground'])
    await c.ok(['rollout', 'status', `deployment/${name}`, '--timeout=60s']);
});

after(async () => {
  await c?.stop();
});

const replicaSets = async (app: string) =>
  (await c.json<{ items: ReplicaSet[] }>(['rs', '-l', `app=${app}`])).items;
const pods = async (app: string, namespace = 'default') =>
  (await c.json<{ items: Pod[] }>(['pods', '-n', namespace, '-l', `app=${app}`])).items;

/** Removes the hold finalizer from an object. */
async function release(resource: string, name: string, namespace = 'default'): Promise<void> {
  await c.ok([
    'patch',
    resource,
    name,
    '-n',
    namespace,
    '--type=merge',
    '-p',
    '{"metadata":{"finalizers":null}}',
  ]);
}

describe('deleting a Deployment', () => {
  it('removes its ReplicaSets and pods (background cascade)', async () => {
    const deleted = await c.ok(['delete', 'deployment', 'gc-background']);
    assert.equal(deleted.stdout, 'deployment.apps "gc-background" deleted\n');
    await eventually(async () => {
      const out = await c.ok(['get', 'rs,pods', '-l', 'app=gc-background']);
      assert.equal(out.stdout, '');
      assert.equal(out.stderr, 'No resources found in default namespace.\n');
    }, 20_000);
  });

  it('--cascade=orphan keeps the ReplicaSet and pods, without owner references', async () => {
    const rsBefore = await replicaSets('gc-orphan');
    await c.ok(['delete', 'deployment', 'gc-orphan', '--cascade=orphan']);
    assert.equal((await c.run(['get', 'deployment', 'gc-orphan'])).code, 1);
    // Give the garbage collector time to (wrongly) act.
    await delay(2000);
    const rss = await replicaSets('gc-orphan');
    assert.deepEqual(
      rss.map((rs) => rs.metadata?.name),
      rsBefore.map((rs) => rs.metadata?.name),
    );
    assert.equal(rss[0]?.metadata?.ownerReferences, undefined);
    assert.ok(!rss[0]?.metadata?.finalizers?.includes('orphan'));
    const running = (await pods('gc-orphan')).filter((p) => p.metadata?.deletionTimestamp === undefined);
    assert.equal(running.length, 2);
    // The pods still belong to the (now orphaned) ReplicaSet.
    for (const p of running) assert.equal(p.metadata?.ownerReferences?.[0]?.name, rss[0]?.metadata?.name);
  });

  it('--cascade=foreground holds the Deployment until its dependents are gone', async () => {
    const [held] = await pods('gc-foreground');
    await c.ok([
      'patch',
      'pod',
      held?.metadata?.name ?? '',
      '--type=merge',
      '-p',
      JSON.stringify({ metadata: { finalizers: [hold] } }),
    ]);
    // kubectl delete waits for the Deployment to disappear.
    const deletion = c.background(['delete', 'deployment', 'gc-foreground', '--cascade=foreground']);
    try {
      await eventually(async () => {
        const d = await c.json<Deployment>(['deployment', 'gc-foreground']);
        assert.ok(d.metadata?.deletionTimestamp);
        assert.deepEqual(d.metadata?.finalizers, ['foregroundDeletion']);
        const [rs] = await replicaSets('gc-foreground');
        assert.ok(rs?.metadata?.deletionTimestamp);
        assert.deepEqual(rs?.metadata?.finalizers, ['foregroundDeletion']);
        // Only the held pod is left.
        assert.deepEqual(
          (await pods('gc-foreground')).map((p) => p.metadata?.name),
          [held?.metadata?.name],
        );
      }, 20_000);
      await delay(1000);
      assert.equal((await c.run(['get', 'deployment', 'gc-foreground'])).code, 0);
      const [row] = (await c.table(['pods', '-l', 'app=gc-foreground'])).records;
      assert.equal(row?.['STATUS'], 'Completed');

      await release('pod', held?.metadata?.name ?? '');
      const timeout = delay(30_000, undefined, { ref: false }).then(() => undefined);
      const result = await Promise.race([deletion.done, timeout]);
      assert.ok(result, 'kubectl delete --cascade=foreground did not return');
      assert.equal(result.code, 0);
      assert.equal(result.stdout, 'deployment.apps "gc-foreground" deleted\n');
    } finally {
      await deletion.stop();
    }
    const rest = await c.ok(['get', 'deployment,rs,pods', '-l', 'app=gc-foreground']);
    assert.equal(rest.stderr, 'No resources found in default namespace.\n');
  });
});

describe('deleting a namespace', () => {
  it('removes everything in it, reports what remains, then removes the namespace', async () => {
    await c.ok(['create', 'namespace', 'doomed']);
    await eventually(() => c.ok(['get', 'serviceaccount', 'default', '-n', 'doomed']), 15_000);
    const inDoomed = (o: object) => ({
      ...o,
      metadata: { ...(o as { metadata: object }).metadata, namespace: 'doomed' },
    });
    await c.apply(
      inDoomed(
        deployment('app', 'registry.local/app:1', 2, { podSpec: { terminationGracePeriodSeconds: 1 } }),
      ),
      inDoomed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', finalizers: [hold] } }),
      inDoomed({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'app' },
        spec: { selector: { app: 'app' }, ports: [{ port: 80 }] },
      }),
      inDoomed({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, stringData: { a: 'b' } }),
    );
    await c.ok(['rollout', 'status', 'deployment/app', '-n', 'doomed', '--timeout=60s']);

    const deleted = await c.ok(['delete', 'namespace', 'doomed', '--wait=false']);
    assert.equal(deleted.stdout, 'namespace "doomed" deleted\n');
    const [row] = (await c.table(['namespace', 'doomed'])).records;
    assert.equal(row?.['STATUS'], 'Terminating');
    // Everything but the held ConfigMap goes; the conditions say what is left and why.
    const ns = await eventually(async () => {
      const n = await c.json<Namespace>(['namespace', 'doomed']);
      const byType = Object.fromEntries((n.status?.conditions ?? []).map((x) => [x.type, x]));
      assert.equal(byType['NamespaceContentRemaining']?.status, 'True');
      assert.equal(byType['NamespaceFinalizersRemaining']?.status, 'True');
      assert.equal(
        byType['NamespaceContentRemaining']?.message,
        'Some resources are remaining: configmaps. has 1 resource instances',
      );
      return n;
    }, 30_000);
    assert.equal(ns.status?.phase, 'Terminating');
    const byType = Object.fromEntries((ns.status?.conditions ?? []).map((x) => [x.type, x]));
    assert.deepEqual(
      [byType['NamespaceFinalizersRemaining']?.reason, byType['NamespaceFinalizersRemaining']?.message],
      [
        'SomeFinalizersRemain',
        `Some content in the namespace has finalizers remaining: ${hold} in 1 resource instances`,
      ],
    );
    assert.deepEqual(
      [byType['NamespaceDeletionContentFailure']?.status, byType['NamespaceDeletionContentFailure']?.reason],
      ['False', 'ContentDeleted'],
    );
    const left = await c.ok(['get', 'all,configmaps,secrets', '-n', 'doomed', '-o', 'name']);
    assert.equal(left.stdout, 'configmap/kept\n');

    await release('configmap', 'kept', 'doomed');
    await eventually(async () => {
      const gone = await c.run(['get', 'namespace', 'doomed']);
      assert.equal(gone.code, 1);
      assert.equal(gone.stderr, 'Error from server (NotFound): namespaces "doomed" not found\n');
    }, 30_000);
  });
});
