// What one sync of a pod must do, decided from its spec and what the runtime holds (upstream's
// computePodActions with the SidecarContainers rules of 1.32): whether the sandbox must be
// (re)created, which init container or sidecar starts next, which containers start, and which
// running ones are killed because their spec changed or a liveness/startup probe failed. Pure:
// backoff, image pulls and the calls themselves are the executor's.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { KillReason } from '../lifecycle/termination-grace-period.js';
import { isRestartableInitContainer } from '../pod-phase.js';
import { containerHash } from './container-hash.js';
import { latestContainer, type RuntimeContainer, type RuntimePod } from './runtime-pod.js';

/** A running container to stop, and why (the Killing event's message). */
export interface ContainerToKill {
  readonly container: RuntimeContainer;
  readonly spec: Container;
  readonly reason: KillReason;
  readonly message: string;
}

/** The plan of one sync. */
export interface PodActions {
  /** Stop every container and the sandbox (before a new sandbox, or because the pod is done). */
  readonly killPod: boolean;
  readonly createSandbox: boolean;
  /** The sandbox to run containers in (absent when a new one is created). */
  readonly sandboxId?: string;
  /** The attempt of the sandbox to create (or of the current one). */
  readonly attempt: number;
  /** Init containers to start now, in order (at most one regular one). */
  readonly initContainersToStart: readonly Container[];
  readonly containersToStart: readonly Container[];
  readonly containersToKill: readonly ContainerToKill[];
  /** A regular init container failed under restartPolicy Never: the pod has failed. */
  readonly initFailed: boolean;
}

/** What computePodActions needs besides the pod and runtime view. */
export interface PodActionsContext {
  /** A liveness or startup failure asking for a restart of the container with this runtime ID. */
  readonly probeRestart: (
    containerName: string,
    containerId: string,
  ) => { reason: 'LivenessProbe' | 'StartupProbe'; message: string } | undefined;
  /** True once a running container counts as started (startup probe passed, or none). */
  readonly isStarted: (containerName: string, containerId: string) => boolean;
}

const running = (c: RuntimeContainer | undefined): c is RuntimeContainer => c?.state === 'CONTAINER_RUNNING';

/** upstream's ShouldContainerBeRestarted for a container that is not running. */
export function shouldRestart(pod: Pod, status: RuntimeContainer | undefined): boolean {
  if (status === undefined) return true;
  if (status.state === 'CONTAINER_RUNNING') return false;
  if (status.state !== 'CONTAINER_EXITED') return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return status.exitCode !== 0;
  return true;
}

function succeeded(status: RuntimeContainer | undefined): boolean {
  return status?.state === 'CONTAINER_EXITED' && status.exitCode === 0;
}

/** Whether the newest sandbox can be kept, and if not the attempt of the next one (podSandboxChanged). */
function sandboxChange(pod: Pod, runtime: RuntimePod): { create: boolean; attempt: number; id?: string } {
  const newest = runtime.sandboxes[0];
  if (newest === undefined) return { create: true, attempt: 0 };
  const next = newest.attempt + 1;
  const ready = runtime.sandboxes.filter((s) => s.state === 'SANDBOX_READY').length;
  if (ready > 1 || newest.state !== 'SANDBOX_READY') return { create: true, attempt: next };
  if (newest.hostNetwork !== (pod.spec?.hostNetwork === true)) return { create: true, attempt: next };
  if (!newest.hostNetwork && newest.ips.length === 0) return { create: true, attempt: next };
  return { create: false, attempt: newest.attempt, id: newest.id };
}

function restartKill(
  spec: Container,
  status: RuntimeContainer,
  ctx: PodActionsContext,
): ContainerToKill | undefined {
  if (status.hash !== '' && status.hash !== containerHash(spec))
    return {
      container: status,
      spec,
      reason: 'Unknown',
      message: `Container ${spec.name} definition changed, will be restarted`,
    };
  const probe = ctx.probeRestart(spec.name, status.id);
  if (probe !== undefined)
    return { container: status, spec, reason: probe.reason, message: `${probe.message}, will be restarted` };
  return undefined;
}

