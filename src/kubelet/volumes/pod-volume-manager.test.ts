// PodVolumeManager on the real filesystem and real mounts (root): every volume kind set up,
// refreshed and torn down. The API server sits behind a FakeTransport (tokens, claims, volumes) and
// ConfigMaps/Secrets come from a map; test/integration/kubelet-volumes.test.ts runs the real server.
import assert from 'node:assert/strict';
import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  realpath,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TokenRequest } from 'kubernetes-types/authentication/v1.js';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { KubeClient } from '../../client/index.js';
import { FakeTransport, jsonResponse, statusResponse } from '../../client/testing/fake-transport.js';
import { notFound } from '../../machinery/errors/index.js';
import type { ConfigObjectSource } from '../container-env/config-objects.js';
import { SystemMounter } from './mounter.js';
import { PodVolumeManager, tearDownPodVolumes } from './pod-volume-manager.js';
import { createVolumeHost, type VolumeHost } from './volume-host.js';

const asRoot = process.getuid?.() === 0;
const quiet = createLogger('test', { write: () => {} });
const mounter = new SystemMounter();

let root: string;
let localPv: string;
let hostDir: string;
let host: VolumeHost;
let tokenCount = 0;
const configMaps = new Map<string, ConfigMap>();
const secrets = new Map<string, Secret>();

const objects: ConfigObjectSource = {
  async configMap(ns, name) {
    const found = configMaps.get(`${ns}/${name}`);
    if (!found) throw notFound({ group: '', resource: 'configmap' }, name);
    return found;
  },
  async secret(ns, name) {
    const found = secrets.get(`${ns}/${name}`);
    if (!found) throw notFound({ group: '', resource: 'secret' }, name);
    return found;
  },
};

function apiServer(clock: FakeClock): FakeTransport {
  return new FakeTransport({
    handler: (req) => {
      if (req.method === 'POST' && req.path.endsWith('/token')) {
        const body = JSON.parse(req.body!) as TokenRequest;
        const exp = new Date(clock.now() + body.spec.expirationSeconds! * 1000).toISOString();
        return jsonResponse(201, {
          ...body,
          status: { token: `tok-${++tokenCount}`, expirationTimestamp: exp },
        });
      }
      const claim = /\/persistentvolumeclaims\/(.+)$/.exec(req.path)?.[1];
      if (claim === 'bound-local' || claim === 'bound-host') {
        const volumeName = claim === 'bound-local' ? 'pv-local' : 'pv-host';
        return jsonResponse(200, {
          metadata: { name: claim, namespace: 'shop', uid: `uid-${claim}` },
          spec: { volumeName },
          status: { phase: 'Bound' },
        });
      }
      if (claim === 'pending') {
        return jsonResponse(200, {
          metadata: { name: claim, namespace: 'shop', uid: 'x' },
          spec: {},
          status: { phase: 'Pending' },
        });
      }
      if (req.path.endsWith('/persistentvolumes/pv-local')) {
        return jsonResponse(200, {
          metadata: { name: 'pv-local' },
          spec: { local: { path: localPv }, claimRef: { uid: 'uid-bound-local' } },
        });
      }
      if (req.path.endsWith('/persistentvolumes/pv-host')) {
        return jsonResponse(200, {
          metadata: { name: 'pv-host' },
          spec: {
            hostPath: { path: join(hostDir, 'pv'), type: 'DirectoryOrCreate' },
            claimRef: { uid: 'uid-bound-host' },
          },
        });
      }
      return statusResponse(404, 'NotFound', `not found: ${req.path}`);
    },
  });
}

before(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'k8ts-podvol-')));
  localPv = join(root, 'local-pv');
  hostDir = join(root, 'host');
  await mkdir(localPv);
  await writeFile(join(localPv, 'precious'), 'keep me');
  await mkdir(hostDir);
  const clock = new FakeClock();
  const client = new KubeClient({
    transport: apiServer(clock),
    qps: Infinity,
    retry: { maxRetries: 0 },
    logger: quiet,
    clock,
  });
  host = createVolumeHost({
    rootDir: join(root, 'kubelet'),
    client,
    objects,
    mounter,
    clock,
    logger: quiet,
    nodeAllocatable: { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' },
  });
  configMaps.set('shop/settings', {
    metadata: { name: 'settings', namespace: 'shop' },
    data: { 'app.conf': 'v=1', extra: 'e' },
  });
  secrets.set('shop/creds', {
    metadata: { name: 'creds', namespace: 'shop' },
    data: { password: Buffer.from('pw1').toString('base64') },
  });
});

