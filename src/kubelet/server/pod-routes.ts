// The kubelet API's per-pod routes with upstream's paths and lookups: /containerLogs, /exec,
// /attach and /portForward resolve the pod (and container) and then hand over to whatever the
// kubelet mounted for them (the log server, the streaming protocols); /run is served here: CRI
// ExecSync with the `cmd` query split on spaces, the output stdout then stderr, as upstream's
// RunInContainer. Errors are upstream's plain-text answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { RuntimeService } from '../cri/runtime-service.js';
import type { KubeletRouter, RouteContext } from './kubelet-router.js';
import { sendJson, sendText, sendTextOnSocket } from './plain-response.js';
import { podByName, podHasContainer, runningContainerId } from './pod-lookup.js';

/** The pod a request names, found among the kubelet's pods. */
export interface PodRequestTarget {
  readonly pod: Pod;
  readonly namespace: string;
  readonly podName: string;
  /** The pod's UID (for a static pod: the static pod's, which the runtime's labels carry). */
  readonly podUid: string;
}

/** A pod and one of its containers named in the spec (/containerLogs). */
export interface ContainerLogsTarget extends PodRequestTarget {
  readonly containerName: string;
}

/** A pod and its running container (/exec, /attach). */
export interface RunningContainerTarget extends PodRequestTarget {
  readonly containerName: string;
  /** The CRI id of the running container. */
  readonly containerId: string;
}

/** Handlers of a streaming route, each given the resolved target. */
export interface PodStreamHandlers<T> {
  /** A request without an upgrade (default: 500 "Upgrade request required", as upstream's proxy). */
  readonly http?: (req: IncomingMessage, res: ServerResponse, target: T, ctx: RouteContext) => unknown;
  /** A WebSocket or SPDY upgrade. */
  readonly upgrade?: (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: T,
    ctx: RouteContext,
  ) => unknown;
}

/** What the kubelet mounts on its per-pod routes; an unmounted route answers 405 as upstream does. */
export interface PodRouteHandlers {
  /** GET /containerLogs/{podNamespace}/{podID}/{containerName}. */
  readonly containerLogs?: (
    req: IncomingMessage,
    res: ServerResponse,
    target: ContainerLogsTarget,
    ctx: RouteContext,
  ) => unknown;
  /** GET/POST /exec/{podNamespace}/{podID}[/{uid}]/{containerName}. */
  readonly exec?: PodStreamHandlers<RunningContainerTarget>;
  /** GET/POST /attach/{podNamespace}/{podID}[/{uid}]/{containerName}. */
  readonly attach?: PodStreamHandlers<RunningContainerTarget>;
  /** GET/POST /portForward/{podNamespace}/{podID}[/{uid}]. */
  readonly portForward?: PodStreamHandlers<PodRequestTarget>;
}

/** What the per-pod routes need from the kubelet. */
export interface PodRoutesHost {
  /** The kubelet's pods (API and static). */
  pods(): readonly Pod[];
  readonly runtime: RuntimeService;
  /** The handlers mounted now (read per request, so they can be mounted after start). */
  handlers(): PodRouteHandlers;
}

/** Where a plain-text answer goes: an ordinary response or an upgrade's socket. */
type Reply = (status: number, body: string) => void;

// net/http's Error ends the text with a newline.
const debugDisabled = 'Debug endpoints are disabled.\n';

function target(pod: Pod): PodRequestTarget {
  return {
    pod,
    namespace: pod.metadata?.namespace ?? '',
    podName: pod.metadata?.name ?? '',
    podUid: pod.metadata?.uid ?? '',
  };
}

async function runningTarget(
  host: PodRoutesHost,
  ctx: RouteContext,
  reply: Reply,
): Promise<RunningContainerTarget | undefined> {
  const pod = podByName(host.pods(), ctx.params['podNamespace'] ?? '', ctx.params['podID'] ?? '');
  if (pod === undefined) {
    reply(404, 'pod does not exist');
    return undefined;
  }
  const t = target(pod);
  const containerName = ctx.params['containerName'] ?? '';
  const containerId = await runningContainerId(host.runtime, t.podUid, containerName);
  if (containerId === undefined) {
    reply(500, `container not found (${JSON.stringify(containerName)})`);
    return undefined;
  }
  return { ...t, containerName, containerId };
}

function portForwardTarget(
  host: PodRoutesHost,
  ctx: RouteContext,
  reply: Reply,
): PodRequestTarget | undefined {
  const pod = podByName(host.pods(), ctx.params['podNamespace'] ?? '', ctx.params['podID'] ?? '');
  if (pod === undefined) {
    reply(404, 'pod does not exist');
    return undefined;
  }
  const uid = ctx.params['uid'];
  if (uid !== undefined && uid !== pod.metadata?.uid) {
    reply(404, 'pod not found');
    return undefined;
  }
  return target(pod);
}

