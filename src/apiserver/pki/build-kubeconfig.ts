import { stringify } from 'yaml';
import { PRIVATE_FILE_MODE, writeFileAtomic } from './pem-files.js';

/** What a client-certificate kubeconfig needs; names default to k8ts / admin / admin@k8ts. */
export interface KubeconfigOptions {
  /** e.g. https://127.0.0.1:6443 */
  readonly server: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  readonly clusterName?: string;
  readonly userName?: string;
  /** Defaults to USER@CLUSTER, as kubeadm names its contexts. */
  readonly contextName?: string;
}

/** Renders a self-contained kubeconfig (certificates embedded as *-data) with current-context set. */
export function buildKubeconfig(options: KubeconfigOptions): string {
  const cluster = options.clusterName ?? 'k8ts';
  const user = options.userName ?? 'admin';
  const context = options.contextName ?? `${user}@${cluster}`;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: cluster,
        cluster: { server: options.server, 'certificate-authority-data': b64(options.caPem) },
      },
    ],
    contexts: [{ name: context, context: { cluster, user } }],
    'current-context': context,
    preferences: {},
    users: [
      {
        name: user,
        user: {
          'client-certificate-data': b64(options.clientCertPem),
          'client-key-data': b64(options.clientKeyPem),
        },
      },
    ],
  };
  // lineWidth 0: never fold, so the long base64 values stay single plain scalars.
  return stringify(config, { lineWidth: 0 });
}

/** Writes a kubeconfig atomically with mode 0600, since it holds a private key. */
export async function writeKubeconfig(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text, PRIVATE_FILE_MODE);
}

function b64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}
