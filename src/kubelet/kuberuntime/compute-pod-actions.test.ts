import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { computePodActions, type PodActionsContext } from './compute-pod-actions.js';
import { containerHash } from './container-hash.js';
import type { RuntimeContainer, RuntimePod, RuntimeSandbox } from './runtime-pod.js';

const image = '127.0.0.1:5000/toolbox:1';

function pod(spec: { containers: Container[]; initContainers?: Container[]; restartPolicy?: string }): Pod {
  return { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: spec as Pod['spec'] };
}

const sandbox = (over: Partial<RuntimeSandbox> = {}): RuntimeSandbox => ({
  id: 's1',
  attempt: 0,
  state: 'SANDBOX_READY',
  createdAt: 1,
  ips: ['10.0.0.2'],
  hostNetwork: false,
  ...over,
});

let seq = 0;
function ctr(
  spec: Container,
  state: RuntimeContainer['state'],
  over: Partial<RuntimeContainer> = {},
): RuntimeContainer {
  seq++;
  return {
    id: `c${seq}`,
    sandboxId: 's1',
    name: spec.name,
    attempt: 0,
    state,
    createdAt: 100 - seq,
    startedAt: 100 - seq,
    finishedAt: state === 'CONTAINER_EXITED' ? 200 : 0,
    exitCode: 0,
    reason: '',
    message: '',
    image,
    imageRef: image,
    hash: containerHash(spec),
    restartCount: 0,
    annotations: {},
    mounts: [],
    logPath: '',
    ...over,
  };
}

const ctx: PodActionsContext = { probeRestart: () => undefined, isStarted: () => true };
const view = (containers: RuntimeContainer[], sandboxes = [sandbox()]): RuntimePod => ({
  uid: 'u1',
  sandboxes,
  containers,
});
const names = (list: readonly Container[]) => list.map((c) => c.name);

const app: Container = { name: 'app', image };
const init1: Container = { name: 'init1', image };
const init2: Container = { name: 'init2', image };
const sidecar: Container = { name: 'side', image, restartPolicy: 'Always' };

test('a new pod gets a sandbox and, with init containers, only the first of them', () => {
  const plain = computePodActions(pod({ containers: [app] }), view([], []), ctx);
  assert.deepEqual([plain.createSandbox, plain.attempt, names(plain.containersToStart)], [true, 0, ['app']]);
  const withInit = computePodActions(
    pod({ containers: [app], initContainers: [init1, init2] }),
    view([], []),
    ctx,
  );
  assert.deepEqual(
    [names(withInit.initContainersToStart), names(withInit.containersToStart)],
    [['init1'], []],
  );
});

test('init containers run one at a time, in order, before the containers', () => {
  const p = pod({ containers: [app], initContainers: [init1, init2] });
  const running = computePodActions(p, view([ctr(init1, 'CONTAINER_RUNNING')]), ctx);
  assert.deepEqual([names(running.initContainersToStart), names(running.containersToStart)], [[], []]);
  const next = computePodActions(p, view([ctr(init1, 'CONTAINER_EXITED')]), ctx);
  assert.deepEqual(names(next.initContainersToStart), ['init2']);
  const done = computePodActions(
    p,
    view([ctr(init1, 'CONTAINER_EXITED'), ctr(init2, 'CONTAINER_EXITED')]),
    ctx,
  );
  assert.deepEqual([names(done.initContainersToStart), names(done.containersToStart)], [[], ['app']]);
});

test('a failed init container is retried, except under restartPolicy Never where the pod fails', () => {
  const failed = [ctr(init1, 'CONTAINER_EXITED', { exitCode: 1 })];
  const retry = computePodActions(pod({ containers: [app], initContainers: [init1] }), view(failed), ctx);
  assert.deepEqual(names(retry.initContainersToStart), ['init1']);
  const never = computePodActions(
    pod({ containers: [app], initContainers: [init1], restartPolicy: 'Never' }),
    view(failed),
    ctx,
  );
  assert.deepEqual([never.initFailed, never.killPod, names(never.initContainersToStart)], [true, true, []]);
});

