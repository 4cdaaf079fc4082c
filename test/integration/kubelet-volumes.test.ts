// The kubelet's volumes and container env against a real ApiServer in this process (memory
// datastore), acting as the node "vol-node" through the in-process transport so the Node authorizer
// and NodeRestriction apply: configMap, secret and the admission-injected kube-api-access volume on
// real tmpfs mounts (root), the projected token accepted by TokenReview and rotated, updates of
// ConfigMaps and Secrets reaching the files through the ..data swap, env from the same objects, and
// a teardown that leaves no mount or directory behind.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readlink, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TokenReview } from 'kubernetes-types/authentication/v1.js';
import type { ConfigMap, Namespace, Pod, Secret, Service, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { ApiServer } from '../../src/apiserver/api-server.js';
import type { UserInfo } from '../../src/apiserver/http/api-request.js';
import { systemClock, type Clock } from '../../src/base/clock.js';
import { createLogger } from '../../src/base/logger.js';
import type { KubeClient } from '../../src/client/index.js';
import { apiConfigObjects } from '../../src/kubelet/container-env/config-objects.js';
import { resolveContainerEnv } from '../../src/kubelet/container-env/container-environment.js';
import { SystemMounter } from '../../src/kubelet/volumes/mounter.js';
import { PodVolumeManager } from '../../src/kubelet/volumes/pod-volume-manager.js';
import { ServiceAccountTokenManager } from '../../src/kubelet/volumes/service-account-tokens.js';
import { createVolumeHost, type VolumeHost } from '../../src/kubelet/volumes/volume-host.js';
import { inProcessClientAs } from '../support/kubelet-harness.js';

const asRoot = process.getuid?.() === 0;
const quiet = createLogger('test', { write: () => {} });
const ns = 'vol-it';
const nodeName = 'vol-node';
const admin: UserInfo = { name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
const node: UserInfo = { name: `system:node:${nodeName}`, groups: ['system:nodes', 'system:authenticated'] };
const t = (resource: string, group = '', version = 'v1') => ({ group, version, resource });

let dataDir: string;
let rootDir: string;
let server: ApiServer;
let adminClient: KubeClient;
let nodeClient: KubeClient;
let host: VolumeHost;
// The kubelet's clock runs ahead by this much, to bring token rotation forward without waiting.
let clockOffsetMs = 0;
const mounter = new SystemMounter();

const skewedClock: Clock = {
  now: () => systemClock.now() + clockOffsetMs,
  after: (ms, fn) => systemClock.after(ms, fn),
  sleep: (ms, signal) => systemClock.sleep(ms, signal),
};

function clientAs(user: UserInfo): KubeClient {
  return inProcessClientAs(() => server, user, 'kubelet-volumes-test');
}

before(async () => {
  if (!asRoot) return;
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-kubelet-volumes-'));
  rootDir = join(await realpath(dataDir), 'kubelet');
  server = await ApiServer.start({
    dataDir,
    datastore: 'memory',
    bindAddress: '127.0.0.1',
    port: 0,
    log: quiet,
  });
  adminClient = clientAs(admin);
  nodeClient = clientAs(node);
  await adminClient.resource<Namespace>(t('namespaces')).create({ metadata: { name: ns } });
  // No controllers run here: the ServiceAccount and root CA ConfigMap they would make are made by hand.
  await adminClient
    .resource<ServiceAccount>(t('serviceaccounts'))
    .namespace(ns)
    .create({ metadata: { name: 'default' } });
  await adminClient
    .resource<ConfigMap>(t('configmaps'))
    .namespace(ns)
    .create({
      metadata: { name: 'kube-root-ca.crt' },
      data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n' },
    });
  await adminClient
    .resource<ConfigMap>(t('configmaps'))
    .namespace(ns)
    .create({
      metadata: { name: 'app-config' },
      data: { 'app.properties': 'color=blue', MODE: 'prod' },
    });
  await adminClient
    .resource<Secret>(t('secrets'))
    .namespace(ns)
    .create({
      metadata: { name: 'app-secret' },
      stringData: { password: 'hunter2' },
    });
  host = createVolumeHost({
    rootDir,
    client: nodeClient,
    mounter,
    clock: skewedClock,
    tokens: new ServiceAccountTokenManager({ client: nodeClient, clock: skewedClock, random: () => 0 }),
    nodeAllocatable: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '50Gi' },
    logger: quiet,
  });
});

after(async () => {
  if (!asRoot) return;
  const left = (await mounter.mountPoints()).filter((m) => m.path.startsWith(`${rootDir}/`));
  for (const m of left.sort((a, b) => b.path.length - a.path.length))
    await mounter.unmount(m.path).catch(() => {});
  adminClient?.close();
  nodeClient?.close();
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function createPod(): Promise<Pod> {
  return adminClient
    .resource<Pod>(t('pods'))
    .namespace(ns)
    .create({
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        nodeName,
        containers: [
          {
            name: 'app',
            image: 'registry.local/app:1',
            env: [
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'MODE' } } },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } } },
              { name: 'GREETING', value: 'mode=$(MODE)' },
            ],
            volumeMounts: [
              { name: 'config', mountPath: '/etc/config' },
              { name: 'secret', mountPath: '/etc/secret' },
            ],
          },
          {
            name: 'broken',
            image: 'registry.local/app:1',
            env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'not-there', key: 'x' } } }],
          },
        ],
        volumes: [
          { name: 'config', configMap: { name: 'app-config' } },
          { name: 'secret', secret: { secretName: 'app-secret' } },
        ],
      },
    });
}