function streamRoute<T>(
  router: KubeletRouter,
  paths: readonly string[],
  handlers: () => PodStreamHandlers<T> | undefined,
  resolve: (ctx: RouteContext, reply: Reply) => Promise<T | undefined> | T | undefined,
): void {
  for (const pattern of paths)
    router.add(['GET', 'POST'], pattern, {
      http: async (req, res, ctx) => {
        const h = handlers();
        if (h === undefined) return sendText(res, 405, debugDisabled);
        const t = await resolve(ctx, (status, body) => sendText(res, status, body));
        if (t === undefined) return;
        if (h.http !== undefined) return h.http(req, res, t, ctx);
        sendText(res, 500, 'Upgrade request required\n');
      },
      upgrade: async (req, socket, head, ctx) => {
        const h = handlers();
        if (h?.upgrade === undefined) return sendTextOnSocket(socket, 405, debugDisabled);
        const t = await resolve(ctx, (status, body) => sendTextOnSocket(socket, status, body));
        if (t === undefined) return;
        return h.upgrade(req, socket, head, t, ctx);
      },
    });
}

// POST /run: ExecSync and the combined output (errors: the runtime's, or a non-zero exit).
async function run(host: PodRoutesHost, res: ServerResponse, ctx: RouteContext): Promise<void> {
  const reply: Reply = (status, body) => sendText(res, status, body);
  const t = await runningTarget(host, ctx, reply);
  if (t === undefined) return;
  // For legacy reasons /run takes the command as one space-separated `cmd`, unlike /exec.
  const cmd = (ctx.query.get('cmd') ?? '').split(' ');
  let out: { stdout: Buffer; stderr: Buffer; exitCode: number };
  try {
    out = await host.runtime.execSync({ containerId: t.containerId, cmd, timeout: 0 });
  } catch (err) {
    return reply(500, (err as Error).message);
  }
  if (out.exitCode !== 0)
    return reply(
      500,
      `command '${cmd.join(' ')}' exited with ${out.exitCode}: ${out.stderr.toString('utf8')}`,
    );
  const data = Buffer.concat([out.stdout, out.stderr]);
  if (data.length === 0) {
    res.writeHead(200);
    res.end();
    return;
  }
  sendJson(res, 200, data.toString('utf8'));
}

/** Adds /containerLogs, /exec, /attach, /portForward and /run to `router`. */
export function installPodRoutes(router: KubeletRouter, host: PodRoutesHost): void {
  router.add(['GET'], '/containerLogs/{podNamespace}/{podID}/{containerName}', {
    http: async (req, res, ctx) => {
      const serve = host.handlers().containerLogs;
      if (serve === undefined) return sendText(res, 405, debugDisabled);
      const podName = ctx.params['podID'] ?? '';
      const containerName = ctx.params['containerName'] ?? '';
      const pod = podByName(host.pods(), ctx.params['podNamespace'] ?? '', podName);
      if (pod === undefined) return sendText(res, 404, `pod ${JSON.stringify(podName)} does not exist`);
      if (!podHasContainer(pod, containerName))
        return sendText(
          res,
          404,
          `container ${JSON.stringify(containerName)} not found in pod ${JSON.stringify(podName)}`,
        );
      return serve(req, res, { ...target(pod), containerName }, ctx);
    },
  });
  const running = (ctx: RouteContext, reply: Reply) => runningTarget(host, ctx, reply);
  streamRoute(
    router,
    ['/exec/{podNamespace}/{podID}/{containerName}', '/exec/{podNamespace}/{podID}/{uid}/{containerName}'],
    () => host.handlers().exec,
    running,
  );
  streamRoute(
    router,
    [
      '/attach/{podNamespace}/{podID}/{containerName}',
      '/attach/{podNamespace}/{podID}/{uid}/{containerName}',
    ],
    () => host.handlers().attach,
    running,
  );
  streamRoute(
    router,
    ['/portForward/{podNamespace}/{podID}', '/portForward/{podNamespace}/{podID}/{uid}'],
    () => host.handlers().portForward,
    (ctx, reply) => portForwardTarget(host, ctx, reply),
  );
  for (const pattern of [
    '/run/{podNamespace}/{podID}/{containerName}',
    '/run/{podNamespace}/{podID}/{uid}/{containerName}',
  ])
    router.add(['POST'], pattern, { http: (_req, res, ctx) => run(host, res, ctx) });
}
