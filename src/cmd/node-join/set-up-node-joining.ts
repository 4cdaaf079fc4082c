// What `k8ts server` sets up so nodes can join by TLS bootstrap, as `kubeadm init` does: the default
// bootstrap token (DATA_DIR/token and its Secret), the cluster-info ConfigMap the bootstrapsigner
// signs with it, and the RBAC that lets anonymous read cluster-info and token holders get node
// client certificates approved.
import { networkInterfaces } from 'node:os';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1.js';
import {
  BOOTSTRAP_TOKEN_NAMESPACE,
  bootstrapTokenSecret,
  type BootstrapToken,
} from '../../api/bootstrap-tokens/bootstrap-token.js';
import {
  CLUSTER_INFO_KUBECONFIG_KEY,
  CLUSTER_INFO_NAME,
  CLUSTER_INFO_NAMESPACE,
  clusterInfoKubeconfig,
} from '../../api/bootstrap-tokens/cluster-info.js';
import type { KubeObject } from '../../api/object.js';
import type { Logger } from '../../base/logger.js';
import type { ApiObject, KubeClient, ResourceClient } from '../../client/index.js';
import { deepEqual } from '../../base/deep-equal.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { ensureJoinToken } from './join-token-file.js';
import {
  clusterInfoReaderBinding,
  clusterInfoReaderRole,
  DEFAULT_NODE_TOKEN_GROUP,
  nodeBootstrapBindings,
} from './node-join-rbac.js';

/** What setUpNodeJoining needs to know about the server. */
export interface NodeJoiningOptions {
  /** An admin client of the server. */
  readonly client: KubeClient;
  readonly dataDir: string;
  /** The URL cluster-info advertises (see clusterInfoServerUrl). */
  readonly server: string;
  readonly caPem: string;
  readonly log: Logger;
}

/**
 * The URL to publish in cluster-info: the serving URL, except that a wildcard bind advertises the
 * host's first non-loopback IPv4 (other hosts cannot reach 127.0.0.1), as the apiserver does.
 */
export function clusterInfoServerUrl(servingUrl: string, bindAddress: string): string {
  if (bindAddress !== '0.0.0.0' && bindAddress !== '::') return servingUrl;
  for (const addrs of Object.values(networkInterfaces())) {
    const v4 = addrs?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) {
      const url = new URL(servingUrl);
      url.hostname = v4.address;
      return url.origin;
    }
  }
  return servingUrl;
}

const resources = {
  secrets: { group: '', version: 'v1', resource: 'secrets' },
  configMaps: { group: '', version: 'v1', resource: 'configmaps' },
  roles: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles' },
  roleBindings: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings' },
  clusterRoleBindings: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings' },
} as const;

/** The parts of an object `createOrUpdate` keeps in line (everything but metadata and status). */
function content(obj: ApiObject): Record<string, unknown> {
  const { apiVersion: _v, kind: _k, metadata: _m, status: _s, ...rest } = obj as Record<string, unknown>;
  return rest;
}

/** Creates `desired`, or brings an existing object's content in line with it (kubeadm's CreateOrUpdate). */
async function createOrUpdate<T extends ApiObject>(client: ResourceClient<T>, desired: T): Promise<string> {
  try {
    await client.create(desired);
    return 'created';
  } catch (err) {
    if (!isStatusError(err, 'AlreadyExists')) throw err;
  }
  const current = await client.get(desired.metadata?.name ?? '');
  if (deepEqual(content(current), content(desired))) return 'unchanged';
  await client.update({ ...current, ...content(desired) });
  return 'updated';
}

/**
 * Makes sure nodes can join: DATA_DIR/token exists (its token is returned), cluster-info holds this
 * server's URL and CA, the joining RBAC is in place, and the token's Secret exists. The token file is
 * the source of truth: a deleted Secret comes back on the next start (delete the file too to revoke).
 */
export async function setUpNodeJoining(options: NodeJoiningOptions): Promise<BootstrapToken> {
  const { client, log } = options;
  const token = await ensureJoinToken(options.dataDir);

  const configMaps = client.resource<ConfigMap>(resources.configMaps).namespace(CLUSTER_INFO_NAMESPACE);
  const kubeconfig = clusterInfoKubeconfig({ server: options.server, caPem: options.caPem });
  try {
    await configMaps.create({
      metadata: { name: CLUSTER_INFO_NAME },
      data: { [CLUSTER_INFO_KUBECONFIG_KEY]: kubeconfig },
    });
    log.info('created cluster-info', { namespace: CLUSTER_INFO_NAMESPACE });
  } catch (err) {
    if (!isStatusError(err, 'AlreadyExists')) throw err;
    const current = await configMaps.get(CLUSTER_INFO_NAME);
    // A new URL (another port) or CA: the bootstrapsigner re-signs the new text.
    if (current.data?.[CLUSTER_INFO_KUBECONFIG_KEY] !== kubeconfig)
      await configMaps.update({
        ...current,
        data: { ...current.data, [CLUSTER_INFO_KUBECONFIG_KEY]: kubeconfig },
      });
  }

  await createOrUpdate(
    client.resource<Role>(resources.roles).namespace(CLUSTER_INFO_NAMESPACE),
    clusterInfoReaderRole(),
  );
  await createOrUpdate(
    client.resource<RoleBinding>(resources.roleBindings).namespace(CLUSTER_INFO_NAMESPACE),
    clusterInfoReaderBinding(),
  );
  for (const binding of nodeBootstrapBindings())
    await createOrUpdate(client.resource<ClusterRoleBinding>(resources.clusterRoleBindings), binding);

  const secret = bootstrapTokenSecret({
    token,
    description: "The default bootstrap token generated by 'k8ts server'.",
    usages: ['authentication', 'signing'],
    extraGroups: [DEFAULT_NODE_TOKEN_GROUP],
  });
  const outcome = await createOrUpdate<KubeObject>(
    client.resource(resources.secrets).namespace(BOOTSTRAP_TOKEN_NAMESPACE),
    secret,
  );
  if (outcome !== 'unchanged') log.info(`${outcome} the default node join token`, { id: token.id });
  return token;
}
