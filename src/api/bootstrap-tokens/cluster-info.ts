// The cluster-info ConfigMap in kube-public: a kubeconfig with the server URL and CA that anyone may
// read, and per signing bootstrap token a detached JWS over it (`jws-kubeconfig-<id>`), so a joining
// node that holds a token can tell the ConfigMap really comes from the cluster it means to join.
import { stringify } from 'yaml';

/** The namespace of the cluster-info ConfigMap. */
export const CLUSTER_INFO_NAMESPACE = 'kube-public';
/** The ConfigMap's name. */
export const CLUSTER_INFO_NAME = 'cluster-info';
/** The data key holding the kubeconfig text. */
export const CLUSTER_INFO_KUBECONFIG_KEY = 'kubeconfig';
/** The data key prefix of the signatures; the token id follows it. */
export const JWS_SIGNATURE_KEY_PREFIX = 'jws-kubeconfig-';

/** What cluster-info publishes. */
export interface ClusterInfo {
  /** e.g. https://10.0.0.1:6443 */
  readonly server: string;
  /** The cluster CA bundle, PEM. */
  readonly caPem: string;
}

/**
 * The kubeconfig text cluster-info carries: one unnamed cluster and nothing else (no users, no
 * contexts), as kubeadm writes it.
 */
export function clusterInfoKubeconfig(info: ClusterInfo): string {
  return stringify(
    {
      apiVersion: 'v1',
      clusters: [
        {
          cluster: {
            'certificate-authority-data': Buffer.from(info.caPem, 'utf8').toString('base64'),
            server: info.server,
          },
          name: '',
        },
      ],
      contexts: null,
      'current-context': '',
      kind: 'Config',
      preferences: {},
      users: null,
    },
    // Never fold: the base64 CA stays one plain scalar.
    { lineWidth: 0 },
  );
}
