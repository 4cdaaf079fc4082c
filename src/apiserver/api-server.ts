import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createLogger, type Logger } from '../base/logger.js';
import { builtinResources } from '../api/scheme/builtin-resources.js';
import { errorToStatus, isStatusError, makeStatus } from '../machinery/errors/index.js';
import type { Backend } from '../storage/backend.js';
import { openBackend, parseDatastore } from '../storage/open-backend.js';
import { defaultAdmission } from './admission/default-admission.js';
import {
  checkAdmissionPluginSelection,
  type AdmissionPluginSelection,
} from './admission/admission-plugin-names.js';
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
import { anonymousUser, type ApiRequest, type UserInfo } from './http/api-request.js';
import { writeJson } from './http/write-response.js';
import { FlowControlFilter } from './flowcontrol/flow-control-filter.js';
import { InFlightLimiter } from './http/in-flight-limiter.js';
import type { RequestLimiter } from './http/request-limiter.js';
import { InProcessServer } from './http/in-process-server.js';
import { isLongRunningRequest } from './http/long-running.js';
import { UpgradedConnections } from './http/upgraded-connections.js';
import { ensureApiserverKubeletClient } from './pki/apiserver-kubelet-client.js';
import { loadKubeletClientConfig, type KubeletClientOptions } from './proxy/load-kubelet-client-config.js';
import { ensureClusterPki, ADMIN_USER, type ClusterPki } from './pki/ensure-cluster-pki.js';
import { buildKubeconfig, writeKubeconfig } from './pki/build-kubeconfig.js';
import { setUpClusterAuthentication } from './authn/cluster-authentication.js';
import { populateLegacyTokenSecrets } from './authn/legacy-token-populator.js';
import { NodeAuthorizer } from './auth/node/node-authorizer.js';
import { NodeGraph } from './auth/node/node-graph.js';
import { feedNodeGraph } from './auth/node/node-graph-feeder.js';
import { nodeRules } from './auth/rbac/bootstrap/component-roles.js';
import { UnionAuthorizer } from './auth/union-authorizer.js';
import { routeNonResource } from './non-resource-routes.js';
import { decodeCached } from './registry/object-codec.js';
import { parseRequestInfo } from './request/request-info.js';
import { ResourceRegistry, builtinConverter, type VersionConverter } from './resource-registry.js';
import { routeResource } from './resource-router.js';
import { Cacher } from './watch-cache/cacher.js';
import { noRequestAudit, type RequestAudit, type RequestAuditing } from './audit/request-audit.js';
import { startAuditing } from './audit/start-auditing.js';
import { encryptingBackend } from './encryption/encrypting-backend.js';
import { ensureEncryptionConfig } from './encryption/ensure-encryption-config.js';
import { storageTransformers } from './encryption/storage-transformers.js';

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
  /** Upstream's --max-requests-inflight (400): read-only seats, or the refusal cap without APF. */
  readonly maxRequestsInflight?: number;
  /** Upstream's --max-mutating-requests-inflight (200). */
  readonly maxMutatingRequestsInflight?: number;
  /** Upstream's --enable-priority-and-fairness (true); false limits by the in-flight caps alone. */
  readonly priorityAndFairness?: boolean;
  /** --token-auth-file: static bearer tokens (upstream's CSV token,user,uid[,"groups"]). */
  readonly tokenAuthFile?: string;
  /** --enable-admission-plugins / --disable-admission-plugins (names, comma lists allowed). */
  readonly admissionPlugins?: AdmissionPluginSelection;
  /** --encryption-provider-config; default DATA_DIR/encryption-config.yaml, created encrypting Secrets. */
  readonly encryptionProviderConfig?: string;
  /** --audit-policy-file; the built-in default policy when absent. */
  readonly auditPolicyFile?: string;
  /** --audit-log-path: default DATA_DIR/audit.log, `-` for stdout, "" turns auditing off. */
  readonly auditLogPath?: string;
  /** --audit-log-maxsize (MB), --audit-log-maxbackup, --audit-log-maxage (days). */
  readonly auditLogMaxSize?: number;
  readonly auditLogMaxBackup?: number;
  readonly auditLogMaxAge?: number;
  /** The --kubelet-* flags; the client certificate defaults to DATA_DIR/pki/apiserver-kubelet-client. */
  readonly kubeletClient?: KubeletClientOptions;
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
    private readonly inProcess: InProcessServer,
    private readonly upgrades: UpgradedConnections,
    private readonly log: Logger,
    private readonly limiter: RequestLimiter,
    private readonly auditing?: RequestAuditing,
  ) {}

  /** Opens the datastore, fills the caches, bootstraps the cluster objects and starts serving. */
  static async start(options: ApiServerOptions): Promise<ApiServer> {
    checkAdmissionPluginSelection(options.admissionPlugins);
    const log = options.log ?? createLogger('apiserver');
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    const encryption = await ensureEncryptionConfig({
      dataDir: options.dataDir,
      ...(options.encryptionProviderConfig !== undefined ? { path: options.encryptionProviderConfig } : {}),
    });
    const auditing = await startAuditing({
      dataDir: options.dataDir,
      policyFile: options.auditPolicyFile,
      logPath: options.auditLogPath,
      maxSizeMB: options.auditLogMaxSize,
      maxBackups: options.auditLogMaxBackup,
      maxAgeDays: options.auditLogMaxAge,
      onError: (err) => log.error('cannot audit request', { err }),
    });
    // Encryption at rest wraps the datastore itself, under every read and write path above it.
    const backend = encryptingBackend(
      await openBackend(parseDatastore(options.datastore, options.dataDir)),
      storageTransformers(builtinResources, encryption.transformers),
    );
    try {
      return await ApiServer.startWith(options, backend, log, auditing);
    } catch (err) {
      auditing?.close();
      await backend.close();
      throw err;
    }
  }

  private static async startWith(
    options: ApiServerOptions,
    backend: Backend,
    log: Logger,
    auditing: RequestAuditing | undefined,
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
    const kubeletPair = await ensureApiserverKubeletClient({ dataDir: options.dataDir, ca: pki.ca });
    if (kubeletPair.change)
      log.info('certificates', { change: `apiserver-kubelet-client: ${kubeletPair.change}` });
    const kubeletClient = await loadKubeletClientConfig(options.kubeletClient ?? {}, kubeletPair);

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
    const authentication = await setUpClusterAuthentication({
      dataDir: options.dataDir,
      registry,
      ...(options.tokenAuthFile ? { tokenAuthFile: options.tokenAuthFile } : {}),
    });
    const authenticator = authentication.requestAuthenticator;
    const issuerDiscovery = {
      issuer: authentication.tokenIssuer.issuer,
      publicKeys: [authentication.signingKey.publicKey],
    };
    populateLegacyTokenSecrets({
      registry,
      signer: authentication.tokenIssuer.signer,
      caCertPem: pki.ca.certPem,
      log,
    });
    // --authorization-mode Node,RBAC, as kubeadm configures it.
    const nodeGraph = new NodeGraph();
    feedNodeGraph(nodeGraph, registry, log);
    const authorizer = new UnionAuthorizer([
      new NodeAuthorizer({ graph: nodeGraph, nodeRules: nodeRules() }),
      new RbacAuthorizer({ source: cachedRuleSource(registry) }),
    ]);
    const ctx: ServerContext = {
      now: () => new Date(),
      admission: defaultAdmission(registry, { ...options.admissionPlugins, authorizer }),
      maxWatchMs: options.maxWatchMs ?? 30 * 60_000,
      authorizer,
      tokens: { issuer: authentication.tokenIssuer, authenticator: authentication.tokens },
      kubeletClient,
    };
    const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    const inFlight = {
      readOnly: options.maxRequestsInflight ?? 400,
      mutating: options.maxMutatingRequestsInflight ?? 200,
    };
    const limiter: RequestLimiter =
      options.priorityAndFairness === false
        ? new InFlightLimiter(inFlight)
        : new FlowControlFilter({
            registry,
            metrics: metrics.registry,
            log,
            requestTimeoutMs,
            serverConcurrencyLimit: inFlight.readOnly + inFlight.mutating,
          });
    let serverAddress = '';
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      void handle(req, res);
    };

    const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const startedAt = process.hrtime.bigint();
      const url = new URL(req.url ?? '/', 'https://localhost');
      const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
      const longRunning = isLongRunningRequest(info);
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
      let release: (() => void) | undefined;
      const lrLabels = metrics.longRunningLabels(info);
      if (longRunning) metrics.longRunning.labels(...lrLabels).inc();
      let timer: NodeJS.Timeout | undefined;
      let audit: RequestAudit = noRequestAudit;
      try {
        const authn = await authenticator.authenticate(req);
        if (auditing !== undefined) audit = auditing.begin(areq, authn);
        const user = authn.status === 'authenticated' ? authn.user : undefined;
        if (user !== undefined) areq.user = user;
        // Invalid credentials are refused everywhere. No credentials at all make the request
        // system:anonymous, which authorization judges like anyone else (upstream's
        // --anonymous-auth=true): RBAC lets it read health and version, and whatever is bound to it,
        // such as kube-public/cluster-info for joining nodes.
        else if (authn.status === 'rejected') {
          writeJson(
            res,
            401,
            makeStatus({ status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }),
          );
          return;
        }
        // Impersonation (kubectl --as/--as-group): checked against the real user, then acted as.
        const as = impersonate(areq.user, req.headersDistinct, authorizer);
        if (as !== undefined) areq.user = as;
        const admitted = await limiter.admit(areq);
        if (!admitted.admitted) return;
        release = admitted.finish;
        areq.onWatchInitialized = release;
        const attrs = attributesFromRequest(areq.user, info, url.searchParams);
        const decision = authorizer.authorize(attrs);
        audit.authorized(decision);
        if (decision.decision !== 'allow') throw forbiddenError(attrs, decision.reason);
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
        else
          await routeNonResource(areq, {
            registry,
            metrics,
            backend,
            cacher,
            serverAddress,
            issuerDiscovery,
            flowControlDump: (name) => limiter.debugDump(name),
          });
      } catch (err) {
        if (!isStatusError(err)) log.error('request failed', { method: req.method, path: url.pathname, err });
        const status = errorToStatus(err);
        audit.failed(err, status);
        writeJson(res, status.code ?? 500, status);
      } finally {
        audit.complete();
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
    // Upgrade requests (exec, attach, port-forward, proxied WebSockets) run the same handler.
    const upgrades = new UpgradedConnections();
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      upgrades.serve(handler, req, socket, head),
    );
    // Components in this process (k8ts server) come in through the same handler without TCP or TLS.
    const inProcess = new InProcessServer(handler, server);
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
    return new ApiServer(
      url,
      port,
      kubeconfigPath,
      pki,
      registry,
      server,
      backend,
      cacher,
      timers,
      inProcess,
      upgrades,
      log,
      limiter,
      auditing,
    );
  }

  /**
   * Opens an in-process connection for a component in this process: HTTP/1.1 through the whole
   * handler chain over an in-memory stream (the client's end is returned), with every request on
   * it authenticated as `user` — no certificate or token; without `user`, by each request's bearer
   * token (or anonymous). See InProcessTransport in src/client.
   */
  inProcessConnection(user?: UserInfo): Duplex {
    return this.inProcess.connect(user);
  }

  /**
   * Serves a connection from a component in another thread of this process: `socket` is the
   * server's end (a PortSocket); `user` as for inProcessConnection.
   */
  acceptInProcessConnection(socket: Duplex, user?: UserInfo): void {
    this.inProcess.accept(socket, user);
  }

  /** Stops serving, ends every watch and closes the datastore. */
  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.limiter.stop();
    await this.cacher.stop();
    // Watches end cleanly once their queues drain; give them a moment before cutting connections.
    const inProcessClosed = this.inProcess.close(500);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => {
        this.server.closeAllConnections();
        // Upgraded sessions are no longer the HTTP server's connections, but they still hold it open.
        this.upgrades.closeAll();
      }, 500).unref();
    });
    await inProcessClosed;
    this.auditing?.close();
    await this.backend.close();
    this.log.debug('stopped');
  }
}
