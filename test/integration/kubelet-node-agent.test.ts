// The whole Kubelet against a real ApiServer in this process (memory datastore), as the node
// "agent-node" through the in-process transport (Node authorizer, NodeRestriction), with fakes
// only at the process boundaries: the CRI (FakeRuntime), /sys/fs/cgroup (a temp dir) and the
// machine's stats (FakeStatsProvider). Covers static pods and their mirror pods, memory-pressure
// eviction and admission, node pressure conditions, and termination (the terminating status
// write, force deletion's minimum grace).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Event, Namespace, Node, Pod, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { ApiServer } from '../../src/apiserver/api-server.js';
import type { UserInfo } from '../../src/apiserver/http/api-request.js';
import { createLogger } from '../../src/base/logger.js';
import type { KubeClient } from '../../src/client/index.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { FakeRuntime } from '../../src/kubelet/cri/fake-runtime.js';
import type { StopContainerRequest } from '../../src/kubelet/cri/runtime-service.js';
import { FakeStatsProvider } from '../../src/kubelet/eviction/stats-provider.js';
import { Kubelet } from '../../src/kubelet/kubelet.js';
import { fakeCgroupV1Mount, inProcessClientAs } from '../support/kubelet-harness.js';

const quiet = createLogger('test', { write: () => {} });
const ns = 'agent-it';
const nodeName = 'agent-node';
const image = '127.0.0.1:5000/toolbox:1';
const admin: UserInfo = { name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
const nodeUser: UserInfo = {
  name: `system:node:${nodeName}`,
  groups: ['system:nodes', 'system:authenticated'],
};
const t = (resource: string) => ({ group: '', version: 'v1', resource });
const gi = 1024 ** 3;

let dataDir: string;
let manifests: string;
let server: ApiServer;
let adminClient: KubeClient;
let nodeClient: KubeClient;
let runtime: FakeRuntime;
let kubelet: Kubelet;
const stats = new FakeStatsProvider();

function clientAs(user: UserInfo): KubeClient {
  return inProcessClientAs(() => server, user, 'kubelet-node-agent-test');
}

function observe(memoryAvailable: number): void {
  const time = Date.now();
  stats.current = {
    memory: { availableBytes: memoryAvailable, workingSetBytes: 8 * gi - memoryAvailable, time },
    nodeFs: { capacityBytes: 100 * gi, availableBytes: 80 * gi, inodes: 1e6, inodesFree: 9e5, time },
    pods: runtimeUsage(),
  };
}

// Every running pod uses 100Mi, so ranking has something to go by.
function runtimeUsage() {
  const uids = new Set(
    (runtime?.calls ?? [])
      .filter((c) => c.method === 'runPodSandbox')
      .map((c) => (c.request as { config: { metadata: { uid: string } } }).config.metadata.uid),
  );
  return [...uids].map((uid) => ({ uid, memoryWorkingSetBytes: 100 * 1024 ** 2, containers: [] }));
}

const pods = () => adminClient.resource<Pod>(t('pods')).namespace(ns);
const podSpec = (name: string, extra: Partial<Pod['spec']> = {}): Pod => ({
  metadata: { name, namespace: ns },
  spec: {
    nodeName,
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 30,
    containers: [{ name: 'app', image, imagePullPolicy: 'IfNotPresent' }],
    ...extra,
  },
});

async function podPhase(name: string, namespace = ns): Promise<Pod> {
  return adminClient.resource<Pod>(t('pods')).namespace(namespace).get(name);
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-kubelet-agent-'));
  manifests = join(dataDir, 'manifests');
  await mkdir(manifests);
  const cgroups = join(dataDir, 'cgroup');
  await fakeCgroupV1Mount(cgroups);
  server = await ApiServer.start({
    dataDir,
    datastore: 'memory',
    bindAddress: '127.0.0.1',
    port: 0,
    log: quiet,
  });
  adminClient = clientAs(admin);
  nodeClient = clientAs(nodeUser);
  await adminClient.resource<Namespace>(t('namespaces')).create({ metadata: { name: ns } });
  await adminClient
    .resource<ServiceAccount>(t('serviceaccounts'))
    .namespace(ns)
    .create({ metadata: { name: 'default' } });
  runtime = new FakeRuntime({ images: [image] });
  runtime.setCondition('RuntimeReady', true);
  runtime.setCondition('NetworkReady', true);
  observe(6 * gi);
  await writeFile(
    join(manifests, 'static-web.yaml'),
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: static-web',
      `  namespace: ${ns}`,
      'spec:',
      '  containers:',
      '  - name: web',
      `    image: ${image}`,
      '    imagePullPolicy: IfNotPresent',
      '',
    ].join('\n'),
  );
  kubelet = await Kubelet.start({
    client: nodeClient,
    runtime,
    runtimeVersion: await runtime.version('v1'),
    nodeName,
    nodeIP: '127.0.0.1',
    rootDir: join(dataDir, 'kubelet'),
    cgroupMountPoint: cgroups,
    podCidr: '10.99.0.0/24',
    podManifestPath: manifests,
    statsProvider: stats,
    eviction: { monitoringIntervalMs: 100, pressureTransitionPeriodMs: 1000 },
    resyncMs: 1000,
    logger: quiet,
  });
});

