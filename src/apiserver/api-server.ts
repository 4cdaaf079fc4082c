import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createLogger, type Logger } from '../base/logger.js';
import { builtinResources } from '../api/scheme/builtin-resources.js';
import { errorToStatus, isStatusError, makeStatus } from '../machinery/errors/index.js';
import type { Backend } from '../storage/backend.js';
import { openBackend, parseDatastore } from '../storage/open-backend.js';
import { defaultAdmission } from './admission/default-admission.js';
import { NodePortAllocator } from './allocators/node-port-allocator.js';
import { repairAllocations, summarizeRepair } from './allocators/repair-allocations.js';
import { ServiceIpAllocator } from './allocators/service-ip-allocator.js';
import { ApiserverMetrics } from './apiserver-metrics.js';
import { attributesFromRequest } from './auth/rbac/authorizer.js';
import { forbiddenError } from './auth/rbac/forbidden-message.js';
import { RbacAuthorizer } from './auth/rbac/rbac-authorizer.js';
import { cachedRuleSource } from './auth/cached-rule-source.js';
import { impersonate } from './authn/impersonation.js';
import { reconcileRbac } from './auth/reconcile-rbac.js';
import { bootstrapCluster } from './bootstrap.js';
import type { ServerContext } from './endpoints/server-context.js';
import { anonymousUser, type ApiRequest } from './http/api-request.js';
import { writeJson } from './http/write-response.js';
import { InFlightLimiter } from './http/in-flight-limiter.js';
import { ensureClusterPki, ADMIN_USER, type ClusterPki } from './pki/ensure-cluster-pki.js';
import { buildKubeconfig, writeKubeconfig } from './pki/build-kubeconfig.js';
import { RequestAuthenticator } from './authn/request-authenticator.js';
import { routeNonResource } from './non-resource-routes.js';
import { decodeCached } from './registry/object-codec.js';
import { parseRequestInfo } from './request/request-info.js';
import { ResourceRegistry, builtinConverter, type VersionConverter } from './resource-registry.js';
import { routeResource } from './resource-router.js';
import { Cacher } from './watch-cache/cacher.js';

/** How to run an apiserver. */
export interface ApiServerOptions {
  readonly dataDir: string;
  /** --datastore: sqlite | sqlite:PATH | memory | etcd://HOST:PORT[,...] */
  readonly datastore: string;
  readonly bindAddress: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly serviceCidr?: string;
  readonly nodePortRange?: string;
  readonly log?: Logger;
  /** Version conversion; the default only rewrites apiVersion/kind. */
  readonly converter?: VersionConverter;
  /** Longest a watch without timeoutSeconds stays open (default 30 min, doubled at random). */
  readonly maxWatchMs?: number;
  /** Non-long-running requests fail with 504 after this long (upstream --request-timeout, 60 s). */
  readonly requestTimeoutMs?: number;
}

/**
 * The address to advertise for a bind address, as upstream's --advertise-address defaults: the bind
 * address itself, or for a wildcard bind the host's first non-loopback IPv4; none for loopback.
 */
function advertiseAddressFor(bind: string): string | undefined {
  if (bind === '0.0.0.0' || bind === '::') {
    for (const addrs of Object.values(networkInterfaces())) {
      const v4 = addrs?.find((a) => a.family === 'IPv4' && !a.internal);
      if (v4) return v4.address;
    }
    return undefined;
  }
  return bind.startsWith('127.') || bind === '::1' || bind === 'localhost' ? undefined : bind;
}

/** Upstream's health-check-style paths anyone may read (system:public-info-viewer). */
const publicPaths = /^\/(version|healthz|livez|readyz)(\/.*)?$/;

/**
 * The Kubernetes API server: HTTPS with client-certificate authentication, the handler chain
 * (authentication → authorization → admission → validation → registry → storage), discovery,
 * OpenAPI, and every built-in resource backed by the chosen datastore through the watch cache.
 */
export class ApiServer {
  private constructor(
    readonly url: string,
    readonly port: number,
    readonly kubeconfigPath: string,
    readonly pki: ClusterPki,
    readonly registry: ResourceRegistry,
    private readonly server: Server,
    private readonly backend: Backend,
    private readonly cacher: Cacher,
    private readonly timers: NodeJS.Timeout[],
    private readonly log: Logger,
  ) {}

  /** Opens the datastore, fills the caches, bootstraps the cluster objects and starts serving. */
  static async start(options: ApiServerOptions): Promise<ApiServer> {
    const log = options.log ?? createLogger('apiserver');
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    const backend = await openBackend(parseDatastore(options.datastore, options.dataDir));
    try {
      return await ApiServer.startWith(options, backend, log);
    } catch (err) {
      await backend.close();
      throw err;
    }
  }

