// MirrorPodClient against the real server (bin/k8ts, memory datastore): a static pod's mirror is
// created owned by the Node, left alone while current, replaced when the manifest changes, and
// deleted once its static pod is gone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import { startTestServer, testClientOf, type TestServer } from '../../client/testing/test-server.js';
import { isMirrorPodOf, MirrorPodClient, orphanedMirrorPods } from './mirror-pods.js';
import { isMirrorPod, isStaticPod } from './pod-source.js';
import { staticPodFromManifest } from './static-pod-manifest.js';

const quiet = createLogger('test', { write: () => {} });
const podsType = { group: '', version: 'v1', resource: 'pods' };
const nodesType = { group: '', version: 'v1', resource: 'nodes' };
const nodeName = 'mirror-node';

let server: TestServer;
let client: KubeClient;

before(async () => {
  server = await startTestServer();
  client = await testClientOf(server, 'k8ts-mirror-test');
});

after(async () => {
  client?.close();
  await server?.stop();
});

const manifest = (image: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: etcd, namespace: kube-system}\nspec: {containers: [{name: c, image: "${image}"}]}\n`;

test('mirror pods follow their static pods', async () => {
  const node = await client.resource<Node>(nodesType).create({ metadata: { name: nodeName } });
  const mirrors = new MirrorPodClient({ client, nodeName, logger: quiet });
  const pods = client.resource<Pod>(podsType).namespace('kube-system');
  const v1 = staticPodFromManifest(manifest('toolbox:1'), { nodeName, file: '/m/etcd.yaml' });

  assert.equal(await mirrors.syncMirrorPod(v1, undefined), 'created');
  const mirror = await pods.get('etcd-mirror-node');
  assert.equal(isMirrorPod(mirror), true);
  assert.equal(isStaticPod(mirror), false);
  assert.equal(isMirrorPodOf(mirror, v1), true);
  assert.notEqual(mirror.metadata?.uid, v1.metadata?.uid);
  assert.equal(mirror.metadata?.annotations?.['kubernetes.io/config.mirror'], v1.metadata?.uid);
  assert.equal(mirror.metadata?.annotations?.['kubernetes.io/config.source'], 'file');
  assert.deepEqual(mirror.metadata?.ownerReferences, [
    { apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata?.uid, controller: true },
  ]);
  assert.equal(mirror.spec?.nodeName, nodeName);
  assert.equal(await mirrors.syncMirrorPod(v1, mirror), 'unchanged');
  // A second create of the same mirror is fine.
  await mirrors.createMirrorPod(v1);

  const v2 = staticPodFromManifest(manifest('toolbox:2'), { nodeName, file: '/m/etcd.yaml' });
  assert.equal(await mirrors.syncMirrorPod(v2, mirror), 'created');
  const replaced = await pods.get('etcd-mirror-node');
  assert.notEqual(replaced.metadata?.uid, mirror.metadata?.uid);
  assert.equal(isMirrorPodOf(replaced, v2), true);
  // A stale UID no longer deletes anything.
  assert.equal(await mirrors.deleteMirrorPod('kube-system', 'etcd-mirror-node', mirror.metadata?.uid), false);

  assert.deepEqual(orphanedMirrorPods([replaced], [v2]), []);
  assert.deepEqual(await mirrors.deleteOrphanedMirrorPods([replaced], [], () => true), []);
  assert.deepEqual(await mirrors.deleteOrphanedMirrorPods([replaced], []), ['etcd-mirror-node_kube-system']);
  await assert.rejects(pods.get('etcd-mirror-node'), /not found/);
});
