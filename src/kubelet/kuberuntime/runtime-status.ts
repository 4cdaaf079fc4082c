// The runtime side of a pod's status (what generatePodStatus takes): for each container of the
// spec its newest run and the one before, restart count, why the kubelet holds it back, and
// readiness/startedness from the probes; plus the sandbox's readiness and IPs.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerRun, ContainerRuntimeStatus } from '../container-statuses.js';
import type { PodRuntimeStatus } from '../pod-status.js';
import type { PodSyncState } from './pod-sync-state.js';
import type { RuntimeContainer, RuntimePod } from './runtime-pod.js';
import { terminationMessage } from './termination-message.js';

/** Probe answers the status needs, keyed by the status containerID ("containerd://..."). */
export interface ProbeView {
  isStarted(podUid: string, containerName: string, containerId: string, running: boolean): boolean;
  isReady(podUid: string, containerName: string, containerId: string, running: boolean): boolean;
}

/** The status containerID of a runtime container ("containerd://<id>"). */
export function statusContainerId(runtimeName: string, id: string): string {
  return `${runtimeName}://${id}`;
}

async function run(runtimeName: string, c: RuntimeContainer): Promise<ContainerRun | undefined> {
  // A container created but never started has no run to show (it waits instead).
  if (c.startedAt === 0 && c.state !== 'CONTAINER_EXITED') return undefined;
  const exited = c.state === 'CONTAINER_EXITED' || c.state === 'CONTAINER_UNKNOWN';
  const message = exited ? await terminationMessage(c) : '';
  return {
    id: statusContainerId(runtimeName, c.id),
    image: c.image,
    imageId: c.imageRef,
    startedAt: c.startedAt || c.createdAt,
    ...(exited
      ? {
          finishedAt: c.finishedAt || c.startedAt || c.createdAt,
          exitCode: c.exitCode,
          ...(c.reason !== '' ? { reason: c.reason } : {}),
          ...(message !== '' ? { message } : {}),
        }
      : {}),
  };
}

async function containerStatus(
  pod: Pod,
  spec: Container,
  runtime: RuntimePod,
  runtimeName: string,
  state: PodSyncState,
  probes: ProbeView,
): Promise<ContainerRuntimeStatus> {
  const uid = pod.metadata?.uid ?? '';
  const runs = runtime.containers.filter((c) => c.name === spec.name);
  const newest = runs[0];
  const current = newest === undefined ? undefined : await run(runtimeName, newest);
  // A created-but-unstarted newest container leaves the run before it as the one to show.
  const shownRuns =
    current === undefined && newest !== undefined ? runs.slice(1) : runs.slice(current ? 1 : 0);
  const previous = shownRuns[0] === undefined ? undefined : await run(runtimeName, shownRuns[0]);
  const running = newest?.state === 'CONTAINER_RUNNING';
  const id = newest === undefined ? '' : statusContainerId(runtimeName, newest.id);
  const waiting = state.waiting.get(spec.name);
  return {
    name: spec.name,
    ...(current !== undefined
      ? { current }
      : previous !== undefined && waiting !== undefined
        ? { current: previous }
        : {}),
    ...(current !== undefined && previous !== undefined ? { previous } : {}),
    restartCount: newest?.restartCount ?? 0,
    ...(waiting !== undefined ? { waiting } : {}),
    ready: probes.isReady(uid, spec.name, id, running),
    started: probes.isStarted(uid, spec.name, id, running),
  };
}

/** The runtime status of `pod` for generatePodStatus. */
export async function podRuntimeStatus(
  pod: Pod,
  runtime: RuntimePod,
  runtimeName: string,
  state: PodSyncState,
  probes: ProbeView,
): Promise<PodRuntimeStatus> {
  const sandbox = runtime.sandboxes[0];
  const sandboxReady = sandbox?.state === 'SANDBOX_READY';
  const each = (list: readonly Container[]) =>
    Promise.all(list.map((c) => containerStatus(pod, c, runtime, runtimeName, state, probes)));
  return {
    sandboxReady,
    // A stopped sandbox keeps reporting its address, as a finished pod keeps showing its IP.
    podIPs: sandbox !== undefined ? [...sandbox.ips] : [],
    initContainers: await each(pod.spec?.initContainers ?? []),
    containers: await each(pod.spec?.containers ?? []),
  };
}