async function tokenReview(token: string): Promise<TokenReview> {
  return adminClient.request<TokenReview>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/tokenreviews',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } },
  });
}

test(
  'configMap, secret and the projected token as the node sees them; updates and rotation reach the files',
  { skip: !asRoot && 'needs root (tmpfs)' },
  async () => {
    const pod = await createPod();
    const apiAccess = pod.spec!.volumes!.find((v) => v.name.startsWith('kube-api-access-'));
    assert.ok(apiAccess, 'the ServiceAccount admission plugin added kube-api-access');
    const uid = pod.metadata!.uid!;
    const manager = new PodVolumeManager({ host, pod });
    try {
      const result = await manager.setUp();
      assert.deepEqual(result.failures, []);
      assert.equal(result.ready, true);

      const volumes = join(rootDir, 'pods', uid, 'volumes');
      const config = join(volumes, 'kubernetes.io~configmap/config');
      const secret = join(volumes, 'kubernetes.io~secret/secret');
      const access = join(volumes, 'kubernetes.io~projected', apiAccess.name);
      assert.equal(await readFile(join(config, 'app.properties'), 'utf8'), 'color=blue');
      assert.equal(await readFile(join(secret, 'password'), 'utf8'), 'hunter2');
      assert.equal((await stat(join(secret, 'password'))).mode & 0o777, 0o644);
      assert.equal(await readFile(join(access, 'namespace'), 'utf8'), ns);
      assert.match(await readFile(join(access, 'ca.crt'), 'utf8'), /BEGIN CERTIFICATE/);
      const mounts = await mounter.mountPoints();
      assert.equal(mounts.find((m) => m.path === secret)?.fsType, 'tmpfs');
      assert.equal(mounts.find((m) => m.path === access)?.fsType, 'tmpfs');

      // The token is valid for the API server and bound to the pod.
      const token = await readFile(join(access, 'token'), 'utf8');
      const review = await tokenReview(token);
      assert.equal(review.status?.authenticated, true, review.status?.error);
      assert.equal(review.status?.user?.username, `system:serviceaccount:${ns}:default`);
      assert.deepEqual(review.status?.user?.extra?.['authentication.kubernetes.io/pod-name'], ['web']);
      assert.deepEqual(review.status?.user?.extra?.['authentication.kubernetes.io/pod-uid'], [uid]);

      // Mounts for the app container: the atomic-writer volumes are read-only.
      const appMounts = await manager.containerMounts(pod.spec!.containers[0]!, []);
      assert.equal(appMounts.ok, true);
      if (appMounts.ok) {
        const paths = appMounts.mounts.map((m) => [m.containerPath, m.readonly]);
        assert.deepEqual(paths, [
          ['/etc/config', true],
          ['/etc/secret', true],
          ['/var/run/secrets/kubernetes.io/serviceaccount', true],
        ]);
      }

      // Updates of the objects reach the files at the next resync, through a new data directory.
      const dataBefore = await readlink(join(config, '..data'));
      const cm = await adminClient.resource<ConfigMap>(t('configmaps')).namespace(ns).get('app-config');
      await adminClient
        .resource<ConfigMap>(t('configmaps'))
        .namespace(ns)
        .update({ ...cm, data: { 'app.properties': 'color=green' } });
      const sec = await adminClient.resource<Secret>(t('secrets')).namespace(ns).get('app-secret');
      await adminClient
        .resource<Secret>(t('secrets'))
        .namespace(ns)
        .update({ ...sec, data: { password: Buffer.from('correct horse').toString('base64') } });
      assert.deepEqual((await manager.resync()).failures, []);
      assert.equal(await readFile(join(config, 'app.properties'), 'utf8'), 'color=green');
      assert.notEqual(await readlink(join(config, '..data')), dataBefore);
      await assert.rejects(readFile(join(config, 'MODE')), { code: 'ENOENT' }, 'a removed key disappears');
      assert.equal(await readFile(join(secret, 'password'), 'utf8'), 'correct horse');
      assert.equal(await readFile(join(access, 'token'), 'utf8'), token, 'a young token is kept');

      // 49 minutes on, past 80% of the 3607 s token: the next resync rotates it.
      clockOffsetMs = 49 * 60_000;
      await manager.resync();
      const rotated = await readFile(join(access, 'token'), 'utf8');
      assert.notEqual(rotated, token);
      assert.equal((await tokenReview(rotated)).status?.authenticated, true);
    } finally {
      clockOffsetMs = 0;
      await manager.tearDown();
    }
    assert.deepEqual(
      (await mounter.mountPoints()).filter((m) => m.path.includes(uid)),
      [],
    );
    await assert.rejects(stat(join(rootDir, 'pods', uid)), { code: 'ENOENT' });
  },
);

