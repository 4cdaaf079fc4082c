/**
 * A simulated node failing under `k8ts server --node-monitor-grace-period 20s` (upstream's flag;
 * default 50s), watched with the real kubectl: once `k8ts sim node stop` silences its heartbeats
 * the node goes NotReady (Ready=Unknown), gets the node.kubernetes.io/unreachable NoSchedule and
 * NoExecute taints, its pods turn unready, those tolerating the taint for 5 s are evicted and
 * replaced by their ReplicaSet on the other nodes, while a pod with the default 300 s toleration
 * stays; when the node starts again its taints go away.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { deployment, startWorkloadCluster, type WorkloadCluster } from '../support/workload-cluster.js';

let c: WorkloadCluster;
const failing = 'sim-node-1';
const unreachable = 'node.kubernetes.io/unreachable';

before(async () => {
  c = await startWorkloadCluster({
    extraArgs: ['--node-monitor-grace-period', '20s', '--node-monitor-period', '1s'],
  });
  const fiveSeconds = (key: string) => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 5,
  });
  await c.apply(
    deployment('web', 'registry.local/web:1', 6, {
      podSpec: { tolerations: [fiveSeconds(unreachable), fiveSeconds('node.kubernetes.io/not-ready')] },
    }),
    // DefaultTolerationSeconds gives this pod 300 s.
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'patient' },
      spec: { nodeName: failing, containers: [{ name: 'app', image: 'registry.local/web:1' }] },
    },
  );
  await c.ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
});

after(async () => {
  await c?.stop();
});

const podsOn = async (node: string, selector: string): Promise<Pod[]> =>
  (await c.json<{ items: Pod[] }>(['pods', '-l', selector, '--field-selector', `spec.nodeName=${node}`]))
    .items;

describe('a node that stops heartbeating', () => {
  it('goes NotReady, is tainted unreachable, and its pods are evicted and replaced', async () => {
    const victims = await eventually(async () => {
      const pods = await podsOn(failing, 'app=web');
      assert.ok(pods.length > 0, `no web pod on ${failing}`);
      return pods.map((p) => p.metadata?.name ?? '');
    });
    await eventually(async () =>
      assert.equal((await c.json<Pod>(['pod', 'patient'])).status?.phase, 'Running'),
    );
    const patientTolerations = (await c.json<Pod>(['pod', 'patient'])).spec?.tolerations;
    assert.deepEqual(
      patientTolerations?.map((t) => [t.key, t.effect, t.tolerationSeconds]),
      [
        ['node.kubernetes.io/not-ready', 'NoExecute', 300],
        [unreachable, 'NoExecute', 300],
      ],
    );

    assert.equal(await c.simNode('stop', failing), `node/${failing} stopped`);
    await eventually(
      async () => {
        const row = (await c.table(['nodes'])).records.find((r) => r['NAME'] === failing);
        assert.equal(row?.['STATUS'], 'NotReady');
      },
      40_000,
      250,
    );
    const node = await c.json<Node>(['node', failing]);
    const ready = node.status?.conditions?.find((x) => x.type === 'Ready');
    assert.deepEqual(
      [ready?.status, ready?.reason, ready?.message],
      ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
    );
    await eventually(async () => {
      const taints = (await c.json<Node>(['node', failing])).spec?.taints ?? [];
      assert.deepEqual(taints.map((t) => `${t.key}:${t.effect}`).sort(), [
        `${unreachable}:NoExecute`,
        `${unreachable}:NoSchedule`,
      ]);
    }, 15_000);

    // 5 s later the web pods there are deleted (they stay Terminating: no kubelet confirms) ...
    const evicted = await eventually(async () => {
      const pods = (await c.json<{ items: Pod[] }>(['pods', '-l', 'app=web'])).items.filter((p) =>
        victims.includes(p.metadata?.name ?? ''),
      );
      assert.ok(
        pods.every((p) => p.metadata?.deletionTimestamp),
        'not all evicted yet',
      );
      return pods;
    }, 30_000);
    for (const p of evicted) {
      const conditions = Object.fromEntries((p.status?.conditions ?? []).map((x) => [x.type, x]));
      assert.equal(conditions['Ready']?.status, 'False');
      assert.deepEqual(
        [conditions['DisruptionTarget']?.status, conditions['DisruptionTarget']?.reason],
        ['True', 'DeletionByTaintManager'],
      );
    }
    const events = (await c.ok(['get', 'events', '--field-selector', `involvedObject.name=${victims[0]}`]))
      .stdout;
    assert.match(events, /Warning\s+NodeNotReady\s+pod\/\S+\s+Node is not ready/);
    assert.match(
      events,
      new RegExp(
        `Normal\\s+TaintManagerEviction\\s+pod/\\S+\\s+Marking for deletion Pod default/${victims[0]}`,
      ),
    );

    // ... and replaced on the other nodes.
    await eventually(async () => {
      const [row] = (await c.table(['deployment', 'web'])).records;
      assert.deepEqual([row?.['READY'], row?.['AVAILABLE']], ['6/6', '6']);
      const running = (await c.json<{ items: Pod[] }>(['pods', '-l', 'app=web'])).items.filter(
        (p) => !p.metadata?.deletionTimestamp,
      );
      assert.equal(running.length, 6);
      for (const p of running) assert.notEqual(p.spec?.nodeName, failing);
    }, 20_000);

    // The pod with the default 300 s toleration stays, only marked unready.
    const patient = await c.json<Pod>(['pod', 'patient']);
    assert.equal(patient.metadata?.deletionTimestamp, undefined);
    assert.equal(patient.status?.conditions?.find((x) => x.type === 'Ready')?.status, 'False');
  });

  it('comes back Ready and untainted when it starts again', async () => {
    assert.equal(await c.simNode('start', failing), `node/${failing} started`);
    await eventually(async () => {
      const row = (await c.table(['nodes'])).records.find((r) => r['NAME'] === failing);
      assert.equal(row?.['STATUS'], 'Ready');
      assert.equal((await c.json<Node>(['node', failing])).spec?.taints, undefined);
    }, 30_000);
    // Its kubelet finishes the evicted pods; the patient pod runs on.
    await eventually(async () => {
      assert.deepEqual(
        (await podsOn(failing, 'app=web')).map((p) => p.metadata?.name),
        [],
      );
    }, 30_000);
    const patient = await c.json<Pod>(['pod', 'patient']);
    assert.equal(patient.metadata?.deletionTimestamp, undefined);
    assert.equal(patient.status?.phase, 'Running');
  });
});