/** The sync plan for `pod` given what the runtime holds. */
export function computePodActions(pod: Pod, runtime: RuntimePod, ctx: PodActionsContext): PodActions {
  const spec = pod.spec;
  const inits = spec?.initContainers ?? [];
  const mains = spec?.containers ?? [];
  const policy = spec?.restartPolicy ?? 'Always';
  const sandbox = sandboxChange(pod, runtime);

  if (sandbox.create) {
    const base = {
      killPod: true,
      createSandbox: true,
      attempt: sandbox.attempt,
      containersToKill: [],
      initFailed: false,
    };
    // A Never pod whose sandbox died after its containers ran is done; it gets no new sandbox.
    if (policy === 'Never' && sandbox.attempt !== 0 && runtime.containers.length > 0)
      return { ...base, createSandbox: false, initContainersToStart: [], containersToStart: [] };
    if (inits.length > 0) return { ...base, initContainersToStart: [inits[0]!], containersToStart: [] };
    const toStart = mains.filter(
      (c) => !(policy === 'OnFailure' && succeeded(latestContainer(runtime, c.name))),
    );
    return { ...base, initContainersToStart: [], containersToStart: toStart };
  }

  const inSandbox = runtime.containers.filter((c) => c.sandboxId === sandbox.id);
  const latest = (name: string) => inSandbox.find((c) => c.name === name);
  const toKill: ContainerToKill[] = [];
  const initToStart: Container[] = [];
  // Once a regular container ran in this sandbox the pod is initialized; only sidecars still matter.
  let initialized = mains.some((c) => latest(c.name) !== undefined);
  let initFailed = false;
  for (const c of inits) {
    const s = latest(c.name);
    if (isRestartableInitContainer(c)) {
      if (running(s)) {
        const kill = restartKill(c, s, ctx);
        if (kill !== undefined) {
          toKill.push(kill);
          initToStart.push(c);
          if (!initialized) break;
          continue;
        }
        // The next init container waits until this sidecar counts as started.
        if (!initialized && !ctx.isStarted(c.name, s.id)) break;
        continue;
      }
      initToStart.push(c);
      if (!initialized) break;
      continue;
    }
    if (initialized) continue;
    if (s === undefined) {
      initToStart.push(c);
      break;
    }
    if (running(s)) break;
    if (succeeded(s)) continue;
    if (policy === 'Never') {
      initFailed = true;
      break;
    }
    initToStart.push(c);
    break;
  }
  if (!initialized) {
    initialized =
      !initFailed &&
      inits.every((c) => {
        const s = latest(c.name);
        return isRestartableInitContainer(c) ? running(s) && ctx.isStarted(c.name, s.id) : succeeded(s);
      });
  }
  if (initFailed) {
    return {
      killPod: true,
      createSandbox: false,
      sandboxId: sandbox.id!,
      attempt: sandbox.attempt,
      initContainersToStart: [],
      containersToStart: [],
      containersToKill: [],
      initFailed: true,
    };
  }
  if (!initialized) {
    return {
      killPod: false,
      createSandbox: false,
      sandboxId: sandbox.id!,
      attempt: sandbox.attempt,
      initContainersToStart: initToStart,
      containersToStart: [],
      containersToKill: toKill,
      initFailed: false,
    };
  }

  const toStart: Container[] = [];
  let keep = 0;
  for (const c of mains) {
    const s = latest(c.name);
    if (running(s)) {
      const kill = restartKill(c, s, ctx);
      if (kill === undefined) {
        keep++;
        continue;
      }
      toKill.push(kill);
      if (policy !== 'Never') toStart.push(c);
      continue;
    }
    if (shouldRestart(pod, s)) toStart.push(c);
  }
  // Every regular container is done for good: the pod is finished, and sidecars must not keep it alive.
  const done = keep === 0 && toStart.length === 0;
  return {
    killPod: done,
    createSandbox: false,
    sandboxId: sandbox.id!,
    attempt: sandbox.attempt,
    initContainersToStart: done ? [] : initToStart,
    containersToStart: toStart,
    containersToKill: toKill,
    initFailed: false,
  };
}
