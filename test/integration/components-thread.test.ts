// `k8ts server`'s components thread against a real ApiServer in this process (memory datastore):
// the scheduler, the controller manager and simulated nodes run in a worker thread and reach the
// apiserver over connections whose bytes cross threads, each as its own identity; their log
// entries come back to the main thread's logger; stopping ends the thread.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { ApiServer } from '../../src/apiserver/api-server.js';
import { createLogger } from '../../src/base/logger.js';
import type { KubeClient } from '../../src/client/index.js';
import {
  startComponentsThread,
  type ComponentsThread,
} from '../../src/cmd/components-thread/components-thread.js';
import { ADMIN_IDENTITY, embeddedClient } from '../../src/cmd/embedded-client.js';

const lines: string[] = [];
const log = createLogger('server', { level: 'info', write: (line) => lines.push(line) });
const podsType = { group: '', version: 'v1', resource: 'pods' };
const nodesType = { group: '', version: 'v1', resource: 'nodes' };
const deploymentsType = { group: 'apps', version: 'v1', resource: 'deployments' };

let dataDir: string;
let server: ApiServer;
let client: KubeClient;
let components: ComponentsThread;

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-components-thread-'));
  server = await ApiServer.start({ dataDir, datastore: 'memory', bindAddress: '127.0.0.1', port: 0, log });
  client = await embeddedClient(server, ADMIN_IDENTITY, 'in-process', { component: 'test', qps: Infinity });
  components = await startComponentsThread(
    server,
    { plane: { scheduler: true, controllers: ['*'] }, sim: { count: 2 }, logLevel: 'info' },
    log,
  );
});

after(async () => {
  await components?.stop();
  client?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('a Deployment runs on simulated nodes that the scheduler and controllers in the thread serve', async () => {
  assert.equal(components.allocatesPodCidrs, true);
  await until(
    async () => (await components.simStats())?.readyNodes ?? 0,
    (ready) => ready === 2,
    'two Ready simulated nodes',
  );
  const nodes = await client.resource<Node>(nodesType).list();
  assert.deepEqual(nodes.items.map((n) => n.metadata?.name).sort(), ['sim-node-0', 'sim-node-1']);
  // node-ipam in the thread handed out the podCIDRs.
  assert.ok(nodes.items.every((n) => n.spec?.podCIDR !== undefined));

  await client
    .resource<Deployment>(deploymentsType)
    .namespace('default')
    .create({
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'c', image: 'img' }] },
        },
      },
    });
  const pods = await until(
    () => client.resource<Pod>(podsType).namespace('default').list({ labelSelector: 'app=web' }),
    (list) => list.items.length === 3 && list.items.every((p) => p.status?.phase === 'Running'),
    'three Running pods',
  );
  for (const pod of pods.items) {
    assert.match(pod.spec?.nodeName ?? '', /^sim-node-[01]$/);
    // Each component wrote as itself: the ReplicaSet controller created the pod, the simulated
    // kubelet reported its status under a real kubelet's manager name.
    const writers = (pod.metadata?.managedFields ?? []).map(
      (e) => `${e.manager}${e.subresource ? `/${e.subresource}` : ''}`,
    );
    assert.ok(writers.includes('kube-controller-manager'), writers.join());
    assert.ok(writers.includes('kubelet/status'), writers.join());
  }
});

test("the thread's log entries reach the main thread's logger under their components", () => {
  assert.ok(
    lines.some((l) => / INFO server\.controller-manager\.\S+ /.test(l)),
    `no controller-manager line among ${lines.length}`,
  );
  assert.ok(
    lines.some((l) => / server\.scheduler/.test(l)),
    'no scheduler line',
  );
});

test('components that cannot start fail the start with their error, and the thread ends', async () => {
  await assert.rejects(
    startComponentsThread(server, { plane: { scheduler: false, controllers: ['no-such-controller'] } }, log),
    /no-such-controller/,
  );
});

test('stopping ends the thread, and its connections close', async () => {
  const before = lines.length;
  await components.stop();
  // Stopping twice is harmless, and a stopped thread has no nodes to report.
  await components.stop();
  assert.equal(await components.simStats(), undefined);
  // A stop is no failure.
  assert.ok(!lines.slice(before).some((l) => /components thread exited/.test(l)));
});
