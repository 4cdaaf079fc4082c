import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { CriError, isNotFound } from './cri-errors.js';
import { FakeRuntime } from './fake-runtime.js';
import type { ContainerConfig, PodSandboxConfig } from './runtime-service.js';

const sandboxConfig: PodSandboxConfig = {
  metadata: { name: 'web', uid: 'uid-1', namespace: 'default', attempt: 0 },
  hostname: 'web',
  logDirectory: '/var/log/pods/default_web_uid-1',
  labels: { 'io.kubernetes.pod.uid': 'uid-1' },
};

function containerConfig(name: string, attempt = 0): ContainerConfig {
  return {
    metadata: { name, attempt },
    image: { image: '127.0.0.1:5000/toolbox:1' },
    logPath: `${name}/${attempt}.log`,
    labels: { 'io.kubernetes.container.name': name },
  };
}

async function podWith(rt: FakeRuntime, name: string) {
  const { podSandboxId } = await rt.runPodSandbox({ config: sandboxConfig });
  const { containerId } = await rt.createContainer({
    podSandboxId,
    config: containerConfig(name),
    sandboxConfig,
  });
  return { podSandboxId, containerId };
}

test('runs a sandbox and a container through their lifecycle', async () => {
  const clock = new FakeClock();
  const rt = new FakeRuntime({ clock, images: ['127.0.0.1:5000/toolbox:1'] });
  const { podSandboxId, containerId } = await podWith(rt, 'app');

  const sandbox = await rt.podSandboxStatus({ podSandboxId });
  assert.equal(sandbox.status.state, 'SANDBOX_READY');
  assert.match(sandbox.status.network?.ip ?? '', /^10\.88\.0\.\d+$/);
  assert.equal(sandbox.status.createdAt, clock.now() * 1e6);

  assert.equal((await rt.containerStatus({ containerId })).status.state, 'CONTAINER_CREATED');
  await clock.advance(1000);
  await rt.startContainer(containerId);
  const running = (await rt.containerStatus({ containerId })).status;
  assert.equal(running.state, 'CONTAINER_RUNNING');
  assert.equal(running.startedAt, clock.now() * 1e6);
  assert.equal(running.logPath, '/var/log/pods/default_web_uid-1/app/0.log');
  assert.match(running.imageRef, /^127\.0\.0\.1:5000\/toolbox@sha256:[0-9a-f]{64}$/);

  await rt.stopContainer({ containerId, timeout: 30 });
  const stopped = (await rt.containerStatus({ containerId })).status;
  assert.deepEqual([stopped.state, stopped.exitCode, stopped.reason], ['CONTAINER_EXITED', 0, 'Completed']);

  await rt.stopPodSandbox(podSandboxId);
  assert.equal((await rt.podSandboxStatus({ podSandboxId })).status.state, 'SANDBOX_NOTREADY');
  await rt.removePodSandbox(podSandboxId);
  assert.deepEqual((await rt.listPodSandbox()).items, []);
  assert.deepEqual((await rt.listContainers()).containers, []);
});

test('stop and remove are idempotent; status of what is gone is NotFound', async () => {
  const rt = new FakeRuntime({ images: ['127.0.0.1:5000/toolbox:1'] });
  const { podSandboxId, containerId } = await podWith(rt, 'app');
  await rt.removeContainer(containerId);
  await rt.removeContainer(containerId);
  await rt.stopContainer({ containerId, timeout: 0 });
  await rt.removePodSandbox(podSandboxId);
  await rt.stopPodSandbox(podSandboxId);
  await rt.removePodSandbox(podSandboxId);
  await assert.rejects(rt.containerStatus({ containerId }), isNotFound);
  await assert.rejects(rt.podSandboxStatus({ podSandboxId }), isNotFound);
});

test('filters list results by id prefix, sandbox, state and labels', async () => {
  const rt = new FakeRuntime({ images: ['127.0.0.1:5000/toolbox:1'] });
  const a = await podWith(rt, 'a');
  await rt.startContainer(a.containerId);
  const b = await rt.createContainer({
    podSandboxId: a.podSandboxId,
    config: containerConfig('b'),
    sandboxConfig,
  });

  const running = await rt.listContainers({ filter: { state: 'CONTAINER_RUNNING' } });
  assert.deepEqual(
    running.containers.map((c) => c.id),
    [a.containerId],
  );
  const byLabel = await rt.listContainers({
    filter: { labelSelector: { 'io.kubernetes.container.name': 'b' } },
  });
  assert.deepEqual(
    byLabel.containers.map((c) => c.id),
    [b.containerId],
  );
  const byPrefix = await rt.listContainers({ filter: { id: b.containerId.slice(0, 12) } });
  assert.equal(byPrefix.containers.length, 1);
  const sandboxes = await rt.listPodSandbox({
    filter: { labelSelector: { 'io.kubernetes.pod.uid': 'uid-1' } },
  });
  assert.equal(sandboxes.items.length, 1);
  assert.equal((await rt.listPodSandbox({ filter: { state: 'SANDBOX_NOTREADY' } })).items.length, 0);
});

