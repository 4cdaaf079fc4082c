/**
 * kube-scheduler against a real `k8ts server`: Node objects created through the API (no node
 * agent), pods created with the real kubectl, placement checked from the pods' nodeName, and
 * failures checked in `kubectl describe pod` as upstream prints them.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import { stringify } from 'yaml';
import { systemClock } from '../../src/base/clock.js';
import { createLogger } from '../../src/base/logger.js';
import { KubeClient } from '../../src/client/index.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { startScheduler, type RunningScheduler } from '../../src/scheduler/index.js';
import {
  createNodes,
  finalizeTerminatingPods,
  simNode,
  type SimNodeOptions,
} from '../../src/scheduler/testing/sim-cluster.js';
import { kubectlOk } from '../support/kubectl.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const ns = 'default';
let server: K8tsServer;
let client: KubeClient;
let running: RunningScheduler;
const stop = new AbortController();

const pods = () => client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).namespace(ns);
const nodesApi = () => client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' });
const apply = (objects: object[]) =>
  kubectlOk(['apply', '-n', ns, '-f', '-'], {
    kubeconfig: server.kubeconfig,
    stdin: objects.map((o) => stringify(o)).join('---\n'),
  });

function pod(
  name: string,
  spec: Record<string, unknown> = {},
  meta: Record<string, unknown> = {},
  requests?: Record<string, string>,
): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, ...meta },
    spec: {
      containers: [
        { name: 'app', image: 'registry.local/app:1', ...(requests ? { resources: { requests } } : {}) },
      ],
      ...spec,
    },
  };
}

async function nodeOf(name: string): Promise<string> {
  return (await pods().get(name)).spec?.nodeName ?? '';
}

/** Waits until every named pod is bound; returns their nodes. */
async function bound(names: string[]): Promise<Record<string, string>> {
  return eventually(async () => {
    const out: Record<string, string> = {};
    for (const n of names) {
      out[n] = await nodeOf(n);
      assert.notEqual(out[n], '', `${n} is not bound yet`);
    }
    return out;
  }, 20_000);
}

/** The FailedScheduling message kubectl describe shows for a pod (waits for it). */
async function failedScheduling(name: string): Promise<string> {
  return eventually(async () => {
    const out = (await kubectlOk(['describe', 'pod', name, '-n', ns], { kubeconfig: server.kubeconfig }))
      .stdout;
    const line = out.split('\n').find((l) => l.includes('FailedScheduling'));
    assert.ok(line, `no FailedScheduling event yet:\n${out}`);
    return line.slice(line.indexOf('default-scheduler') + 'default-scheduler'.length).trim();
  }, 20_000);
}

async function addNodes(specs: Record<string, SimNodeOptions>): Promise<void> {
  await createNodes(
    client,
    Object.entries(specs).map(([name, o]) => simNode(name, o)),
  );
  await eventually(() => assert.equal(running.scheduler.cache.nodeCount, Object.keys(specs).length), 10_000);
}

