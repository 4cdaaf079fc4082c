import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import type { UserInfo } from '../apiserver/http/api-request.js';
import { ADMIN_USER, type PkiPair } from '../apiserver/pki/ensure-cluster-pki.js';
import { ensureComponentKubeconfig, type ComponentIdentity } from '../apiserver/pki/component-identity.js';
import {
  anonymousRestConfig,
  InProcessTransport,
  KubeClient,
  loadRestConfig,
  type KubeClientSettings,
} from '../client/index.js';

/**
 * How a component inside `k8ts server` reaches its apiserver: in-process (the default: HTTP over
 * in-memory connections, no TCP or TLS) or HTTPS on loopback with a client certificate, as a
 * separate process would (kept for comparison, e.g. in the controllers benchmark).
 */
export type EmbeddedConnection = 'in-process' | 'https';

/**
 * What a component beside the apiserver needs of it: its URL and admin kubeconfig (for HTTPS), its
 * PKI (the CA signs component certificates) and its door for in-process connections. The ApiServer
 * itself, or a link to it from another thread of the process (components-thread/).
 */
export interface EmbeddedServer {
  readonly url: string;
  readonly kubeconfigPath: string;
  readonly pki: { readonly dir: string; readonly ca: PkiPair };
  /** A connection whose requests are all `user`'s; without one, each request's bearer token decides. */
  inProcessConnection(user?: UserInfo): Duplex;
}

/** The cluster admin (system:masters), for components that have no narrower identity yet. */
export const ADMIN_IDENTITY: ComponentIdentity = {
  user: ADMIN_USER.commonName,
  groups: ADMIN_USER.organizations,
};

/**
 * A client for a component running beside `server`, authenticated as `identity`: in-process the
 * server binds the identity to each connection; over HTTPS it uses the identity's client
 * certificate (the admin kubeconfig for the admin, else one minted under DATA_DIR/cred).
 */
export async function embeddedClient(
  server: EmbeddedServer,
  identity: ComponentIdentity,
  connection: EmbeddedConnection,
  settings: KubeClientSettings,
): Promise<KubeClient> {
  if (connection === 'in-process') {
    const user = { name: identity.user, groups: identity.groups };
    return new KubeClient({
      ...settings,
      transport: new InProcessTransport({ connect: () => server.inProcessConnection(user) }),
    });
  }
  const path =
    identity.user === ADMIN_IDENTITY.user
      ? server.kubeconfigPath
      : (
          await ensureComponentKubeconfig({
            // The admin kubeconfig sits at the top of the data directory.
            dataDir: dirname(server.kubeconfigPath),
            server: server.url,
            ca: server.pki.ca,
            identity,
          })
        ).kubeconfigPath;
  return KubeClient.fromKubeconfig({ path, ...settings });
}

/**
 * Makes clients that authenticate by nothing but the bearer token in their settings, for the
 * controller manager's per-controller service-account clients (--use-service-account-credentials):
 * in-process over connections the server binds to no user, over HTTPS with the cluster CA only.
 */
export async function embeddedTokenClientFactory(
  server: EmbeddedServer,
  connection: EmbeddedConnection,
): Promise<(settings: KubeClientSettings) => KubeClient> {
  if (connection === 'in-process') {
    return (settings) =>
      new KubeClient({
        ...settings,
        transport: new InProcessTransport({ connect: () => server.inProcessConnection() }),
      });
  }
  const config = anonymousRestConfig(await loadRestConfig({ path: server.kubeconfigPath }));
  return (settings) => KubeClient.fromRestConfig(config, settings);
}
