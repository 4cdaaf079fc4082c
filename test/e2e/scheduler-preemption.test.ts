/**
 * Preemption against a real `k8ts server`: a high-priority pod evicts lower-priority pods
 * (nominatedNodeName set, victims deleted gracefully, a Preempted event on each), prefers nodes
 * where no PodDisruptionBudget is violated, and pods with preemptionPolicy Never wait instead.
 * Nodes are API objects; a stand-in kubelet finishes graceful deletions.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { stringify } from 'yaml';
import { systemClock } from '../../src/base/clock.js';
import { createLogger } from '../../src/base/logger.js';
import { KubeClient } from '../../src/client/index.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { startScheduler, type RunningScheduler } from '../../src/scheduler/index.js';
import { createNodes, finalizeTerminatingPods, simNode } from '../../src/scheduler/testing/sim-cluster.js';
import { kubectlOk } from '../support/kubectl.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const ns = 'default';
let server: K8tsServer;
let client: KubeClient;
let running: RunningScheduler;
const stop = new AbortController();
const deletions = new Map<string, string>();

const pods = () => client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).namespace(ns);
const nodesApi = () => client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' });
const pdbs = () =>
  client
    .resource<PodDisruptionBudget>({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' })
    .namespace(ns);
const apply = (objects: object[]) =>
  kubectlOk(['apply', '-f', '-'], {
    kubeconfig: server.kubeconfig,
    stdin: objects.map((o) => stringify(o)).join('---\n'),
  });

function pod(
  name: string,
  o: { cpu: string; priorityClass: string; node?: string; labels?: Record<string, string> },
): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      priorityClassName: o.priorityClass,
      ...(o.node ? { nodeSelector: { 'kubernetes.io/hostname': o.node } } : {}),
      containers: [{ name: 'app', image: 'registry.local/app:1', resources: { requests: { cpu: o.cpu } } }],
    },
  };
}

async function bound(name: string): Promise<string> {
  return eventually(async () => {
    const node = (await pods().get(name)).spec?.nodeName ?? '';
    assert.notEqual(node, '', `${name} not bound yet`);
    return node;
  }, 30_000);
}

async function gone(name: string): Promise<void> {
  await eventually(async () => {
    const p = await pods()
      .get(name)
      .catch(() => undefined);
    assert.equal(p, undefined, `${name} still exists`);
  }, 30_000);
}

describe('scheduler preemption (real server, API-only nodes)', () => {
  before(async () => {
    // The scheduler reads priority from spec.priority, which the Priority admission plugin sets
    // from priorityClassName: keep that plugin on while the test runs its own scheduler.
    server = await startK8tsServer({
      controlPlane: true,
      extraArgs: [
        '--disable-scheduler',
        '--disable-controller-manager',
        '--disable-admission-plugins=ServiceAccount,TaintNodesByCondition,StorageObjectInUseProtection',
      ],
    });
    client = await KubeClient.fromKubeconfig({
      path: server.kubeconfig,
      qps: Infinity,
      component: 'e2e-preemption',
    });
    running = startScheduler({
      client,
      clock: systemClock,
      log: createLogger('scheduler', { level: 'error' }),
      signal: stop.signal,
    });
    await running.ready;
    await finalizeTerminatingPods(client, stop.signal);
    const classes: PriorityClass[] = [
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'low' }, value: 100 },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
      // The Priority admission plugin copies the class's preemptionPolicy into the pod.
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'high-never' },
        value: 1000,
        preemptionPolicy: 'Never',
      },
    ];
    await apply(classes);
    // Remember which pods went through a graceful deletion (deletionTimestamp seen before removal).
    void (async () => {
      const watch = await pods().watch({ signal: stop.signal });
      for await (const e of watch) {
        const meta = (e.object as Pod).metadata;
        if (meta?.deletionTimestamp && meta.name) deletions.set(meta.name, meta.deletionTimestamp);
      }
    })().catch(() => {});
  });

  after(async () => {
    stop.abort();
    await running?.done.catch(() => {});
    client?.close();
    await server?.stop();
  });

  afterEach(async () => {
    for (const p of (await pods().list()).items)
      await pods()
        .delete(p.metadata!.name!, { gracePeriodSeconds: 0 })
        .catch(() => {});
    for (const p of (await pdbs().list()).items)
      await pdbs()
        .delete(p.metadata!.name!)
        .catch(() => {});
    for (const n of (await nodesApi().list()).items)
      await nodesApi()
        .delete(n.metadata!.name!)
        .catch(() => {});
    await eventually(() => assert.equal(running.scheduler.cache.podCount, 0), 10_000);
  });

  it('evicts lower-priority pods gracefully and nominates their node', async () => {
    await createNodes(client, [simNode('n1', { cpu: '2' })]);
    await apply([
      pod('low-1', { cpu: '1', priorityClass: 'low' }),
      pod('low-2', { cpu: '1', priorityClass: 'low' }),
    ]);
    await bound('low-1');
    await bound('low-2');
    await apply([pod('vip', { cpu: '1500m', priorityClass: 'high' })]);
    const nominated = await eventually(async () => {
      const p = await pods().get('vip');
      const nnn = p.status?.nominatedNodeName ?? p.spec?.nodeName;
      assert.ok(nnn, 'not nominated yet');
      return nnn;
    }, 30_000);
    assert.equal(nominated, 'n1');
    assert.equal(await bound('vip'), 'n1');
    await gone('low-1');
    await gone('low-2');
    assert.ok(deletions.has('low-1') && deletions.has('low-2'), 'victims were deleted gracefully');
    const events = await client
      .resource<Event>({ group: '', version: 'v1', resource: 'events' })
      .namespace(ns)
      .list();
    const preempted = events.items
      .filter((e) => e.reason === 'Preempted')
      .map((e) => e.involvedObject.name)
      .sort();
    assert.deepEqual(preempted, ['low-1', 'low-2']);
    const vipUid = (await pods().get('vip')).metadata?.uid;
    assert.ok(
      events.items.some(
        (e) => e.reason === 'Preempted' && e.message === `Preempted by pod ${vipUid} on node n1`,
      ),
    );
  });

  it('does not violate a PodDisruptionBudget when another node will do', async () => {
    await createNodes(client, [simNode('n1', { cpu: '2' }), simNode('n2', { cpu: '2' })]);
    await apply([
      pod('guarded', { cpu: '2', priorityClass: 'low', node: 'n1', labels: { app: 'guarded' } }),
      pod('spare', { cpu: '2', priorityClass: 'low', node: 'n2', labels: { app: 'spare' } }),
    ]);
    await bound('guarded');
    await bound('spare');
    const pdb = await pdbs().create({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'guarded', namespace: ns },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    });
    // No disruption controller runs here: set the status it would compute.
    await pdbs().updateStatus({
      ...pdb,
      status: {
        disruptionsAllowed: 0,
        currentHealthy: 1,
        desiredHealthy: 1,
        expectedPods: 1,
        observedGeneration: pdb.metadata?.generation ?? 1,
      },
    });
    await eventually(async () => assert.equal(running.scheduler.snapshot.numNodes, 2), 10_000);
    await apply([pod('vip', { cpu: '2', priorityClass: 'high' })]);
    assert.equal(await bound('vip'), 'n2');
    await gone('spare');
    assert.equal((await pods().get('guarded')).metadata?.deletionTimestamp, undefined);
  });

  it('pods with preemptionPolicy Never wait instead of preempting', async () => {
    await createNodes(client, [simNode('n1', { cpu: '1' })]);
    await apply([pod('low', { cpu: '1', priorityClass: 'low' })]);
    await bound('low');
    await apply([pod('polite', { cpu: '1', priorityClass: 'high-never' })]);
    const message = await eventually(async () => {
      const cond = (await pods().get('polite')).status?.conditions?.find((c) => c.type === 'PodScheduled');
      assert.ok(cond?.message, 'no condition yet');
      return cond.message;
    }, 20_000);
    assert.equal(
      message,
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
    );
    assert.equal((await pods().get('low')).metadata?.deletionTimestamp, undefined);
  });
});