  private static async startWith(
    options: ApiServerOptions,
    backend: Backend,
    log: Logger,
  ): Promise<ApiServer> {
    const ips = new ServiceIpAllocator({
      backend,
      ...(options.serviceCidr ? { cidr: options.serviceCidr } : {}),
    });
    const ports = new NodePortAllocator({
      backend,
      ...(options.nodePortRange ? { range: options.nodePortRange } : {}),
    });
    const listenAll = options.bindAddress === '0.0.0.0' || options.bindAddress === '::';
    const pki = await ensureClusterPki({
      dataDir: options.dataDir,
      serviceIp: ips.firstServiceIp(),
      ips: listenAll ? [] : [options.bindAddress],
    });
    for (const change of pki.changes) log.info('certificates', { change });

    const cacher = new Cacher({
      backend,
      rootPrefix: '/registry/',
      decode: decodeCached,
      onDecodeError: (key, err) => log.error('cannot decode stored object', { key, err }),
    });
    const registry = await ResourceRegistry.build({
      types: builtinResources,
      backend,
      cacher,
      allocators: { serviceIps: ips, nodePorts: ports },
      converter: options.converter ?? builtinConverter,
    });
    await cacher.start();

    const services = registry.preferred('', 'services');
    const repair = await repairAllocations({
      allocators: { serviceIps: ips, nodePorts: ports },
      services: (await services.store.list({ namespace: '', filtered: false })).items.map((o) => o.object),
    });
    const summary = summarizeRepair(repair);
    if (summary) log.info(summary);

    const metrics = new ApiserverMetrics();
    const authenticator = new RequestAuthenticator();
    const authorizer = new RbacAuthorizer({ source: cachedRuleSource(registry) });
    const ctx: ServerContext = {
      now: () => new Date(),
      admission: defaultAdmission(registry),
      maxWatchMs: options.maxWatchMs ?? 30 * 60_000,
      authorizer,
    };
    const limiter = new InFlightLimiter({ readOnly: 400, mutating: 200 });
    const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    let serverAddress = '';
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      void handle(req, res);
    };

    const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const startedAt = process.hrtime.bigint();
      const url = new URL(req.url ?? '/', 'https://localhost');
      const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
      const longRunning = info.verb === 'watch';
      const areq: ApiRequest = {
        req,
        res,
        url,
        info,
        startedAt,
        user: anonymousUser,
        warnings: [],
        longRunning,
      };
      const release = longRunning ? undefined : limiter.tryAcquire(info.verb);
      const lrLabels = metrics.longRunningLabels(info);
      if (longRunning) metrics.longRunning.labels(...lrLabels).inc();
      let timer: NodeJS.Timeout | undefined;
      try {
        if (release === null) {
          res.setHeader('Retry-After', '1');
          writeJson(
            res,
            429,
            makeStatus({
              status: 'Failure',
              message: 'Too many requests, please try again later.',
              reason: 'TooManyRequests',
              details: { retryAfterSeconds: 1 },
              code: 429,
            }),
          );
          return;
        }
        const user = await authenticator.authenticate(req);
        if (user !== undefined) areq.user = user;
        else if (!publicPaths.test(url.pathname)) {
          writeJson(
            res,
            401,
            makeStatus({ status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }),
          );
          return;
        }
        if (user !== undefined) {
          // Impersonation (kubectl --as/--as-group): checked against the real user, then acted as.
          const as = impersonate(areq.user, req.headersDistinct, authorizer);
          if (as !== undefined) areq.user = as;
          const attrs = attributesFromRequest(areq.user, info);
          const decision = authorizer.authorize(attrs);
          if (decision.decision !== 'allow') throw forbiddenError(attrs, decision.reason);
        }
        if (!longRunning) {
          timer = setTimeout(() => {
            writeJson(
              res,
              504,
              makeStatus({
                status: 'Failure',
                message: 'Timeout: request did not complete within the allotted timeout',
                reason: 'Timeout',
                details: {},
                code: 504,
              }),
            );
          }, requestTimeoutMs);
        }
        if (info.isResourceRequest && info.resource !== '') await routeResource(areq, registry, ctx);
        else await routeNonResource(areq, { registry, metrics, backend, cacher, serverAddress });
      } catch (err) {
        if (!isStatusError(err)) log.error('request failed', { method: req.method, path: url.pathname, err });
        const status = errorToStatus(err);
        writeJson(res, status.code ?? 500, status);
      } finally {
        clearTimeout(timer);
        release?.();
        if (longRunning) metrics.longRunning.labels(...lrLabels).dec();
        metrics.observe(
          info,
          res.statusCode,
          Number(process.hrtime.bigint() - startedAt) / 1e9,
          url.searchParams.has('dryRun'),
        );
      }
    };

    const server = createServer(
      {
        key: pki.serving.keyPem,
        cert: pki.serving.certPem,
        ca: pki.ca.certPem,
        requestCert: true,
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
      },
      handler,
    );
    // Watches stay open for many minutes; Node's default timeouts would cut them.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.bindAddress, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const host = options.bindAddress.includes(':') ? `[${options.bindAddress}]` : options.bindAddress;
    const dialHost = listenAll ? '127.0.0.1' : host;
    serverAddress = `${dialHost}:${port}`;
    const url = `https://${serverAddress}`;

    await bootstrapCluster({
      registry,
      now: ctx.now,
      serviceIp: ips.firstServiceIp(),
      advertiseAddress: advertiseAddressFor(options.bindAddress),
      apiserverPort: port,
      log,
    });

    await reconcileRbac(registry, new Date(), log);

    const kubeconfigPath = path.join(options.dataDir, 'kubeconfig');
    await writeKubeconfig(
      kubeconfigPath,
      buildKubeconfig({
        server: url,
        caPem: pki.ca.certPem,
        clientCertPem: pki.admin.certPem,
        clientKeyPem: pki.admin.keyPem,
        userName: ADMIN_USER.commonName,
      }),
    );
    // Bookmarks keep idle watchers' resourceVersions fresh, as upstream sends them about once a minute.
    const timers = [setInterval(() => cacher.bookmarkAll(), 60_000)];
    timers.forEach((t) => t.unref());
    return new ApiServer(url, port, kubeconfigPath, pki, registry, server, backend, cacher, timers, log);
  }

  /** Stops serving, ends every watch and closes the datastore. */
  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.cacher.stop();
    // Watches end cleanly once their queues drain; give them a moment before cutting connections.
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), 500).unref();
    });
    await this.backend.close();
    this.log.debug('stopped');
  }
}
