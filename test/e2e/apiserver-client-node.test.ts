/**
 * @kubernetes/client-node (1.x, unmodified) against the server on the SQLite datastore: typed
 * CRUD, Status errors as ApiException, and a list+watch informer (makeInformer) that sees add,
 * update and delete in order and resumes after a server restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { kubectlOk } from '../support/kubectl.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
let core: k8s.CoreV1Api;
let kc: k8s.KubeConfig;
const ns = 'e2e-client-node';
const informers: Array<k8s.Informer<k8s.V1ConfigMap>> = [];
// Set once the file is done: error handlers must not restart a stopped informer.
let finished = false;

before(async () => {
  server = await startK8tsServer({ datastore: 'sqlite' });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});
after(async () => {
  finished = true;
  for (const informer of informers) await informer.stop();
  await server?.stop();
});

const configMap = (name: string, v: string): k8s.V1ConfigMap => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns },
  data: { v },
});

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('@kubernetes/client-node', () => {
  it('typed CRUD and Status errors', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: ns, body: configMap('typed', '1') });
    assert.equal(created.metadata?.name, 'typed');
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    const read = await core.readNamespacedConfigMap({ name: 'typed', namespace: ns });
    assert.deepEqual(read.data, { v: '1' });
    const list = await core.listNamespacedConfigMap({ namespace: ns });
    assert.deepEqual(
      list.items.map((i) => i.metadata?.name),
      ['typed'],
    );
    assert.match(list.metadata?.resourceVersion ?? '', /^\d+$/);

    await assert.rejects(core.readNamespacedConfigMap({ name: 'missing', namespace: ns }), (err: unknown) => {
      assert.ok(err instanceof k8s.ApiException);
      assert.equal(err.code, 404);
      const status = JSON.parse(err.body as string) as {
        kind: string;
        reason: string;
        message: string;
        details: { name: string; kind: string };
      };
      assert.deepEqual(
        [status.kind, status.reason, status.message, status.details.name, status.details.kind],
        ['Status', 'NotFound', 'configmaps "missing" not found', 'missing', 'configmaps'],
      );
      return true;
    });
    await assert.rejects(
      core.createNamespacedConfigMap({ namespace: ns, body: configMap('typed', '1') }),
      (err: unknown) => {
        assert.ok(err instanceof k8s.ApiException);
        assert.equal(err.code, 409);
        assert.equal((JSON.parse(err.body as string) as { reason: string }).reason, 'AlreadyExists');
        return true;
      },
    );
    // client-node sends DeleteOptions as query parameters with an empty body.
    await core.deleteNamespacedConfigMap({
      name: 'typed',
      namespace: ns,
      gracePeriodSeconds: 0,
      propagationPolicy: 'Background',
    });
    await assert.rejects(core.readNamespacedConfigMap({ name: 'typed', namespace: ns }), /HTTP-Code: 404/);
  });

  it('an informer sees add, update and delete in order, and resumes after a server restart', async () => {
    assert.ok(server);
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const informer = k8s.makeInformer<k8s.V1ConfigMap>(kc, path, () =>
      core.listNamespacedConfigMap({ namespace: ns }),
    );
    informers.push(informer);
    const events: string[] = [];
    const record = (verb: string) => (obj: k8s.V1ConfigMap) =>
      events.push(`${verb} ${obj.metadata?.name} ${obj.data?.['v'] ?? ''}`.trim());
    informer.on('add', record('add'));
    informer.on('update', record('update'));
    informer.on('delete', record('delete'));
    let connects = 0;
    informer.on('connect', () => connects++);
    // Reconnecting is the caller's job after an error; the test opens the gate when it wants that.
    let reconnectAllowed = true;
    let pendingReconnect = false;
    const errors: unknown[] = [];
    const reconnect = (): void => {
      if (finished) return;
      if (!reconnectAllowed) {
        pendingReconnect = true;
        return;
      }
      setTimeout(() => {
        if (!finished) void informer.start();
      }, 200);
    };
    informer.on('error', (err) => {
      errors.push(err);
      reconnect();
    });

    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('pre', '0') });
    await informer.start();
    await waitUntil('the initial list', () => events.includes('add pre 0'));

    // Live changes arrive through the watch, in the order they were made.
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('a', '1') });
    await core.replaceNamespacedConfigMap({ name: 'a', namespace: ns, body: configMap('a', '2') });
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('b', '1') });
    await core.deleteNamespacedConfigMap({ name: 'a', namespace: ns });
    await core.replaceNamespacedConfigMap({ name: 'b', namespace: ns, body: configMap('b', '2') });
    await waitUntil('the five watch events', () => events.length >= 6);
    assert.deepEqual(events, ['add pre 0', 'add a 1', 'update a 2', 'add b 1', 'delete a 2', 'update b 2']);
    const rvBeforeRestart = informer.get('b', ns)?.metadata?.resourceVersion ?? '';
    assert.match(rvBeforeRestart, /^\d+$/);

    // Restart the server while the informer watches; change things before it reconnects.
    reconnectAllowed = false;
    events.length = 0;
    const connectsAtRestart = connects;
    await server.restart();
    // Its watch broke; it either failed to re-watch (and waits for the gate) or re-watched already.
    await waitUntil(
      'the informer to notice the restart',
      () => pendingReconnect || connects > connectsAtRestart,
    );
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('c', '1') });
    await core.replaceNamespacedConfigMap({ name: 'b', namespace: ns, body: configMap('b', '3') });
    await core.deleteNamespacedConfigMap({ name: 'pre', namespace: ns });
    reconnectAllowed = true;
    if (pendingReconnect) reconnect();
    await waitUntil('the informer to catch up', () => events.length >= 3);
    // Whether it resumed its watch from the old resourceVersion or had to relist (410), it
    // reports each change exactly once and nothing about unchanged objects.
    assert.deepEqual([...events].sort(), ['add c 1', 'delete pre 0', 'update b 3']);
    assert.ok(connects > connectsAtRestart);
    assert.deepEqual(
      informer
        .list(ns)
        .map((o) => `${o.metadata?.name} ${o.data?.['v']}`)
        .sort(),
      ['b 3', 'c 1'],
    );

    // And live changes flow in order again.
    events.length = 0;
    await core.createNamespacedConfigMap({ namespace: ns, body: configMap('d', '1') });
    await core.replaceNamespacedConfigMap({ name: 'd', namespace: ns, body: configMap('d', '2') });
    await core.deleteNamespacedConfigMap({ name: 'd', namespace: ns });
    await waitUntil('three more events', () => events.length >= 3);
    assert.deepEqual(events, ['add d 1', 'update d 2', 'delete d 2']);
    assert.ok(Number(informer.get('c', ns)?.metadata?.resourceVersion) > Number(rvBeforeRestart));

    // kubectl agrees with the informer's cache.
    const { stdout } = await kubectlOk(['get', 'cm', '-n', ns, '-o', 'name'], {
      kubeconfig: server.kubeconfig,
    });
    assert.deepEqual(stdout.trim().split('\n'), ['configmap/b', 'configmap/c']);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(events.length, 3, `unexpected extra events: ${events.join(', ')}`);
  });
});
