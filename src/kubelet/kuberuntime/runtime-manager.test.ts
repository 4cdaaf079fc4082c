import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { ContainerManager } from '../cm/container-manager.js';
import type { ContainerConfig, PullImageRequest } from '../cri/runtime-service.js';
import { FakeRuntime } from '../cri/fake-runtime.js';
import { ContainerLifecycle } from '../lifecycle/container-lifecycle.js';
import { generatePodStatus } from '../pod-status.js';
import type { KubeletEvent } from '../prober/container-event.js';
import { ImagePuller } from './image-puller.js';
import { PodSyncState } from './pod-sync-state.js';
import { RuntimeManager } from './runtime-manager.js';
import { podRuntimeStatus } from './runtime-status.js';

const image = '127.0.0.1:5000/toolbox:1';
// Termination-log and /etc/hosts files land here.
const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-runtime-manager-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// The real container manager, over a directory laid out like cgroup v1's /sys/fs/cgroup.
function cgroupMount(): string {
  const mount = mkdtempSync(path.join(dir, 'cgroup-'));
  for (const h of ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'systemd']) mkdirSync(path.join(mount, h));
  writeFileSync(path.join(mount, 'memory', 'memory.memsw.limit_in_bytes'), '9223372036854771712\n');
  return mount;
}

function setup(secrets: readonly Secret[] = []) {
  const clock = new FakeClock();
  const mount = cgroupMount();
  const cgroups = new ContainerManager({
    cgroupMountPoint: mount,
    capacity: { cpu: '4', memory: '8Gi' },
    activePods: () => [],
    clock,
  });
  const runtime = new FakeRuntime({ clock, images: [image] });
  const events: KubeletEvent[] = [];
  const onEvent = (e: KubeletEvent) => events.push(e);
  const manager = new RuntimeManager({
    runtime,
    runtimeName: 'containerd',
    clock,
    log: createLogger('test', { write: () => {} }),
    lifecycle: new ContainerLifecycle({ exec: runtime, runtime, clock, onEvent }),
    images: new ImagePuller({ images: runtime, clock }),
    onEvent,
    sandbox: {
      podLogsRoot: path.join(dir, 'logs'),
      dns: { clusterDns: ['10.43.0.10'], clusterDomain: 'cluster.local', host: {} },
    },
    rootDir: path.join(dir, 'root'),
    hostIPs: ['192.0.2.10'],
    cgroups,
    containerEnv: async () => ({ ok: true, env: [{ key: 'A', value: 'b' }] }),
    pullSecrets: async () => secrets,
    probeRestart: () => undefined,
    isStarted: () => true,
  });
  return { clock, runtime, events, manager, mount };
}

function pod(
  spec: { containers: Container[]; initContainers?: Container[]; restartPolicy?: string },
  grace = 5,
): Pod {
  const withPolicy = (c: Container): Container => ({ imagePullPolicy: 'IfNotPresent', image, ...c });
  return {
    metadata: { name: 'p', namespace: 'default', uid: 'uid-1' },
    spec: {
      terminationGracePeriodSeconds: grace,
      restartPolicy: spec.restartPolicy ?? 'Always',
      containers: spec.containers.map(withPolicy),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(withPolicy) } : {}),
    },
  } as Pod;
}

const created = (rt: FakeRuntime) =>
  rt.calls
    .filter((c) => c.method === 'createContainer')
    .map((c) => (c.request as { config: ContainerConfig }).config.metadata);

test('init containers, then a sidecar-served container, each in its own sync', async () => {
  const { runtime, manager } = setup();
  runtime.scriptContainer('init', { exitAfterMs: 0, exitCode: 0 });
  const p = pod({
    containers: [{ name: 'app' }],
    initContainers: [{ name: 'side', restartPolicy: 'Always' }, { name: 'init' }],
  });
  const state = new PodSyncState();
  for (let i = 0; i < 4; i++) await manager.syncPod(p, state);
  assert.deepEqual(
    created(runtime).map((m) => m.name),
    ['side', 'init', 'app'],
  );
  const sandbox = runtime.calls.find((c) => c.method === 'runPodSandbox')?.request as {
    config: {
      dnsConfig: { servers: string[]; searches: string[]; options: string[] };
      linux: { cgroupParent: string };
    };
  };
  assert.deepEqual(sandbox.config.dnsConfig, {
    servers: ['10.43.0.10'],
    searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    options: ['ndots:5'],
  });
  assert.equal(sandbox.config.linux.cgroupParent, '/kubepods/besteffort/poduid-1');
});

