// The identities of the built-in components, each a client certificate from the cluster CA (CN =
// user, O = groups) and a kubeconfig using it, so every component acts under its own RBAC role
// (system:kube-scheduler, system:kube-controller-manager, system:node-proxier, the Node
// authorizer) rather than as the cluster admin.

import { join } from 'node:path';
import { buildKubeconfig, writeKubeconfig } from './build-kubeconfig.js';
import type { CertificateAuthority } from './certificate-authority.js';
import { reissueReason } from './certificate-reuse.js';
import { issueClientCertificate } from './issue-client-certificate.js';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readOptionalFile, writeFileAtomic } from './pem-files.js';

/** A user name and groups a component authenticates as. */
export interface ComponentIdentity {
  readonly user: string;
  readonly groups: readonly string[];
}

/** The scheduler's identity, bound to system:kube-scheduler and system:volume-scheduler. */
export const KUBE_SCHEDULER_IDENTITY: ComponentIdentity = { user: 'system:kube-scheduler', groups: [] };
/** The controller manager's identity, bound to system:kube-controller-manager. */
export const KUBE_CONTROLLER_MANAGER_IDENTITY: ComponentIdentity = {
  user: 'system:kube-controller-manager',
  groups: [],
};
/** kube-proxy's identity, bound to system:node-proxier. */
export const KUBE_PROXY_IDENTITY: ComponentIdentity = { user: 'system:kube-proxy', groups: [] };

/** A kubelet's identity, which the Node authorizer and NodeRestriction recognize. */
export function nodeIdentityFor(nodeName: string): ComponentIdentity {
  return { user: `system:node:${nodeName}`, groups: ['system:nodes'] };
}

/** Where a component's credentials are and what they hold. */
export interface ComponentCredentials {
  /** DATA_DIR/cred/<name>.kubeconfig */
  readonly kubeconfigPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Options of ensureComponentKubeconfig. */
export interface ComponentKubeconfigOptions {
  /** The server's data directory. */
  readonly dataDir: string;
  /** The apiserver URL the kubeconfig points to. */
  readonly server: string;
  /** The cluster CA (ApiServer.pki.ca). */
  readonly ca: CertificateAuthority;
  readonly identity: ComponentIdentity;
  /** Current time (default now); injectable so tests can age certificates. */
  readonly now?: Date;
}

// Like the other leaf certificates: renewed once fewer than this many days are left.
const RENEW_BEFORE_DAYS = 30;

/** The file name stem of an identity: system:kube-scheduler → kube-scheduler, system:node:a → node-a. */
export function componentFileName(identity: ComponentIdentity): string {
  return identity.user.replace(/^system:/, '').replace(/[^A-Za-z0-9._-]/g, '-');
}

/**
 * Mints the component's client certificate on first use and keeps it in DATA_DIR/pki/client-<name>
 * (re-issued only when it expires soon, the CA changed or the subject differs), and writes
 * DATA_DIR/cred/<name>.kubeconfig for it pointing at `server` (rewritten each start, since the
 * address may change). Returns the kubeconfig path and the pair.
 */
export async function ensureComponentKubeconfig(
  options: ComponentKubeconfigOptions,
): Promise<ComponentCredentials> {
  const { identity, ca } = options;
  const now = options.now ?? new Date();
  const name = componentFileName(identity);
  const certPath = join(options.dataDir, 'pki', `client-${name}.crt`);
  const keyPath = join(options.dataDir, 'pki', `client-${name}.key`);
  let certPem = await readOptionalFile(certPath);
  let keyPem = await readOptionalFile(keyPath);
  const stale =
    certPem === undefined ||
    keyPem === undefined ||
    reissueReason(
      { certPem, keyPem },
      { caCertPem: ca.certPem, now, minRemainingDays: RENEW_BEFORE_DAYS, subject: identity },
    ) !== undefined;
  if (stale) {
    const issued = await issueClientCertificate(ca, {
      commonName: identity.user,
      organizations: identity.groups,
      now,
    });
    // Key first, certificate last: the certificate's presence marks a complete pair.
    await writeFileAtomic(keyPath, issued.keyPem, PRIVATE_FILE_MODE);
    await writeFileAtomic(certPath, issued.certPem, PUBLIC_FILE_MODE);
    ({ certPem, keyPem } = issued);
  }
  const kubeconfigPath = join(options.dataDir, 'cred', `${name}.kubeconfig`);
  await writeKubeconfig(
    kubeconfigPath,
    buildKubeconfig({
      server: options.server,
      caPem: ca.certPem,
      clientCertPem: certPem!,
      clientKeyPem: keyPem!,
      userName: identity.user,
    }),
  );
  return { kubeconfigPath, certPem: certPem!, keyPem: keyPem! };
}