after(async () => {
  await kubelet?.close();
  adminClient?.close();
  nodeClient?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const sandboxesOf = (uid: string) =>
  runtime.calls.filter(
    (c) =>
      c.method === 'runPodSandbox' &&
      (c.request as { config: { metadata: { uid: string } } }).config.metadata.uid === uid,
  ).length;

test('a static pod runs and its mirror pod shows it in the API; the mirror itself never runs', async () => {
  const mirror = await eventually(async () => {
    const m = await podPhase(`static-web-${nodeName}`);
    assert.equal(m.status?.phase, 'Running');
    return m;
  }, 15_000);
  const hash = mirror.metadata?.annotations?.['kubernetes.io/config.hash'] ?? '';
  assert.equal(mirror.metadata?.annotations?.['kubernetes.io/config.mirror'], hash);
  assert.equal(mirror.metadata?.ownerReferences?.[0]?.kind, 'Node');
  assert.equal(mirror.status?.qosClass, 'BestEffort');
  assert.equal(sandboxesOf(hash), 1, 'the static pod (uid = its hash) has one sandbox');
  assert.equal(sandboxesOf(mirror.metadata?.uid ?? ''), 0, 'the mirror pod is never run');

  // A mirror deleted by hand comes back (a new object), and the static pod keeps running.
  await pods().delete(mirror.metadata?.name ?? '');
  await eventually(async () => {
    const again = await podPhase(`static-web-${nodeName}`);
    assert.notEqual(again.metadata?.uid, mirror.metadata?.uid);
    assert.equal(again.status?.phase, 'Running');
  }, 15_000);
  assert.equal(sandboxesOf(hash), 1);

  // Removing the manifest stops the static pod and deletes its mirror.
  await unlink(join(manifests, 'static-web.yaml'));
  await eventually(async () => {
    await assert.rejects(podPhase(`static-web-${nodeName}`), /not found/);
  }, 15_000);
  await eventually(async () => {
    const view = await runtime.listContainers({
      filter: { labelSelector: { 'io.kubernetes.pod.uid': hash } },
    });
    assert.ok(view.containers.every((c) => c.state !== 'CONTAINER_RUNNING'));
  }, 15_000);
});

test('a deleted pod reports its containers terminated before it goes; force deletion kills within 1 s', async () => {
  await pods().create(podSpec('graceful', { terminationGracePeriodSeconds: 7 }));
  await pods().create(podSpec('forced'));
  await eventually(async () => {
    assert.equal((await podPhase('graceful')).status?.phase, 'Running');
    assert.equal((await podPhase('forced')).status?.phase, 'Running');
  }, 15_000);
  // The grace each of a pod's containers was stopped with.
  const stopTimeouts = async (name: string) => {
    const uid = (await podPhase(name)).metadata?.uid ?? '';
    const listed = await runtime.listContainers({
      filter: { labelSelector: { 'io.kubernetes.pod.uid': uid } },
    });
    const ids = new Set(listed.containers.map((c) => c.id));
    return () =>
      runtime.calls
        .filter((c) => c.method === 'stopContainer')
        .map((c) => c.request as StopContainerRequest)
        .filter((r) => ids.has(r.containerId))
        .map((r) => r.timeout);
  };
  const gracefulStops = await stopTimeouts('graceful');
  const forcedStops = await stopTimeouts('forced');

  const seen: string[] = [];
  const watch = await pods().watch({ fieldSelector: 'metadata.name=graceful' });
  const watching = (async () => {
    for await (const e of watch) {
      if (e.type === 'BOOKMARK') continue;
      const p = e.object as Pod;
      const state = p.status?.containerStatuses?.[0]?.state;
      if (p.metadata?.deletionTimestamp) seen.push(state?.terminated ? 'terminated' : 'running');
      if (e.type === 'DELETED') break;
    }
  })();
  await pods().delete('graceful');
  await watching;
  assert.ok(
    seen.includes('terminated'),
    `the terminal status was written before the deletion: ${seen.join(',')}`,
  );
  assert.deepEqual(gracefulStops(), [7]);

  await pods().delete('forced', { gracePeriodSeconds: 0 });
  await eventually(async () => assert.deepEqual(forcedStops(), [1]), 15_000);
});

test('memory pressure: the node says so, a BestEffort pod is evicted, new ones are rejected', async () => {
  await pods().create(podSpec('hungry'));
  await eventually(async () => assert.equal((await podPhase('hungry')).status?.phase, 'Running'), 15_000);
  observe(50 * 1024 ** 2);

  const evicted = await eventually(async () => {
    const p = await podPhase('hungry');
    assert.equal(p.status?.phase, 'Failed');
    return p;
  }, 15_000);
  assert.equal(evicted.status?.reason, 'Evicted');
  assert.match(evicted.status?.message ?? '', /^The node was low on resource: memory\. /);
  const disruption = evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
  assert.deepEqual([disruption?.status, disruption?.reason], ['True', 'TerminationByKubelet']);
  assert.equal(evicted.status?.containerStatuses?.[0]?.state?.terminated !== undefined, true);
  const events = await adminClient.resource<Event>(t('events')).namespace(ns).list();
  assert.ok(events.items.some((e) => e.reason === 'Evicted' && e.involvedObject.name === 'hungry'));

  await eventually(async () => {
    const node = await adminClient.resource<Node>(t('nodes')).get(nodeName);
    assert.equal(node.status?.conditions?.find((c) => c.type === 'MemoryPressure')?.status, 'True');
  }, 30_000);

  await pods().create(podSpec('late'));
  const rejected = await eventually(async () => {
    const p = await podPhase('late');
    assert.equal(p.status?.phase, 'Failed');
    return p;
  }, 15_000);
  assert.equal(rejected.status?.reason, 'Evicted');
  assert.equal(rejected.status?.message, 'Pod was rejected: The node had condition: [MemoryPressure]. ');

  observe(6 * gi);
  await eventually(async () => {
    const node = await adminClient.resource<Node>(t('nodes')).get(nodeName);
    assert.equal(node.status?.conditions?.find((c) => c.type === 'MemoryPressure')?.status, 'False');
  }, 30_000);
});