test('refuses duplicate names, unknown sandboxes and missing images', async () => {
  const rt = new FakeRuntime({ images: ['127.0.0.1:5000/toolbox:1'] });
  const { podSandboxId } = await podWith(rt, 'app');
  await assert.rejects(
    rt.createContainer({ podSandboxId, config: containerConfig('app'), sandboxConfig }),
    (e: unknown) => e instanceof CriError && e.code === 'AlreadyExists',
  );
  await assert.rejects(
    rt.runPodSandbox({ config: sandboxConfig }),
    (e: CriError) => e.code === 'AlreadyExists',
  );
  await assert.rejects(
    rt.createContainer({ podSandboxId: 'nope', config: containerConfig('x'), sandboxConfig }),
    isNotFound,
  );
  await assert.rejects(
    rt.createContainer({
      podSandboxId,
      config: { ...containerConfig('y'), image: { image: 'busybox' } },
      sandboxConfig,
    }),
    isNotFound,
  );
});

test('scripted containers exit on their own after a while on the clock', async () => {
  const clock = new FakeClock();
  const rt = new FakeRuntime({ clock, images: ['127.0.0.1:5000/toolbox:1'] });
  rt.scriptContainer('job', { exitAfterMs: 5000, exitCode: 3 });
  rt.scriptContainer((c) => c.metadata.name === 'init', { exitAfterMs: 0 });
  const job = await podWith(rt, 'job');
  await rt.startContainer(job.containerId);
  const init = await rt.createContainer({
    podSandboxId: job.podSandboxId,
    config: containerConfig('init'),
    sandboxConfig,
  });
  await rt.startContainer(init.containerId);
  const initStatus = (await rt.containerStatus({ containerId: init.containerId })).status;
  assert.deepEqual(
    [initStatus.state, initStatus.exitCode, initStatus.reason],
    ['CONTAINER_EXITED', 0, 'Completed'],
  );

  await clock.advance(4999);
  assert.equal(
    (await rt.containerStatus({ containerId: job.containerId })).status.state,
    'CONTAINER_RUNNING',
  );
  await clock.advance(1);
  const s = (await rt.containerStatus({ containerId: job.containerId })).status;
  assert.deepEqual([s.state, s.exitCode, s.reason], ['CONTAINER_EXITED', 3, 'Error']);
  assert.equal(s.finishedAt - s.startedAt, 5000 * 1e6);
});

test('a test can OOM-kill a container, and SIGTERM-deaf containers end with 137', async () => {
  const rt = new FakeRuntime({ images: ['127.0.0.1:5000/toolbox:1'] });
  rt.scriptContainer('deaf', { ignoresSigterm: true });
  const a = await podWith(rt, 'hog');
  await rt.startContainer(a.containerId);
  rt.exitContainer(a.containerId, 137, 'OOMKilled');
  const hog = (await rt.containerStatus({ containerId: a.containerId })).status;
  assert.deepEqual([hog.exitCode, hog.reason], [137, 'OOMKilled']);

  const deaf = await rt.createContainer({
    podSandboxId: a.podSandboxId,
    config: containerConfig('deaf'),
    sandboxConfig,
  });
  await rt.startContainer(deaf.containerId);
  await rt.stopContainer({ containerId: deaf.containerId, timeout: 2 });
  const d = (await rt.containerStatus({ containerId: deaf.containerId })).status;
  assert.deepEqual([d.exitCode, d.reason], [137, 'Error']);
});

test('start errors keep the container CREATED', async () => {
  const rt = new FakeRuntime({ images: ['127.0.0.1:5000/toolbox:1'] });
  rt.scriptContainer('bad', {
    startError: new CriError('Unknown', 'exec: "nope": executable file not found'),
  });
  const { containerId } = await podWith(rt, 'bad');
  await assert.rejects(rt.startContainer(containerId), /executable file not found/);
  assert.equal((await rt.containerStatus({ containerId })).status.state, 'CONTAINER_CREATED');
});

