/**
 * A real ApiServer in this process (memory datastore, HTTPS on a free loopback port) for tests
 * that run components under their own identities: clients from minted component certificates or
 * from bearer tokens, and every request the server answered, read back from an audit log that
 * records all requests at Metadata level.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiServer } from '../../src/apiserver/api-server.js';
import type { AdmissionPluginSelection } from '../../src/apiserver/admission/admission-plugin-names.js';
import {
  ensureComponentKubeconfig,
  type ComponentIdentity,
} from '../../src/apiserver/pki/component-identity.js';
import { createLogger } from '../../src/base/logger.js';
import {
  KubeClient,
  loadRestConfig,
  type KubeClientSettings,
  type RestConfig,
} from '../../src/client/index.js';

const quiet = createLogger('test', { write: () => {} });

/** One request as the audit log recorded it once answered. */
export interface AuditedRequest {
  readonly user: string;
  readonly verb: string;
  /** The request path without its query. */
  readonly path: string;
  readonly code: number;
}

interface AuditLine {
  readonly stage?: string;
  readonly verb?: string;
  readonly requestURI?: string;
  readonly user?: { readonly username?: string };
  readonly responseStatus?: { readonly code?: number };
}

/** Options of IdentityTestCluster.start. */
export interface IdentityTestClusterOptions {
  /** Admission plugins to turn on or off (e.g. plugins whose effects need absent controllers). */
  readonly admissionPlugins?: AdmissionPluginSelection;
}

/** A running apiserver and the clients a test makes for it. */
export class IdentityTestCluster {
  private readonly clients: KubeClient[] = [];
  private closed = false;

  private constructor(
    readonly server: ApiServer,
    readonly dataDir: string,
    /** A cluster-admin client. */
    readonly admin: KubeClient,
    /** The admin kubeconfig resolved (server URL and CA for anonymous configs). */
    readonly adminConfig: RestConfig,
    private readonly auditLog: string,
  ) {
    this.clients.push(admin);
  }

  /** Starts the apiserver on a fresh data directory. */
  static async start(options: IdentityTestClusterOptions = {}): Promise<IdentityTestCluster> {
    const dataDir = await mkdtemp(join(tmpdir(), 'k8ts-identity-'));
    const policy = join(dataDir, 'audit-policy.yaml');
    await writeFile(
      policy,
      'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n- level: Metadata\n',
    );
    const auditLog = join(dataDir, 'audit-all.log');
    const server = await ApiServer.start({
      dataDir,
      datastore: 'memory',
      bindAddress: '127.0.0.1',
      port: 0,
      log: quiet,
      auditPolicyFile: policy,
      auditLogPath: auditLog,
      ...(options.admissionPlugins ? { admissionPlugins: options.admissionPlugins } : {}),
    });
    const adminConfig = await loadRestConfig({ path: server.kubeconfigPath });
    const admin = KubeClient.fromRestConfig(adminConfig, {
      component: 'test-admin',
      qps: Infinity,
      logger: quiet,
    });
    return new IdentityTestCluster(server, dataDir, admin, adminConfig, auditLog);
  }

  /** A client authenticated by a client certificate minted for `identity` from the cluster CA. */
  async clientAs(identity: ComponentIdentity, settings: KubeClientSettings = {}): Promise<KubeClient> {
    const creds = await ensureComponentKubeconfig({
      dataDir: this.dataDir,
      server: this.server.url,
      ca: this.server.pki.ca,
      identity,
    });
    const client = await KubeClient.fromKubeconfig({
      path: creds.kubeconfigPath,
      qps: Infinity,
      logger: quiet,
      ...settings,
    });
    this.clients.push(client);
    return client;
  }

  /** The server URL and CA only: no client certificate, no token (upstream's AnonymousClientConfig). */
  anonymousConfig(): RestConfig {
    const { server, caData, namespace } = this.adminConfig;
    return { server, namespace, ...(caData !== undefined ? { caData } : {}) };
  }

  /** Stops the server, which flushes the audit log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.clients) c.close();
    await this.server.close();
  }

  /** Every answered request the audit log holds so far. */
  async audited(): Promise<AuditedRequest[]> {
    const text = await readFile(this.auditLog, 'utf8').catch(() => '');
    const requests: AuditedRequest[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as AuditLine;
      if (event.stage !== 'ResponseComplete') continue;
      requests.push({
        user: event.user?.username ?? '',
        verb: event.verb ?? '',
        path: (event.requestURI ?? '').split('?')[0]!,
        code: event.responseStatus?.code ?? 0,
      });
    }
    return requests;
  }

  /** The requests the apiserver answered 403, once it stopped (close() first). */
  async denied(): Promise<Omit<AuditedRequest, 'code'>[]> {
    return (await this.audited()).filter((r) => r.code === 403).map(({ code: _code, ...r }) => r);
  }

  /** Removes the data directory (after close). */
  async remove(): Promise<void> {
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