test('a sidecar must be started before the next init container, and is restarted when it exits', () => {
  const p = pod({ containers: [app], initContainers: [sidecar, init1] });
  const first = computePodActions(p, view([]), ctx);
  assert.deepEqual(names(first.initContainersToStart), ['side']);
  const notStarted = computePodActions(p, view([ctr(sidecar, 'CONTAINER_RUNNING')]), {
    ...ctx,
    isStarted: () => false,
  });
  assert.deepEqual(names(notStarted.initContainersToStart), []);
  const started = computePodActions(p, view([ctr(sidecar, 'CONTAINER_RUNNING')]), ctx);
  assert.deepEqual(names(started.initContainersToStart), ['init1']);
  const exited = computePodActions(
    p,
    view([ctr(app, 'CONTAINER_RUNNING'), ctr(sidecar, 'CONTAINER_EXITED'), ctr(init1, 'CONTAINER_EXITED')]),
    ctx,
  );
  assert.deepEqual([names(exited.initContainersToStart), names(exited.containersToStart)], [['side'], []]);
});

test('restartPolicy decides which exited containers start again', () => {
  const ok = [ctr(app, 'CONTAINER_EXITED', { exitCode: 0 })];
  const bad = [ctr(app, 'CONTAINER_EXITED', { exitCode: 2 })];
  const plan = (policy: string, cs: RuntimeContainer[]) =>
    computePodActions(pod({ containers: [app], restartPolicy: policy }), view(cs), ctx);
  assert.deepEqual(names(plan('Always', ok).containersToStart), ['app']);
  assert.deepEqual(names(plan('OnFailure', bad).containersToStart), ['app']);
  assert.deepEqual(
    [names(plan('OnFailure', ok).containersToStart), plan('OnFailure', ok).killPod],
    [[], true],
  );
  assert.deepEqual([names(plan('Never', bad).containersToStart), plan('Never', bad).killPod], [[], true]);
});

test('a liveness failure or a changed spec kills and restarts a running container', () => {
  const running = ctr(app, 'CONTAINER_RUNNING');
  const probe = computePodActions(pod({ containers: [app] }), view([running]), {
    ...ctx,
    probeRestart: () => ({ reason: 'LivenessProbe', message: 'Container app failed liveness probe' }),
  });
  assert.deepEqual(
    probe.containersToKill.map((k) => [k.reason, k.message]),
    [['LivenessProbe', 'Container app failed liveness probe, will be restarted']],
  );
  assert.deepEqual(names(probe.containersToStart), ['app']);
  const changed = computePodActions(
    pod({ containers: [{ ...app, image: 'other:2' }] }),
    view([running]),
    ctx,
  );
  assert.deepEqual(
    changed.containersToKill.map((k) => k.message),
    ['Container app definition changed, will be restarted'],
  );
  const healthy = computePodActions(pod({ containers: [app] }), view([running]), ctx);
  assert.deepEqual(
    [healthy.killPod, healthy.containersToKill.length, healthy.containersToStart.length],
    [false, 0, 0],
  );
});

test('a dead sandbox is replaced with the next attempt, but not for a Never pod that already ran', () => {
  const dead = [sandbox({ state: 'SANDBOX_NOTREADY', attempt: 2 })];
  const always = computePodActions(
    pod({ containers: [app] }),
    view([ctr(app, 'CONTAINER_EXITED')], dead),
    ctx,
  );
  assert.deepEqual([always.createSandbox, always.killPod, always.attempt], [true, true, 3]);
  const never = computePodActions(
    pod({ containers: [app], restartPolicy: 'Never' }),
    view([ctr(app, 'CONTAINER_EXITED')], dead),
    ctx,
  );
  assert.deepEqual([never.createSandbox, never.killPod, names(never.containersToStart)], [false, true, []]);
});
