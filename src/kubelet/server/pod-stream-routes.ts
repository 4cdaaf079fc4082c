// What the kubelet mounts on its per-pod API routes: /containerLogs reads the CRI log files
// (logs/), and /exec, /attach and /portForward ask the runtime for a one-time streaming URL (CRI
// Exec/Attach/PortForward, as upstream's GetExec/GetAttach/GetPortForward) and bridge the client's
// WebSocket or SPDY session to it (streaming/). A failure to get the URL is answered before the
// upgrade, with upstream's 500 and the runtime's message.
import type { Duplex } from 'node:stream';
import type { PodStatus } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { RuntimeService } from '../cri/runtime-service.js';
import { servePodContainerLogs } from '../logs/container-logs-handler.js';
import { runtimeLabels } from '../kuberuntime/runtime-labels.js';
import { bridgePortForward, bridgeRemoteCommand } from '../streaming/runtime-bridge.js';
import { parsePortForwardPorts } from '../streaming/port-forward-server.js';
import { parseRemoteCommandQuery, serveRemoteCommand } from '../streaming/remote-command-server.js';
import { writeHttpError } from '../streaming/upgrade-handshake.js';
import type { PodRouteHandlers, PodRequestTarget, RunningContainerTarget } from './pod-routes.js';
import type { RouteContext } from './kubelet-router.js';

/** What the per-pod routes need from the kubelet. */
export interface PodStreamRouteDeps {
  readonly runtime: RuntimeService;
  /** The status the kubelet last generated for a pod (static pods' only copy). */
  podStatus(podUid: string): PodStatus | undefined;
  readonly clock: Clock;
  readonly log: Logger;
}

/** The handlers of /containerLogs, /exec, /attach and /portForward. */
export function podStreamRoutes(deps: PodStreamRouteDeps): PodRouteHandlers {
  const { runtime, log } = deps;
  const remoteCommand =
    (kind: 'exec' | 'attach') =>
    async (
      req: Parameters<typeof serveRemoteCommand>[0],
      socket: Duplex,
      head: Buffer,
      target: RunningContainerTarget,
      ctx: RouteContext,
    ) => {
      const parsed = parseRemoteCommandQuery(ctx.query);
      if ('error' in parsed) return writeHttpError(socket, 400, parsed.error);
      const { options, command } = parsed;
      let url: string;
      try {
        const request = { containerId: target.containerId, ...options };
        url = (
          kind === 'exec' ? await runtime.exec({ ...request, cmd: command }) : await runtime.attach(request)
        ).url;
      } catch (err) {
        return writeHttpError(socket, 500, (err as Error).message);
      }
      log.debug(`${kind} session`, {
        pod: `${target.namespace}/${target.podName}`,
        container: target.containerName,
      });
      await serveRemoteCommand(req, socket, head, options, (session) => bridgeRemoteCommand(session, url));
    };

  return {
    containerLogs: (req, res, target) =>
      servePodContainerLogs(
        req,
        res,
        { pod: target.pod, containerName: target.containerName },
        {
          runtime,
          podStatus: (pod) => deps.podStatus(pod.metadata?.uid ?? ''),
          clock: deps.clock,
          logger: log,
        },
      ),
    exec: { upgrade: remoteCommand('exec') },
    attach: { upgrade: remoteCommand('attach') },
    portForward: {
      upgrade: async (req, socket, head, target: PodRequestTarget, ctx) => {
        const ports = parsePortForwardPorts(ctx.query);
        if ('error' in ports) return writeHttpError(socket, 400, ports.error);
        let url: string;
        try {
          url = (
            await runtime.portForward({
              podSandboxId: await readySandboxOf(runtime, target.podUid),
              port: ports,
            })
          ).url;
        } catch (err) {
          return writeHttpError(socket, 500, (err as Error).message);
        }
        await bridgePortForward(req, socket, head, { ports }, url);
      },
    },
  };
}

// The pod's running sandbox (the newest, should a restart have left an old one behind).
async function readySandboxOf(runtime: RuntimeService, podUid: string): Promise<string> {
  const { items } = await runtime.listPodSandbox({
    filter: { state: 'SANDBOX_READY', labelSelector: { [runtimeLabels.podUid]: podUid } },
  });
  const newest = [...items].sort((a, b) => b.createdAt - a.createdAt)[0];
  if (newest === undefined) throw new Error(`pod sandbox of pod ${podUid} not found`);
  return newest.id;
}
