import type {
  Container,
  ContainerState,
  ContainerStateTerminated,
  ContainerStatus,
  VolumeMountStatus,
} from 'kubernetes-types/core/v1.js';
import { formatRfc3339 } from '../base/rfc3339.js';
import { isRestartableInitContainer } from './pod-phase.js';

/** One run of a container as the runtime reports it (the CRI ContainerStatus fields the API shows). */
export interface ContainerRun {
  /** "<runtime>://<id>", e.g. "containerd://4f1c...". */
  readonly id: string;
  /** The image reference the runtime resolved, e.g. "docker.io/library/nginx:latest". */
  readonly image: string;
  /** "<repository>@sha256:<digest>". */
  readonly imageId: string;
  readonly startedAt: number;
  /** Set once the run ended. */
  readonly finishedAt?: number;
  readonly exitCode?: number;
  /** "Completed", "Error", "OOMKilled", ... */
  readonly reason?: string;
  readonly message?: string;
}

/** What the kubelet knows of one container of the spec: its latest two runs, why it waits, probe results. */
export interface ContainerRuntimeStatus {
  readonly name: string;
  /** The newest run; none before the container was first created. */
  readonly current?: ContainerRun;
  /** The run before it (shown as lastState). */
  readonly previous?: ContainerRun;
  readonly restartCount: number;
  /** Why the kubelet holds the container back (CrashLoopBackOff, ...): shown as waiting over an ended run. */
  readonly waiting?: { readonly reason: string; readonly message?: string };
  /** Readiness (probe result); init containers derive it from their exit instead. */
  readonly ready: boolean;
  /** Startup (probe result and postStart done). */
  readonly started: boolean;
}

/** The waiting reason of containers that never ran: ContainerCreating, or PodInitializing with init containers. */
export function defaultWaitingReason(hasInitContainers: boolean): string {
  return hasInitContainers ? 'PodInitializing' : 'ContainerCreating';
}

function terminated(run: ContainerRun): ContainerStateTerminated {
  return {
    containerID: run.id,
    exitCode: run.exitCode ?? 0,
    finishedAt: formatRfc3339(run.finishedAt ?? run.startedAt),
    ...(run.message !== undefined ? { message: run.message } : {}),
    ...(run.reason !== undefined ? { reason: run.reason } : {}),
    startedAt: formatRfc3339(run.startedAt),
  };
}

function stateOf(run: ContainerRun): ContainerState {
  return run.finishedAt === undefined
    ? { running: { startedAt: formatRfc3339(run.startedAt) } }
    : { terminated: terminated(run) };
}

// RecursiveReadOnlyMounts (beta in 1.32) reports every mount; read-only ones say whether they are
// recursive, which a runtime without rro support (containerd 1.7) never is unless demanded.
function volumeMounts(container: Container): VolumeMountStatus[] | undefined {
  const mounts = container.volumeMounts ?? [];
  if (mounts.length === 0) return undefined;
  return mounts.map((m) => ({
    name: m.name,
    mountPath: m.mountPath,
    ...(m.readOnly
      ? { readOnly: true, recursiveReadOnly: m.recursiveReadOnly === 'Enabled' ? 'Enabled' : 'Disabled' }
      : {}),
  }));
}

/**
 * The API status of one container, as kubelet 1.32's convertToAPIContainerStatuses builds it: a
 * container that never ran waits with `defaultReason`; one the kubelet holds back shows its waiting
 * reason with the ended run as lastState; init containers are ready once they exited 0.
 */
export function apiContainerStatus(
  container: Container,
  runtime: ContainerRuntimeStatus | undefined,
  defaultReason: string,
  isInit: boolean,
): ContainerStatus {
  const current = runtime?.current;
  const restartCount = runtime?.restartCount ?? 0;
  const lastOf = (run: ContainerRun | undefined): ContainerState =>
    run === undefined ? {} : { terminated: terminated(run) };
  if (current === undefined) {
    const waiting = runtime?.waiting ?? { reason: defaultReason };
    return {
      name: container.name,
      state: { waiting: { ...waiting } },
      lastState: lastOf(runtime?.previous),
      ready: false,
      restartCount,
      image: container.image ?? '',
      imageID: '',
      started: false,
    };
  }
  const ended = current.finishedAt !== undefined;
  let state = stateOf(current);
  let lastState = lastOf(runtime?.previous);
  if (ended && runtime?.waiting !== undefined) {
    lastState = state;
    state = { waiting: { ...runtime.waiting } };
  }
  const sidecar = isInit && isRestartableInitContainer(container);
  const ready = isInit && !sidecar ? ended && (current.exitCode ?? 0) === 0 : !ended && runtime!.ready;
  const mounts = volumeMounts(container);
  return {
    name: container.name,
    state,
    lastState,
    ready,
    restartCount,
    image: current.image,
    imageID: current.imageId,
    containerID: current.id,
    started: !ended && runtime!.started,
    ...(mounts !== undefined ? { volumeMounts: mounts } : {}),
  };
}

/**
 * TerminatePod's rule for a pod the kubelet finished: a container with no terminated state (it never
 * ran, or it vanished) is reported terminated with ContainerStatusUnknown and exit code 137.
 */
export function terminatedOrUnknown(status: ContainerStatus): ContainerStatus {
  if (status.state?.terminated) return status;
  return {
    ...status,
    state: {
      terminated: {
        exitCode: 137,
        message: 'The container could not be located when the pod was terminated',
        reason: 'ContainerStatusUnknown',
      },
    },
    ready: false,
    started: false,
  };
}