test('pulls store images under every spelling; scripted pulls fail or take time', async () => {
  const clock = new FakeClock();
  const rt = new FakeRuntime({ clock });
  const { imageRef } = await rt.pullImage({ image: { image: 'busybox' } });
  const byTag = await rt.imageStatus({ image: 'docker.io/library/busybox:latest' });
  assert.equal(byTag.image?.id, imageRef);
  assert.deepEqual(byTag.image?.repoTags, ['docker.io/library/busybox:latest']);
  const digest = byTag.image?.repoDigests[0] ?? '';
  assert.equal((await rt.imageStatus({ image: digest })).image?.id, imageRef);
  assert.equal((await rt.imageStatus({ image: imageRef })).image?.id, imageRef);
  assert.equal((await rt.imageStatus({ image: 'nginx' })).image, undefined);

  rt.failPull('127.0.0.1:5000/missing:1');
  await assert.rejects(
    rt.pullImage({ image: { image: '127.0.0.1:5000/missing:1' } }),
    (e: CriError) => e.code === 'Unknown' && /failed to pull and unpack image/.test(e.message),
  );

  rt.scriptPull('127.0.0.1:5000/slow:1', { delayMs: 2000, size: 5_000_000 });
  let done = false;
  const pulling = rt.pullImage({ image: { image: '127.0.0.1:5000/slow:1' } }).then(() => (done = true));
  await clock.advance(1999);
  assert.equal(done, false);
  await clock.advance(1);
  await pulling;
  assert.equal((await rt.imageFsInfo()).imageFilesystems[0]?.usedBytes, 6_000_000);

  await rt.removeImage({ image: 'busybox' });
  await rt.removeImage({ image: 'busybox' });
  assert.equal((await rt.listImages()).length, 1);
});

test('injected errors hit the next calls only, and every call is recorded', async () => {
  const rt = new FakeRuntime();
  rt.failNext('runPodSandbox', new CriError('Unknown', 'failed to setup network for sandbox'), 2);
  await assert.rejects(rt.runPodSandbox({ config: sandboxConfig }), /setup network/);
  await assert.rejects(rt.runPodSandbox({ config: sandboxConfig }), /setup network/);
  await rt.runPodSandbox({ config: sandboxConfig });
  assert.deepEqual(rt.calledMethods(), ['runPodSandbox', 'runPodSandbox', 'runPodSandbox']);
});

test('execSync answers from the script, and refuses containers that are not running', async () => {
  const rt = new FakeRuntime({ images: ['127.0.0.1:5000/toolbox:1'] });
  rt.scriptContainer('app', {
    exec: (cmd) =>
      cmd[0] === 'cat'
        ? { stdout: Buffer.from('ok'), stderr: Buffer.alloc(0), exitCode: 0 }
        : new CriError('DeadlineExceeded', 'timeout 1s exceeded'),
  });
  const { containerId } = await podWith(rt, 'app');
  await assert.rejects(rt.execSync({ containerId, cmd: ['cat'] }), /CONTAINER_CREATED/);
  await rt.startContainer(containerId);
  const r = await rt.execSync({ containerId, cmd: ['cat', '/healthz'] });
  assert.equal(r.stdout.toString(), 'ok');
  await assert.rejects(rt.execSync({ containerId, cmd: ['sleep', '5'], timeout: 1 }), (e: CriError) => {
    return e.code === 'DeadlineExceeded';
  });
});

test('status conditions, stats and host-network sandboxes', async () => {
  const rt = new FakeRuntime({ images: ['127.0.0.1:5000/toolbox:1'] });
  rt.setCondition('NetworkReady', false, 'NetworkPluginNotReady', 'cni config uninitialized');
  const conditions = (await rt.status(false)).status.conditions;
  assert.deepEqual(
    conditions.map((c) => [c.type, c.status]),
    [
      ['RuntimeReady', true],
      ['NetworkReady', false],
    ],
  );

  const { podSandboxId, containerId } = await podWith(rt, 'app');
  await rt.startContainer(containerId);
  rt.setUsage(containerId, { cpuNanoCores: 5_000_000, memoryWorkingSetBytes: 10 << 20 });
  assert.equal((await rt.containerStats(containerId)).memory?.workingSetBytes, 10 << 20);
  assert.equal((await rt.podSandboxStats(podSandboxId)).linux?.cpu?.usageNanoCores, 5_000_000);
  assert.equal((await rt.listContainerStats({ podSandboxId })).length, 1);

  const host = await rt.runPodSandbox({
    config: {
      ...sandboxConfig,
      metadata: { ...sandboxConfig.metadata, uid: 'uid-2' },
      linux: { securityContext: { namespaceOptions: { network: 'NODE' } } },
    },
  });
  assert.equal((await rt.podSandboxStatus({ podSandboxId: host.podSandboxId })).status.network, undefined);
});
