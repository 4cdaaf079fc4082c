// The kubelet API's GET /containerLogs/{namespace}/{pod}/{container} (upstream's server.go
// getContainerLogs + Kubelet.GetKubeletContainerLogs): the query as PodLogOptions, the pod and its
// container from the kubelet's own pods, the run whose log to read from the pod's status, then the
// file streamed as text/plain. Refusals are plain-text bodies with upstream's codes and messages;
// once the 200 is sent (before reading, as upstream's zero-byte write does), a read failure is
// written into the body, as upstream's client sees it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { systemClock, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import { goQuote } from '../../machinery/errors/index.js';
import type { RuntimeService } from '../cri/runtime-service.js';
import {
  ContainerLogError,
  containerIdForLogs,
  containerLogFile,
  containerRunning,
} from './container-log-target.js';
import { containerLogOptions, parsePodLogQuery } from './pod-log-query.js';
import { readContainerLog } from './read-container-log.js';

/** What serving a known pod's container log needs from the kubelet. */
export interface PodContainerLogsDeps {
  /** The kubelet's latest status of the pod (its status manager); absent: the pod's own status. */
  podStatus?(pod: Pod): PodStatus | undefined;
  readonly runtime: Pick<RuntimeService, 'containerStatus'>;
  readonly clock?: Clock;
  /** With follow: the longest wait between looks at the file (default 1 s). */
  readonly pollMs?: number;
  readonly logger?: Logger;
}

/** What the whole /containerLogs handler needs: the above and the kubelet's pods by name. */
export interface ContainerLogsDeps extends PodContainerLogsDeps {
  /** The pod this kubelet runs under that namespace/name (an API pod or a static pod), if any. */
  getPodByName(namespace: string, name: string): Pod | undefined;
}

const textPlain = 'text/plain; charset=utf-8';

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': textPlain, 'Content-Length': Buffer.byteLength(message) });
  res.end(message);
}

/** The {namespace, pod, container} of a /containerLogs path; undefined when it has another shape. */
export function containerLogsPathParams(
  pathname: string,
): { namespace: string; pod: string; container: string } | undefined {
  const parts = pathname.split('/');
  if (parts.length !== 5 || parts[0] !== '' || parts[1] !== 'containerLogs') return undefined;
  try {
    const [namespace, pod, container] = parts.slice(2).map(decodeURIComponent) as [string, string, string];
    return { namespace, pod, container };
  } catch {
    return undefined;
  }
}

/** Serves GET /containerLogs/{namespace}/{pod}/{container}?follow=&previous=&sinceSeconds=&…; resolves when the response ended. */
export async function serveContainerLogs(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ContainerLogsDeps,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://kubelet');
  const params = containerLogsPathParams(url.pathname);
  if (params === undefined) return refuse(res, 404, '404 page not found');
  const { namespace, pod: podName, container } = params;
  // The kubelet's own wording, JSON-looking bodies included.
  if (podName === '') return refuse(res, 400, '{"message": "Missing podID."}');
  if (container === '') return refuse(res, 400, '{"message": "Missing container name."}');
  if (namespace === '') return refuse(res, 400, '{"message": "Missing podNamespace."}');
  // Upstream checks the query before it looks for the pod.
  const parsed = parsePodLogQuery(url.searchParams);
  if (!parsed.ok) return refuse(res, parsed.status, parsed.message);

  const pod = deps.getPodByName(namespace, podName);
  if (pod === undefined) return refuse(res, 404, `pod ${goQuote(podName)} does not exist`);
  const spec = pod.spec;
  const specs = [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ];
  if (!specs.some((c) => c.name === container))
    return refuse(res, 404, `container ${goQuote(container)} not found in pod ${goQuote(podName)}`);
  return servePodContainerLogs(req, res, { pod, containerName: container }, deps);
}

/**
 * Serves the log of `containerName` (one of the pod's spec containers, already checked) with the
 * request's query: 400/422 for a bad query, 400 when there is no run to read (waiting to start, no
 * previous run), else 200 and the log. For routers that resolve the pod themselves.
 */
export async function servePodContainerLogs(
  req: IncomingMessage,
  res: ServerResponse,
  target: { readonly pod: Pod; readonly containerName: string },
  deps: PodContainerLogsDeps,
): Promise<void> {
  const { pod, containerName: container } = target;
  const namespace = pod.metadata?.namespace ?? '';
  const podName = pod.metadata?.name ?? '';
  const parsed = parsePodLogQuery(new URL(req.url ?? '/', 'http://kubelet').searchParams);
  if (!parsed.ok) return refuse(res, parsed.status, parsed.message);
  const { query } = parsed;

  let statusId: string;
  try {
    statusId = containerIdForLogs(podName, deps.podStatus?.(pod) ?? pod.status, container, query.previous);
  } catch (err) {
    if (err instanceof ContainerLogError) return refuse(res, 400, err.message);
    throw err;
  }

  res.writeHead(200, { 'Content-Type': textPlain });
  // The client sees the 200 before the first line, even when a follow waits for one.
  res.flushHeaders();
  // The response closes before it ends only when the client went away.
  const controller = new AbortController();
  const onClose = () => controller.abort();
  res.once('close', onClose);
  const clock = deps.clock ?? systemClock;
  try {
    const file = await containerLogFile(deps.runtime, statusId);
    await readContainerLog({
      path: file.logPath,
      options: containerLogOptions(query, clock.now()),
      out: res,
      signal: controller.signal,
      isRunning: () => containerRunning(deps.runtime, file.containerId),
      clock,
      ...(deps.pollMs !== undefined ? { pollMs: deps.pollMs } : {}),
    });
  } catch (err) {
    deps.logger?.warn('container logs failed', { pod: `${namespace}/${podName}`, container, err });
    if (!res.destroyed) res.write((err as Error).message);
  } finally {
    res.off('close', onClose);
  }
  if (!res.destroyed) res.end();
}
