// Which log file a logs request reads (upstream's validateContainerLogStatus, then the runtime's
// ContainerStatus logPath): the running container's, else the one that last terminated; with
// `previous`, the run before the current one. The container statuses pick the container ID and
// the runtime says where its log is, so the file of a run the GC already removed is not guessed.
import type { ContainerStatus as ApiContainerStatus, PodStatus } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../cri/cri-errors.js';
import type { RuntimeService } from '../cri/runtime-service.js';
import { goQuote } from '../../machinery/errors/index.js';

/** A request for logs the kubelet refuses; `message` is upstream's text. */
export class ContainerLogError extends Error {}

/** The runtime's ID in a status containerID ("containerd://<id>" → "<id>"). */
export function runtimeContainerId(statusId: string): string {
  const at = statusId.indexOf('://');
  return at < 0 ? statusId : statusId.slice(at + 3);
}

/**
 * The status containerID ("containerd://…") whose log a request reads; throws ContainerLogError
 * with upstream's message when there is none (not started, no previous run).
 */
export function containerIdForLogs(
  podName: string,
  status: PodStatus | undefined,
  containerName: string,
  previous: boolean,
): string {
  const find = (list: readonly ApiContainerStatus[] | undefined) =>
    list?.find((s) => s.name === containerName);
  const cs =
    find(status?.containerStatuses) ??
    find(status?.initContainerStatuses) ??
    find(status?.ephemeralContainerStatuses);
  const c = goQuote(containerName);
  const p = goQuote(podName);
  if (cs === undefined) throw new ContainerLogError(`container ${c} in pod ${p} is not available`);
  const last = cs.lastState?.terminated;
  const { waiting, running, terminated } = cs.state ?? {};
  if (previous) {
    if (last === undefined || !last.containerID)
      throw new ContainerLogError(`previous terminated container ${c} in pod ${p} not found`);
    return last.containerID;
  }
  if (running !== undefined) return cs.containerID ?? '';
  if (terminated !== undefined) {
    if (terminated.containerID) return terminated.containerID;
    // The next run never started: its predecessor's log is the latest there is.
    if (last?.containerID) return last.containerID;
    throw new ContainerLogError(`container ${c} in pod ${p} is terminated`);
  }
  if (last !== undefined) {
    if (!last.containerID) throw new ContainerLogError(`container ${c} in pod ${p} is terminated`);
    return last.containerID;
  }
  if (waiting !== undefined) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull')
      throw new ContainerLogError(`container ${c} in pod ${p} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff')
      throw new ContainerLogError(
        `container ${c} in pod ${p} is waiting to start: trying and failing to pull image`,
      );
    throw new ContainerLogError(`container ${c} in pod ${p} is waiting to start: ${reason}`);
  }
  throw new ContainerLogError(`container ${c} in pod ${p} is waiting to start - no logs yet`);
}

/** A container's log file as the runtime reports it, and whether the container runs. */
export interface ContainerLogFile {
  /** The runtime's container ID. */
  readonly containerId: string;
  readonly logPath: string;
  readonly running: boolean;
}

/** Asks the runtime where the log of status containerID `statusId` is; upstream's error when it cannot say. */
export async function containerLogFile(
  runtime: Pick<RuntimeService, 'containerStatus'>,
  statusId: string,
): Promise<ContainerLogFile> {
  const containerId = runtimeContainerId(statusId);
  try {
    const { status } = await runtime.containerStatus({ containerId });
    return { containerId, logPath: status.logPath, running: status.state === 'CONTAINER_RUNNING' };
  } catch {
    throw new ContainerLogError(`unable to retrieve container logs for ${statusId}`);
  }
}

/** Whether the container still runs (following ends when it stopped or was removed). */
export async function containerRunning(
  runtime: Pick<RuntimeService, 'containerStatus'>,
  containerId: string,
): Promise<boolean> {
  try {
    const { status } = await runtime.containerStatus({ containerId });
    return status.state === 'CONTAINER_RUNNING';
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
