// DATA_DIR/kubelet.kubeconfig: the node's own credentials once TLS bootstrap succeeded — the
// cluster CA and the issued client certificate with its key — reused on restart while the
// certificate is still valid and still names this node.
import { X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadRestConfig, type RestConfig } from '../../client/index.js';

/** The kubeconfig's path in an agent data directory. */
export function kubeletKubeconfigPath(dataDir: string): string {
  return path.join(dataDir, 'kubelet.kubeconfig');
}

/** What the node's kubeconfig holds. */
export interface KubeletCredentials {
  readonly server: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

/** The kubeconfig text, with the names upstream's bootstrap writes (default-cluster, default-auth). */
export function kubeletKubeconfig(creds: KubeletCredentials): string {
  return stringify(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'default-cluster',
          cluster: { server: creds.server, 'certificate-authority-data': b64(creds.caPem) },
        },
      ],
      contexts: [
        {
          name: 'default-context',
          context: { cluster: 'default-cluster', user: 'default-auth', namespace: 'default' },
        },
      ],
      'current-context': 'default-context',
      users: [
        {
          name: 'default-auth',
          user: { 'client-certificate-data': b64(creds.certPem), 'client-key-data': b64(creds.keyPem) },
        },
      ],
    },
    { lineWidth: 0 },
  );
}

/** Writes the kubeconfig atomically with mode 0600: it holds the node's private key. */
export async function writeKubeletKubeconfig(file: string, creds: KubeletCredentials): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, kubeletKubeconfig(creds), { mode: 0o600 });
    // The umask may have narrowed the mode further, never widened it; make it exact.
    await chmod(temp, 0o600);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * The kubeconfig's settings when it can be used as is: readable, with a client certificate for
 * system:node:<nodeName> that has not expired at `nowMs`. Otherwise the reason it cannot.
 */
export async function reusableKubeletKubeconfig(
  file: string,
  nodeName: string,
  nowMs: number,
): Promise<{ config: RestConfig } | { reason: string }> {
  try {
    await readFile(file);
  } catch {
    return { reason: `${file} does not exist yet` };
  }
  let config: RestConfig;
  let cert: X509Certificate;
  try {
    config = await loadRestConfig({ path: file });
    if (config.certData === undefined || config.keyData === undefined)
      return { reason: `${file} holds no client certificate` };
    cert = new X509Certificate(config.certData);
  } catch (err) {
    return { reason: `${file} is unreadable: ${(err as Error).message}` };
  }
  if (Date.parse(cert.validTo) <= nowMs) return { reason: `its certificate expired at ${cert.validTo}` };
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
  if (cn !== `system:node:${nodeName}`)
    return { reason: `its certificate is for ${cn ?? 'nobody'}, not this node` };
  return { config };
}