after(async () => {
  // Whatever a failed test left mounted below the root goes first, then the files.
  const left = (await mounter.mountPoints()).filter((m) => m.path.startsWith(`${root}/`));
  for (const m of left.sort((a, b) => b.path.length - a.path.length))
    await mounter.unmount(m.path).catch(() => {});
  await rm(root, { recursive: true, force: true });
});

function pod(uid: string, extraVolumes: NonNullable<Pod['spec']>['volumes'] = []): Pod {
  const volumes: NonNullable<Pod['spec']>['volumes'] = [
    { name: 'scratch', emptyDir: {} },
    { name: 'ram', emptyDir: { medium: 'Memory', sizeLimit: '4Mi' } },
    { name: 'node-dir', hostPath: { path: join(hostDir, 'made'), type: 'DirectoryOrCreate' } },
    {
      name: 'cfg',
      configMap: { name: 'settings', items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o600 }] },
    },
    { name: 'sec', secret: { secretName: 'creds', defaultMode: 0o400 } },
    {
      name: 'info',
      downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
    },
    {
      name: 'kube-api-access',
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { configMap: { name: 'settings', items: [{ key: 'extra', path: 'extra' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    },
    { name: 'claim-local', persistentVolumeClaim: { claimName: 'bound-local' } },
    { name: 'claim-host', persistentVolumeClaim: { claimName: 'bound-host', readOnly: true } },
    { name: 'unused', emptyDir: {} },
    ...extraVolumes,
  ];
  const mounted = volumes
    .filter((v) => v.name !== 'unused')
    .map((v) => ({ name: v.name, mountPath: `/mnt/${v.name}` }));
  return {
    metadata: { name: 'web-0', namespace: 'shop', uid, labels: { app: 'web' } },
    spec: {
      serviceAccountName: 'default',
      securityContext: { fsGroup: 2000 },
      containers: [{ name: 'app', resources: { limits: { memory: '64Mi' } }, volumeMounts: mounted }],
      volumes,
    },
  };
}

const modeOf = async (p: string) => (await stat(p)).mode & 0o7777;

test(
  'every volume kind is set up, mountable, refreshed and torn down',
  { skip: !asRoot && 'needs root' },
  async () => {
    const thePod = pod('uid-all');
    const manager = new PodVolumeManager({ host, pod: thePod });
    const result = await manager.setUp();
    assert.deepEqual(result.failures, []);
    assert.equal(result.ready, true);

    const volumes = join(root, 'kubelet/pods/uid-all/volumes');
    assert.deepEqual((await readdir(volumes)).sort(), [
      'kubernetes.io~configmap',
      'kubernetes.io~downward-api',
      'kubernetes.io~empty-dir',
      'kubernetes.io~local-volume',
      'kubernetes.io~projected',
      'kubernetes.io~secret',
    ]);
    assert.deepEqual(
      await readdir(join(volumes, 'kubernetes.io~empty-dir')),
      ['scratch', 'ram'].sort(),
      'unused volumes are not set up',
    );
    const mounts = await mounter.mountPoints();
    const fsAt = (p: string) => mounts.filter((m) => m.path === join(volumes, p)).map((m) => m.fsType)[0];
    assert.equal(fsAt('kubernetes.io~empty-dir/ram'), 'tmpfs');
    assert.equal(fsAt('kubernetes.io~secret/sec'), 'tmpfs');
    assert.equal(fsAt('kubernetes.io~downward-api/info'), 'tmpfs');
    assert.equal(fsAt('kubernetes.io~projected/kube-api-access'), 'tmpfs');
    assert.equal(fsAt('kubernetes.io~configmap/cfg'), undefined, 'configMaps live on disk');
    assert.notEqual(fsAt('kubernetes.io~local-volume/pv-local'), undefined, 'the local PV is bind-mounted');

    // Contents, modes and fsGroup ownership.
    const cfg = join(volumes, 'kubernetes.io~configmap/cfg');
    assert.equal(await readFile(join(cfg, 'conf/app.conf'), 'utf8'), 'v=1');
    assert.equal(
      await modeOf(join(cfg, 'conf/app.conf')),
      0o640,
      'item mode 0600 plus group read for fsGroup',
    );
    assert.equal((await stat(join(cfg, 'conf/app.conf'))).gid, 2000);
    assert.equal(await readlink(join(cfg, 'conf')), '..data/conf');
    const sec = join(volumes, 'kubernetes.io~secret/sec');
    assert.equal(await readFile(join(sec, 'password'), 'utf8'), 'pw1');
    assert.equal(await modeOf(join(sec, 'password')), 0o440);
    assert.equal(
      await readFile(join(volumes, 'kubernetes.io~downward-api/info/labels'), 'utf8'),
      'app="web"',
    );
    const sa = join(volumes, 'kubernetes.io~projected/kube-api-access');
    assert.match(await readFile(join(sa, 'token'), 'utf8'), /^tok-\d+$/);
    assert.equal(await modeOf(join(sa, 'token')), 0o640, 'tokens are 0600, widened to 0640 by fsGroup');
    assert.equal(await readFile(join(sa, 'extra'), 'utf8'), 'e');
    assert.equal(await readFile(join(sa, 'namespace'), 'utf8'), 'shop');
    const scratch = join(volumes, 'kubernetes.io~empty-dir/scratch');
    assert.equal(await modeOf(scratch), 0o2777);
    assert.equal((await stat(scratch)).gid, 2000);
    assert.equal((await stat(join(hostDir, 'made'))).isDirectory(), true);
    assert.equal(
      await readFile(join(volumes, 'kubernetes.io~local-volume/pv-local/precious'), 'utf8'),
      'keep me',
    );

    // Mounts for a container.
    const mounted = await manager.containerMounts(thePod.spec!.containers[0]!, []);
    assert.equal(mounted.ok, true);
    const byPath = new Map(mounted.ok ? mounted.mounts.map((m) => [m.containerPath, m]) : []);
    assert.equal(byPath.get('/mnt/cfg')?.readonly, true);
    assert.equal(byPath.get('/mnt/scratch')?.readonly, false);
    assert.equal(byPath.get('/mnt/node-dir')?.hostPath, join(hostDir, 'made'));
    assert.equal(byPath.get('/mnt/claim-host')?.hostPath, join(hostDir, 'pv'));
    assert.equal(byPath.get('/mnt/claim-host')?.readonly, true, 'a read-only claim');
    assert.equal(
      byPath.get('/mnt/claim-local')?.hostPath,
      join(volumes, 'kubernetes.io~local-volume/pv-local'),
    );

    // Updates reach the files through a new data directory.
    const before = await readlink(join(cfg, '..data'));
    configMaps.set('shop/settings', {
      metadata: { name: 'settings', namespace: 'shop' },
      data: { 'app.conf': 'v=2', extra: 'e2' },
    });
    manager.updatePod({
      ...thePod,
      metadata: { ...thePod.metadata, labels: { app: 'web', track: 'canary' } },
    });
    const resync = await manager.resync();
    assert.deepEqual(resync.failures, []);
    assert.equal(await readFile(join(cfg, 'conf/app.conf'), 'utf8'), 'v=2');
    assert.notEqual(await readlink(join(cfg, '..data')), before);
    assert.equal(await readFile(join(sa, 'extra'), 'utf8'), 'e2');
    assert.equal(
      await readFile(join(volumes, 'kubernetes.io~downward-api/info/labels'), 'utf8'),
      'app="web"\ntrack="canary"',
    );

    await manager.tearDown();
    const left = (await mounter.mountPoints()).filter((m) => m.path.startsWith(join(root, 'kubelet/')));
    assert.deepEqual(left, []);
    await assert.rejects(lstat(join(root, 'kubelet/pods/uid-all')), { code: 'ENOENT' });
    assert.equal(await readFile(join(localPv, 'precious'), 'utf8'), 'keep me', 'the local PV keeps its data');
    assert.equal((await stat(join(hostDir, 'made'))).isDirectory(), true, 'hostPaths are left alone');
    assert.equal(host.tokens.size, 0, 'the pod tokens are forgotten');
  },
);

test(
  'failures: FailedMount per volume, processing errors in one event, retried until ready',
  { skip: !asRoot && 'needs root' },
  async () => {
    const thePod = pod('uid-fail', [
      { name: 'missing-cm', configMap: { name: 'absent' } },
      { name: 'optional-cm', configMap: { name: 'absent', optional: true } },
      { name: 'bad-key', secret: { secretName: 'creds', items: [{ key: 'nope', path: 'x' }] } },
      { name: 'pending', persistentVolumeClaim: { claimName: 'pending' } },
      { name: 'nfs', nfs: { server: 'nfs.example', path: '/export' } },
    ]);
    const manager = new PodVolumeManager({ host, pod: thePod });
    try {
      const result = await manager.setUp();
      assert.equal(result.ready, false);
      const messages = result.events.map((e) => e.message).sort();
      assert.deepEqual(
        messages,
        [
          'MountVolume.SetUp failed for volume "bad-key" : references non-existent secret key: nope',
          'MountVolume.SetUp failed for volume "missing-cm" : configmap "absent" not found',
          'Unable to attach or mount volumes: unmounted volumes=[bad-key missing-cm nfs pending], unattached volumes=[], ' +
            'failed to process volumes=[nfs pending]: error processing PVC shop/pending: PVC is not bound; ' +
            'failed to get Plugin from volumeSpec for volume "nfs" err=no volume plugin matched',
        ].sort(),
      );
      assert.equal(
        result.events.every((e) => e.reason === 'FailedMount' && e.type === 'Warning'),
        true,
      );
      await assert.rejects(
        lstat(join(root, 'kubelet/pods/uid-fail/volumes/kubernetes.io~configmap/missing-cm')),
        { code: 'ENOENT' },
      );
      const optional = await readdir(
        join(root, 'kubelet/pods/uid-fail/volumes/kubernetes.io~configmap/optional-cm'),
      );
      assert.deepEqual(
        optional.filter((n) => !n.startsWith('..')),
        [],
        'a missing optional configMap is an empty volume',
      );

      const mounts = await manager.containerMounts(thePod.spec!.containers[0]!, []);
      assert.deepEqual(mounts, {
        ok: false,
        message: 'cannot find volume "missing-cm" to mount into container "app"',
      });
      assert.match(
        manager.mountTimeoutEvent().message,
        /^Unable to attach or mount volumes: unmounted volumes=\[bad-key missing-cm nfs pending\], .*: context deadline exceeded$/,
      );

      configMaps.set('shop/absent', { metadata: { name: 'absent', namespace: 'shop' }, data: { k: 'v' } });
      const again = await manager.setUp();
      assert.deepEqual(again.failures.map((f) => f.volumeName).sort(), ['bad-key', 'nfs', 'pending']);
    } finally {
      configMaps.delete('shop/absent');
      await manager.tearDown();
    }
  },
);

test(
  'a restarted kubelet adopts the volumes; orphans are torn down from disk alone',
  { skip: !asRoot && 'needs root' },
  async () => {
    const thePod = pod('uid-adopt');
    const first = new PodVolumeManager({ host, pod: thePod });
    assert.equal((await first.setUp()).ready, true);
    const secretDir = join(root, 'kubelet/pods/uid-adopt/volumes/kubernetes.io~secret/sec');
    const data = await readlink(join(secretDir, '..data'));

    const second = new PodVolumeManager({ host, pod: thePod });
    assert.equal((await second.setUp()).ready, true);
    assert.equal(await readlink(join(secretDir, '..data')), data, 'unchanged files are not rewritten');
    assert.equal(
      (await mounter.mountPoints()).filter((m) => m.path === secretDir).length,
      1,
      'no second tmpfs',
    );

    await tearDownPodVolumes(host, 'uid-adopt');
    assert.deepEqual(
      (await mounter.mountPoints()).filter((m) => m.path.includes('uid-adopt')),
      [],
    );
    await assert.rejects(lstat(join(root, 'kubelet/pods/uid-adopt')), { code: 'ENOENT' });
    assert.equal(await readFile(join(localPv, 'precious'), 'utf8'), 'keep me');
  },
);