describe('scheduler placement (real server, API-only nodes)', () => {
  before(async () => {
    server = await startK8tsServer();
    client = await KubeClient.fromKubeconfig({
      path: server.kubeconfig,
      qps: Infinity,
      component: 'e2e-scheduler',
    });
    running = startScheduler({
      client,
      clock: systemClock,
      log: createLogger('scheduler', { level: 'error' }),
      signal: stop.signal,
    });
    await running.ready;
    await finalizeTerminatingPods(client, stop.signal);
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
    for (const n of (await nodesApi().list()).items)
      await nodesApi()
        .delete(n.metadata!.name!)
        .catch(() => {});
    await eventually(() => {
      assert.equal(running.scheduler.cache.nodeCount, 0);
      assert.equal(running.scheduler.cache.podCount, 0);
    }, 10_000);
  });

  it('places a pod only where its requests fit', async () => {
    await addNodes({ small: { cpu: '1' }, large: { cpu: '4' } });
    await apply([pod('needs-2-cpu', {}, {}, { cpu: '2' })]);
    assert.deepEqual(await bound(['needs-2-cpu']), { 'needs-2-cpu': 'large' });
  });

  it('honours nodeSelector and required node affinity', async () => {
    await addNodes({
      ssd: { labels: { disk: 'ssd', 'topology.kubernetes.io/zone': 'a' } },
      hdd: { labels: { disk: 'hdd', 'topology.kubernetes.io/zone': 'b' } },
    });
    await apply([
      pod('selector', { nodeSelector: { disk: 'hdd' } }),
      pod('affinity', {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }] },
              ],
            },
          },
        },
      }),
    ]);
    assert.deepEqual(await bound(['selector', 'affinity']), { selector: 'hdd', affinity: 'ssd' });
  });

  it('keeps pods off tainted nodes unless tolerated; PreferNoSchedule only steers', async () => {
    await addNodes({
      dedicated: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
      soft: { taints: [{ key: 'legacy', value: 'yes', effect: 'PreferNoSchedule' }] },
      plain: {},
    });
    const names = ['t1', 't2', 't3', 't4'];
    await apply(names.map((n) => pod(n)));
    const placed = await bound(names);
    assert.deepEqual(new Set(Object.values(placed)), new Set(['plain']));
    await apply([
      pod('tolerant', {
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
        nodeSelector: { 'kubernetes.io/hostname': 'dedicated' },
      }),
    ]);
    assert.deepEqual(await bound(['tolerant']), { tolerant: 'dedicated' });
  });

  it('gives each host port to one pod per node', async () => {
    await addNodes({ n1: {}, n2: {} });
    const withPort = (name: string) =>
      pod(name, {
        containers: [
          { name: 'app', image: 'registry.local/app:1', ports: [{ containerPort: 80, hostPort: 8080 }] },
        ],
      });
    await apply([withPort('hp1'), withPort('hp2')]);
    const placed = await bound(['hp1', 'hp2']);
    assert.notEqual(placed['hp1'], placed['hp2']);
    await apply([withPort('hp3')]);
    assert.equal(
      await failedScheduling('hp3'),
      "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..",
    );
  });

  it('required pod anti-affinity puts one replica per node', async () => {
    await addNodes({ n1: {}, n2: {}, n3: {} });
    const replica = (name: string) =>
      pod(
        name,
        {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
              ],
            },
          },
        },
        { labels: { app: 'db' } },
      );
    await apply(['db-0', 'db-1', 'db-2'].map(replica));
    const placed = await bound(['db-0', 'db-1', 'db-2']);
    assert.equal(new Set(Object.values(placed)).size, 3);
    await apply([replica('db-3')]);
    assert.equal(
      await failedScheduling('db-3'),
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
    );
  });

  it('spreads across zones with maxSkew 1', async () => {
    const zone = (z: string) => ({ labels: { 'topology.kubernetes.io/zone': z } });
    await addNodes({
      a1: zone('a'),
      a2: zone('a'),
      b1: zone('b'),
      b2: zone('b'),
      c1: zone('c'),
      c2: zone('c'),
    });
    const names = ['s0', 's1', 's2', 's3', 's4', 's5'];
    const spread = (name: string) =>
      pod(
        name,
        {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'web' } },
            },
          ],
        },
        { labels: { app: 'web' } },
      );
    for (const n of names) {
      await apply([spread(n)]);
      await bound([n]);
    }
    const placed = await bound(names);
    const perZone = new Map<string, number>();
    for (const node of Object.values(placed)) perZone.set(node[0]!, (perZone.get(node[0]!) ?? 0) + 1);
    assert.deepEqual([...perZone.values()], [2, 2, 2]);
  });

  it('preferences shift placement: preferred node affinity and soft spreading', async () => {
    const zone = (z: string, extra: Record<string, string> = {}) => ({
      labels: { 'topology.kubernetes.io/zone': z, ...extra },
    });
    await addNodes({ a1: zone('a', { tier: 'gold' }), b1: zone('b'), c1: zone('c') });
    const preferring = ['pref-0', 'pref-1', 'pref-2'].map((n) =>
      pod(n, {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                preference: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] },
              },
            ],
          },
        },
      }),
    );
    await apply(preferring);
    assert.deepEqual(new Set(Object.values(await bound(['pref-0', 'pref-1', 'pref-2']))), new Set(['a1']));
    const soft = (name: string) =>
      pod(
        name,
        {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { app: 'soft' } },
            },
          ],
        },
        { labels: { app: 'soft' } },
      );
    for (const n of ['soft-0', 'soft-1', 'soft-2']) {
      await apply([soft(n)]);
      await bound([n]);
    }
    assert.equal(new Set(Object.values(await bound(['soft-0', 'soft-1', 'soft-2']))).size, 3);
  });

  it('reports FailedScheduling as upstream does and schedules once a fitting node appears', async () => {
    const taint = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }];
    await addNodes({
      small1: { cpu: '2' },
      small2: { cpu: '2' },
      db1: { cpu: '8', taints: taint },
      db2: { cpu: '8', taints: taint },
      db3: { cpu: '8', taints: taint },
    });
    await apply([
      pod('filler-1', { nodeSelector: { 'kubernetes.io/hostname': 'small1' } }, {}, { cpu: '1500m' }),
      pod('filler-2', { nodeSelector: { 'kubernetes.io/hostname': 'small2' } }, {}, { cpu: '1500m' }),
    ]);
    await bound(['filler-1', 'filler-2']);
    await apply([pod('pending', {}, {}, { cpu: '1' })]);
    const message = await failedScheduling('pending');
    assert.equal(
      message,
      '0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: db}. ' +
        'preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling..',
    );
    const cond = (await pods().get('pending')).status?.conditions?.find((c) => c.type === 'PodScheduled');
    assert.equal(cond?.status, 'False');
    assert.equal(cond?.reason, 'Unschedulable');
    assert.equal(cond?.message, message);
    await createNodes(client, [simNode('roomy', { cpu: '4' })]);
    assert.equal((await bound(['pending']))['pending'], 'roomy');
  });

  it('schedules a waiting pod once the pod blocking it goes away', async () => {
    await addNodes({ only: { cpu: '1' } });
    await apply([pod('blocker', {}, {}, { cpu: '800m' })]);
    await bound(['blocker']);
    await apply([pod('waiter', {}, {}, { cpu: '800m' })]);
    await failedScheduling('waiter');
    await kubectlOk(['delete', 'pod', 'blocker', '-n', ns, '--wait=false'], {
      kubeconfig: server.kubeconfig,
    });
    assert.equal((await bound(['waiter']))['waiter'], 'only');
  });

  it('keeps gated pods pending until their gates are removed', async () => {
    await addNodes({ n1: {} });
    await apply([pod('gated', { schedulingGates: [{ name: 'example.com/approval' }] })]);
    await eventually(() => assert.equal(running.scheduler.queue.pendingCounts().gated, 1), 10_000);
    assert.equal(await nodeOf('gated'), '');
    await pods().patch('gated', 'json', [{ op: 'remove', path: '/spec/schedulingGates' }]);
    assert.equal((await bound(['gated']))['gated'], 'n1');
  });

  it('WaitForFirstConsumer claims go where a matching local PV is, and the PV is claimed for them', async () => {
    await addNodes({ n1: {}, n2: {} });
    const pvApi = client.resource<PersistentVolume>({
      group: '',
      version: 'v1',
      resource: 'persistentvolumes',
    });
    const pvcApi = client
      .resource<PersistentVolumeClaim>({ group: '', version: 'v1', resource: 'persistentvolumeclaims' })
      .namespace(ns);
    await apply([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'local' },
        provisioner: 'kubernetes.io/no-provisioner',
        volumeBindingMode: 'WaitForFirstConsumer',
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'local-n2' },
        spec: {
          capacity: { storage: '10Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'local',
          local: { path: '/mnt/disk1' },
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n2'] }] },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', namespace: ns },
        spec: {
          storageClassName: 'local',
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '5Gi' } },
        },
      },
    ]);
    await apply([
      pod('with-volume', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }),
    ]);
    // The scheduler claims the PV for the PVC; completing the binding is the PV controller's job.
    const pv = await eventually(async () => {
      const v = await pvApi.get('local-n2');
      assert.equal(v.spec?.claimRef?.name, 'data', 'PV not claimed yet');
      return v;
    }, 20_000);
    assert.ok(pv);
    const claim = await pvcApi.get('data');
    await pvcApi.update({ ...claim, spec: { ...claim.spec, volumeName: 'local-n2' } });
    assert.equal((await bound(['with-volume']))['with-volume'], 'n2');
    await pvcApi.delete('data').catch(() => {});
    await pvApi.delete('local-n2').catch(() => {});
  });
});