test('the container manager sizes containers and owns the pod cgroup from sandbox to removal', async () => {
  const { runtime, manager, mount } = setup();
  const p = pod({
    containers: [{ name: 'app', resources: { limits: { cpu: '500m', memory: '32Mi' } } }],
  });
  await manager.syncPod(p, new PodSyncState());
  const sandbox = runtime.calls.find((c) => c.method === 'runPodSandbox')?.request as {
    config: { linux: { cgroupParent: string } };
  };
  // Limits without requests default nothing here (no apiserver): Burstable by upstream's rules.
  assert.equal(sandbox.config.linux.cgroupParent, '/kubepods/burstable/poduid-1');
  const app = runtime.calls.find((c) => c.method === 'createContainer')?.request as {
    config: { linux: { resources: { cpuQuota: number; cpuPeriod: number; memoryLimitInBytes: number } } };
  };
  assert.deepEqual(
    [app.config.linux.resources.cpuQuota, app.config.linux.resources.cpuPeriod],
    [50_000, 100_000],
  );
  assert.equal(app.config.linux.resources.memoryLimitInBytes, 32 * 1024 * 1024);
  const podCgroup = path.join(mount, 'memory', 'kubepods', 'burstable', 'poduid-1');
  assert.ok(existsSync(podCgroup), 'the pod cgroup exists before the sandbox');
  await manager.killPod(p);
  await manager.removePod(p);
  assert.equal(existsSync(podCgroup), false, 'removed with the pod');
});

test('a crashing container restarts at once, then backs off 10 s, then 20 s (CrashLoopBackOff)', async () => {
  const { clock, runtime, manager, events } = setup();
  runtime.scriptContainer('app', { exitAfterMs: 0, exitCode: 1 });
  const p = pod({ containers: [{ name: 'app' }] });
  const state = new PodSyncState();
  await manager.syncPod(p, state);
  await manager.syncPod(p, state);
  assert.deepEqual(
    created(runtime).map((m) => m.attempt),
    [0, 1],
    'first restart without delay',
  );
  await manager.syncPod(p, state);
  assert.equal(created(runtime).length, 2);
  assert.deepEqual(state.waiting.get('app'), {
    reason: 'CrashLoopBackOff',
    message: 'back-off 10s restarting failed container=app pod=p_default(uid-1)',
  });
  assert.equal(state.wakeAt, clock.now() + 10_000);
  assert.ok(
    events.some(
      (e) =>
        e.reason === 'BackOff' &&
        e.message === 'Back-off restarting failed container app in pod p_default(uid-1)',
    ),
  );

  await clock.advance(10_000);
  await manager.syncPod(p, state);
  assert.deepEqual(
    created(runtime).map((m) => m.attempt),
    [0, 1, 2],
  );
  state.waiting.clear();
  await manager.syncPod(p, state);
  assert.equal(
    state.waiting.get('app')?.message,
    'back-off 20s restarting failed container=app pod=p_default(uid-1)',
  );

  const view = await manager.runtimePod('uid-1');
  const rs = await podRuntimeStatus(p, view, 'containerd', state, {
    isReady: () => false,
    isStarted: () => false,
  });
  const status = generatePodStatus({ pod: p, runtime: rs, hostIPs: ['127.0.0.1'], now: clock.now() });
  const cs = status.containerStatuses?.[0];
  assert.equal(status.phase, 'Running');
  assert.deepEqual(cs?.state?.waiting, state.waiting.get('app'));
  assert.deepEqual(
    [cs?.lastState?.terminated?.exitCode, cs?.lastState?.terminated?.reason, cs?.restartCount],
    [1, 'Error', 2],
  );
});

