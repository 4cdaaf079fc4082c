// The ServiceAccount controller and the root CA publisher against the real apiserver.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { ConfigMap, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../client/testing/eventually.js';
import { rootCACertPublisherDescriptor, rootCADescription } from '../root-ca-cert-publisher/index.js';
import { ControllerHarness } from '../shared/infra-controller-harness.js';
import { configMapsResource, serviceAccountsResource } from '../shared/infra-resources.js';
import { startTestCluster, type TestCluster } from '../shared/infra-test-cluster.js';
import { serviceAccountDescriptor } from './index.js';

let cluster: TestCluster;
let harness: ControllerHarness;
let ca: string;

before(async () => {
  cluster = await startTestCluster();
  const caFile = join(cluster.server.dataDir, 'pki', 'ca.crt');
  ca = await readFile(caFile, 'utf8');
  harness = new ControllerHarness({ client: cluster.client });
  await harness.start([serviceAccountDescriptor, rootCACertPublisherDescriptor({ caFile })]);
});

after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

const accounts = (ns: string) =>
  cluster.client.resource<ServiceAccount>(serviceAccountsResource).namespace(ns);
const configMaps = (ns: string) => cluster.client.resource<ConfigMap>(configMapsResource).namespace(ns);

it('gives every namespace, old and new, a default ServiceAccount and recreates it', async () => {
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
    await eventually(() => accounts(ns).get('default'));
  const ns = await cluster.namespace('sa-new');
  const sa = await eventually(() => accounts(ns).get('default'));
  await accounts(ns).delete('default');
  await eventually(async () => {
    const again = await accounts(ns).get('default');
    assert.notEqual(again.metadata?.uid, sa.metadata?.uid);
  });
});

it('publishes kube-root-ca.crt with the CA in every namespace and restores edits', async () => {
  const ns = await cluster.namespace('ca-new');
  const cm = await eventually(() => configMaps(ns).get('kube-root-ca.crt'));
  assert.deepEqual(cm.data, { 'ca.crt': ca });
  assert.equal(cm.metadata?.annotations?.['kubernetes.io/description'], rootCADescription);
  await eventually(() => configMaps('kube-system').get('kube-root-ca.crt'));

  await configMaps(ns).patch('kube-root-ca.crt', 'merge', { data: { 'ca.crt': 'tampered', extra: 'x' } });
  await eventually(async () =>
    assert.deepEqual((await configMaps(ns).get('kube-root-ca.crt')).data, { 'ca.crt': ca }),
  );
  await configMaps(ns).delete('kube-root-ca.crt');
  await eventually(async () =>
    assert.deepEqual((await configMaps(ns).get('kube-root-ca.crt')).data, { 'ca.crt': ca }),
  );
});
