// The kubelet's HTTPS API (port 10250): TLS with the node's serving certificate, client certificates
// checked against --client-ca-file, every routed request authenticated and authorized (RequestAuth)
// before its handler runs — ordinary requests and protocol upgrades alike — then the routes:
// /healthz, /pods, /stats/summary, /metrics{,/cadvisor,/resource}, /run, and the per-pod streaming
// routes whose handlers the kubelet mounts (mount()). Unknown paths are 404 without authentication,
// as go-restful's mux answers them before any filter.
import { readFile } from 'node:fs/promises';
import { ServerResponse, type IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { systemClock, type Clock } from '../../base/clock.js';
import { createLogger, type Logger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import type { RuntimeService } from '../cri/runtime-service.js';
import type { NodeObservation } from '../stats/node-observation.js';
import { installHealthzRoutes, kubeletHealthChecks } from './healthz-routes.js';
import { KubeletMetrics } from './kubelet-metrics.js';
import { KubeletRouter, type RouteContext } from './kubelet-router.js';
import { sendText, sendTextOnSocket } from './plain-response.js';
import { installPodRoutes, type PodRouteHandlers } from './pod-routes.js';
import { installPodsRoute } from './pods-route.js';
import { RequestAuth } from './request-auth.js';
import { ensureServingCertificate } from './serving-certificate.js';
import { installStatsRoutes } from './stats-routes.js';
import { SubjectAccessReviewAuthorizer } from './subject-access-review-authorizer.js';
import { TokenReviewAuthenticator } from './token-review-authenticator.js';

/** The kubelet flags of its API server. */
export interface KubeletServerSettings {
  /** --port (default 10250; 0 picks a free port, for several nodes on one machine). */
  readonly port?: number;
  /** --address (default: the node IP). */
  readonly address?: string;
  /** --tls-cert-file / --tls-private-key-file (default: a generated pair under <rootDir>/pki). */
  readonly tlsCertFile?: string;
  readonly tlsPrivateKeyFile?: string;
  /** --client-ca-file: the CA bundle client certificates must chain to (wins over clientCaPem). */
  readonly clientCaFile?: string;
  /** The CA bundle to use without --client-ca-file (the cluster's CA); neither: no certificate logins. */
  readonly clientCaPem?: string;
  /** --anonymous-auth (default false, as kubeadm configures kubelets). */
  readonly anonymousAuth?: boolean;
  /** --authentication-token-webhook-cache-ttl (default 2 min). */
  readonly tokenCacheTtlMs?: number;
  /** --authorization-webhook-cache-authorized-ttl / -unauthorized-ttl (default 5 min / 30 s). */
  readonly authorizedCacheTtlMs?: number;
  readonly unauthorizedCacheTtlMs?: number;
}

/** What the server serves from: the kubelet's pods, runtime and observations. */
export interface KubeletServerHost {
  /** The pods bound to this kubelet (API and static), as /pods lists them. */
  pods(): readonly Pod[];
  readonly runtime: RuntimeService;
  /** A fresh observation of the node (stats and cAdvisor metrics). */
  observe(onlyCpuAndMemory: boolean): Promise<NodeObservation>;
  /** When the sync loop last ran (the syncloop health check); undefined: not known. */
  lastSyncLoopAt?(): number | undefined;
}

/** Options of KubeletServer.start. */
export interface KubeletServerOptions extends KubeletServerSettings {
  readonly nodeName: string;
  readonly nodeIP: string;
  /** Where a generated serving certificate lives (<rootDir>/pki). */
  readonly certDir: string;
  /** Reviews tokens and access at the apiserver; without it tokens fail and every user is allowed. */
  readonly client?: KubeClient;
  readonly host: KubeletServerHost;
  /** The kubelet's resync period (the syncloop check allows twice it, at least 5 min). */
  readonly resyncMs?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** A listening kubelet API server. */
export class KubeletServer {
  /** The routes; add or replace routes here. */
  readonly router = new KubeletRouter();
  private handlers: PodRouteHandlers = {};
  private readonly upgraded = new Set<Duplex>();
  private server!: Server;
  private auth!: RequestAuth;
  private log!: Logger;
  private metrics!: KubeletMetrics;
  /** The bound port (the real one when --port was 0). */
  port = 0;
  /** The bound address. */
  address = '';

  private constructor() {}

  /** Makes or loads the serving certificate, installs the routes and starts listening. */
  static async start(o: KubeletServerOptions): Promise<KubeletServer> {
    const s = new KubeletServer();
    const clock = o.clock ?? systemClock;
    s.log = o.log ?? createLogger('kubelet-server');
    const cert = await ensureServingCertificate({
      ...(o.tlsCertFile !== undefined ? { certFile: o.tlsCertFile } : {}),
      ...(o.tlsPrivateKeyFile !== undefined ? { keyFile: o.tlsPrivateKeyFile } : {}),
      certDir: o.certDir,
      nodeName: o.nodeName,
      nodeIP: o.nodeIP,
    });
    if (cert.generated) s.log.info('generated a self-signed serving certificate', { file: cert.certFile });
    const clientCa = o.clientCaFile !== undefined ? await readFile(o.clientCaFile, 'utf8') : o.clientCaPem;
    s.auth = new RequestAuth({
      nodeName: o.nodeName,
      anonymous: o.anonymousAuth ?? false,
      log: s.log,
      ...(o.client !== undefined
        ? {
            tokens: new TokenReviewAuthenticator({
              client: o.client,
              clock,
              ...(o.tokenCacheTtlMs !== undefined ? { cacheTtlMs: o.tokenCacheTtlMs } : {}),
            }),
            authorizer: new SubjectAccessReviewAuthorizer({
              client: o.client,
              clock,
              ...(o.authorizedCacheTtlMs !== undefined ? { allowedTtlMs: o.authorizedCacheTtlMs } : {}),
              ...(o.unauthorizedCacheTtlMs !== undefined ? { deniedTtlMs: o.unauthorizedCacheTtlMs } : {}),
            }),
          }
        : {}),
    });
    s.metrics = new KubeletMetrics(o.nodeName, Math.floor((Date.now() - process.uptime() * 1000) / 1000));
    installHealthzRoutes(
      s.router,
      kubeletHealthChecks({
        ...(o.host.lastSyncLoopAt !== undefined ? { lastSyncLoopAt: () => o.host.lastSyncLoopAt?.() } : {}),
        resyncMs: o.resyncMs ?? 30_000,
        now: () => clock.now(),
      }),
    );
    installPodsRoute(s.router, () => o.host.pods());
    installStatsRoutes(s.router, {
      observe: (only) => o.host.observe(only),
      runtime: o.host.runtime,
      metrics: s.metrics,
    });
    installPodRoutes(s.router, {
      pods: () => o.host.pods(),
      runtime: o.host.runtime,
      handlers: () => s.handlers,
    });
    s.server = createServer(
      {
        key: cert.keyPem,
        cert: cert.certPem,
        ...(clientCa !== undefined ? { ca: clientCa, requestCert: true } : {}),
        // Token and anonymous clients must still connect: `authorized` says whether a certificate verified.
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
      },
      (req, res) => void s.onRequest(req, res),
    );
    // Log and exec streams stay open for as long as they run.
    s.server.requestTimeout = 0;
    s.server.headersTimeout = 60_000;
    s.server.keepAliveTimeout = 90_000;
    s.server.on(
      'upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => void s.onUpgrade(req, socket, head),
    );
    s.server.on('tlsClientError', () => {});
    const address = o.address ?? o.nodeIP;
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(o.port ?? 10250, address, () => {
        s.server.off('error', reject);
        resolve();
      });
    });
    const bound = s.server.address();
    s.port = typeof bound === 'object' && bound !== null ? bound.port : 0;
    s.address = address;
    s.log.info('kubelet API listening', { address, port: s.port });
    return s;
  }

  /**
   * Mounts handlers on the per-pod routes (/containerLogs, /exec, /attach, /portForward); the given
   * ones replace earlier ones, the others stay. The pod (and container) is resolved before they run.
   */
  mount(handlers: PodRouteHandlers): void {
    this.handlers = { ...this.handlers, ...handlers };
  }

  /** Stops listening and ends every open connection, upgraded streams included. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.upgraded) socket.destroy();
    await closed;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    this.metrics.observeRequest(req.method ?? 'GET', url.pathname);
    const found = this.router.find(req.method ?? 'GET', url.pathname);
    if (found.kind === 'not-found') return sendText(res, 404, '404 page not found\n');
    const auth = await this.auth.check(req, url.pathname);
    if (!auth.ok) return sendText(res, auth.status, auth.body);
    if (found.kind === 'method-not-allowed') return sendText(res, 405, '405: Method Not Allowed');
    const ctx: RouteContext = {
      params: found.params,
      query: url.searchParams,
      path: url.pathname,
      user: auth.user,
    };
    try {
      await found.route.handlers.http?.(req, res, ctx);
    } catch (err) {
      this.log.warn('kubelet API handler failed', { path: url.pathname, err });
      if (!res.headersSent) sendText(res, 500, (err as Error).message);
      else res.destroy();
    }
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => {});
    this.upgraded.add(socket);
    socket.once('close', () => this.upgraded.delete(socket));
    const url = new URL(req.url ?? '/', 'https://kubelet');
    this.metrics.observeRequest(req.method ?? 'GET', url.pathname);
    const found = this.router.find(req.method ?? 'GET', url.pathname);
    if (found.kind === 'not-found') return sendTextOnSocket(socket, 404, '404 page not found\n');
    const auth = await this.auth.check(req, url.pathname);
    if (!auth.ok) return sendTextOnSocket(socket, auth.status, auth.body);
    if (found.kind === 'method-not-allowed') return sendTextOnSocket(socket, 405, '405: Method Not Allowed');
    const ctx: RouteContext = {
      params: found.params,
      query: url.searchParams,
      path: url.pathname,
      user: auth.user,
    };
    const { upgrade, http } = found.route.handlers;
    try {
      if (upgrade !== undefined) {
        await upgrade(req, socket, head, ctx);
        return;
      }
      // A route without upgrade support answers the request as an ordinary one on this socket.
      const res = new ServerResponse(req);
      res.assignSocket(socket as Socket);
      res.once('finish', () => {
        res.detachSocket(socket as Socket);
        socket.end();
      });
      if (http !== undefined) await http(req, res, ctx);
      else sendText(res, 400, 'Upgrade not supported');
    } catch (err) {
      this.log.warn('kubelet API upgrade handler failed', { path: url.pathname, err });
      socket.destroy();
    }
  }
}