test('killPod stops regular containers before sidecars, then the sandbox', async () => {
  const { runtime, manager, events } = setup();
  const p = pod(
    { containers: [{ name: 'app' }], initContainers: [{ name: 'side', restartPolicy: 'Always' }] },
    7,
  );
  const state = new PodSyncState();
  await manager.syncPod(p, state);
  await manager.syncPod(p, state);
  const view = await manager.runtimePod('uid-1');
  const byId = new Map(view.containers.map((c) => [c.id, c.name]));
  runtime.calls.length = 0;
  await manager.killPod(p);
  const order = runtime.calls
    .filter((c) => c.method === 'stopContainer' || c.method === 'stopPodSandbox')
    .map((c) =>
      c.method === 'stopContainer'
        ? `${byId.get((c.request as { containerId: string }).containerId)}:${(c.request as { timeout: number }).timeout}`
        : 'sandbox',
    );
  assert.deepEqual(order, ['app:7', 'side:7', 'sandbox']);
  assert.deepEqual(
    events.filter((e) => e.reason === 'Killing').map((e) => e.message),
    ['Stopping container app', 'Stopping container side'],
  );
});

test('a pod whose containers all succeeded under OnFailure is done: its sandbox stops', async () => {
  const { runtime, manager } = setup();
  runtime.scriptContainer('app', { exitAfterMs: 0, exitCode: 0 });
  const p = pod({ containers: [{ name: 'app' }], restartPolicy: 'OnFailure' });
  const state = new PodSyncState();
  await manager.syncPod(p, state);
  await manager.syncPod(p, state);
  assert.equal(created(runtime).length, 1);
  const view = await manager.runtimePod('uid-1');
  assert.equal(view.sandboxes[0]?.state, 'SANDBOX_NOTREADY');
  const rs = await podRuntimeStatus(p, view, 'containerd', state, {
    isReady: () => false,
    isStarted: () => false,
  });
  assert.equal(generatePodStatus({ pod: p, runtime: rs, hostIPs: [], now: 0 }).phase, 'Succeeded');
});

test('a hostname FQDN too long for the kernel: no sandbox, a FailedCreatePodSandBox event', async () => {
  const { runtime, events, manager } = setup();
  const p = pod({ containers: [{ name: 'app' }] });
  p.spec = { ...p.spec!, hostname: 'h'.repeat(40), subdomain: 'group', setHostnameAsFQDN: true };
  await manager.syncPod(p, new PodSyncState());
  assert.equal(runtime.calls.filter((c) => c.method === 'runPodSandbox').length, 0);
  const failed = events.filter((e) => e.reason === 'FailedCreatePodSandBox');
  assert.equal(failed.length, 1);
  assert.match(
    failed[0]!.message,
    /^Failed to create pod sandbox: failed to construct FQDN .* is too long \(64/,
  );
});

test("an image pull carries the credentials of the pod's imagePullSecrets for that registry", async () => {
  const secret: Secret = {
    metadata: { name: 'regcred', namespace: 'default' },
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(
        JSON.stringify({ auths: { '127.0.0.1:5000': { username: 'alice', password: 's3cret' } } }),
      ).toString('base64'),
    },
  };
  const { runtime, manager } = setup([secret]);
  const p = pod({
    containers: [{ name: 'app', image: '127.0.0.1:5000/private:1', imagePullPolicy: 'Always' }],
  });
  await manager.syncPod(p, new PodSyncState());
  const pull = runtime.calls.find((c) => c.method === 'pullImage')?.request as PullImageRequest | undefined;
  assert.equal(pull?.image.image, '127.0.0.1:5000/private:1');
  assert.deepEqual(pull?.auth, { username: 'alice', password: 's3cret', serverAddress: '127.0.0.1:5000' });
  assert.deepEqual(
    created(runtime).map((m) => m.name),
    ['app'],
  );
});

test("a host-network pod's containers get the node's hosts file with the pod's hostAliases", async () => {
  const { runtime, manager } = setup();
  const p = pod({ containers: [{ name: 'app' }] });
  p.spec!.hostNetwork = true;
  p.spec!.hostAliases = [{ ip: '10.1.2.3', hostnames: ['foo.remote', 'bar.remote'] }];
  await manager.syncPod(p, new PodSyncState());
  const config = runtime.calls.find((c) => c.method === 'createContainer')?.request as {
    config: ContainerConfig;
  };
  const hosts = (config.config.mounts ?? []).find((m) => m.containerPath === '/etc/hosts');
  assert.ok(hosts, 'the managed hosts file is mounted');
  assert.equal(
    readFileSync(hosts.hostPath, 'utf8'),
    '# Kubernetes-managed hosts file (host network).\n' +
      readFileSync('/etc/hosts', 'utf8') +
      '\n# Entries added by HostAliases.\n10.1.2.3\tfoo.remote\tbar.remote\n',
  );
});
