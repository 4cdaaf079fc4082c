// pods/binding against the real server (bin/k8ts, memory datastore): a Binding's uid and
// resourceVersion are preconditions on the pod, a pod is bound once, and the answers are the
// 409s upstream gives.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../src/client/index.js';
import { startTestServer, testClientOf, type TestServer } from '../../src/client/testing/test-server.js';
import { isStatusError } from '../../src/machinery/errors/index.js';

const podsType = { group: '', version: 'v1', resource: 'pods' };

let server: TestServer;
let client: KubeClient;

before(async () => {
  server = await startTestServer();
  client = await testClientOf(server, 'k8ts-binding-test');
});

after(async () => {
  client?.close();
  await server?.stop();
});

const bind = (pod: string, metadata: Record<string, string>, node = 'node-a') =>
  client.request({
    method: 'POST',
    path: `/api/v1/namespaces/default/pods/${pod}/binding`,
    body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod, ...metadata }, target: { name: node } },
  });

/** The 409's message, failing the test on anything else. */
async function conflictOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    assert.ok(isStatusError(err), String(err));
    assert.equal(err.status.code, 409, err.message);
    return err.status.message ?? '';
  }
  assert.fail('the binding succeeded');
}

test("a Binding's uid and resourceVersion must be the pod's; a pod is bound once", async () => {
  const pods = client.resource<Pod>(podsType).namespace('default');
  const pod = await pods.create({
    metadata: { name: 'bound' },
    spec: { containers: [{ name: 'c', image: 'x' }] },
  });
  const uid = pod.metadata!.uid!;
  const rv = pod.metadata!.resourceVersion!;

  assert.equal(
    await conflictOf(bind('bound', { uid: 'not-the-pod' })),
    `Operation cannot be fulfilled on pods "bound": Precondition failed: UID in precondition: not-the-pod, UID in object meta: ${uid}`,
  );
  assert.equal(
    await conflictOf(bind('bound', { uid, resourceVersion: '1' })),
    `Operation cannot be fulfilled on pods "bound": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${rv}`,
  );
  // Nothing was written by the refused bindings.
  assert.equal((await pods.get('bound')).metadata?.resourceVersion, rv);

  await bind('bound', { uid, resourceVersion: rv });
  assert.equal((await pods.get('bound')).spec?.nodeName, 'node-a');
  assert.equal(
    await conflictOf(bind('bound', {}, 'node-b')),
    'Operation cannot be fulfilled on pods/binding "bound": pod bound is already assigned to node "node-a"',
  );
});