test(
  'env from the same objects; missing ones are CreateContainerConfigErrors with upstream words',
  { skip: !asRoot && 'needs root' },
  async () => {
    const pod = await adminClient.resource<Pod>(t('pods')).namespace(ns).get('web');
    const configMaps = adminClient.resource<ConfigMap>(t('configmaps')).namespace(ns);
    await configMaps.update({ ...(await configMaps.get('app-config')), data: { 'app.properties': 'x' } });
    const services = (await adminClient.resource<Service>(t('services')).list()).items;
    const input = (container: number) => ({
      pod,
      container: pod.spec!.containers[container]!,
      addresses: { podIPs: ['10.244.0.5'], hostIPs: ['192.168.0.2'] },
      services,
      nodeAllocatable: host.nodeAllocatable,
      objects: apiConfigObjects(nodeClient),
    });
    assert.deepEqual(await resolveContainerEnv(input(0)), {
      ok: false,
      reason: 'CreateContainerConfigError',
      message: `couldn't find key MODE in ConfigMap ${ns}/app-config`,
    });
    assert.deepEqual(await resolveContainerEnv(input(1)), {
      ok: false,
      reason: 'CreateContainerConfigError',
      message: 'configmap "not-there" not found',
    });

    await configMaps.update({ ...(await configMaps.get('app-config')), data: { MODE: 'canary' } });
    const ok = await resolveContainerEnv(input(0));
    assert.equal(ok.ok, true, ok.ok ? '' : ok.message);
    const env = new Map(ok.ok ? ok.env.map((kv) => [kv.key, kv.value]) : []);
    assert.equal(env.get('MODE'), 'canary');
    assert.equal(env.get('GREETING'), 'mode=canary');
    assert.equal(env.get('PASSWORD'), 'correct horse');
    const kubernetes = services.find(
      (s) => s.metadata?.name === 'kubernetes' && s.metadata.namespace === 'default',
    );
    assert.ok(kubernetes?.spec?.clusterIP, 'the apiserver keeps the kubernetes service');
    assert.equal(env.get('KUBERNETES_SERVICE_HOST'), kubernetes.spec.clusterIP);
  },
);
