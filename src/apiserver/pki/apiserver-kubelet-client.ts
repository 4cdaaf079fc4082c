// The apiserver's own client certificate towards kubelets (kubeadm's apiserver-kubelet-client):
// logs, exec, attach, port-forward and nodes/proxy reach a kubelet's HTTPS port as this user, whom
// the kubelet authorizes through SubjectAccessReview (RBAC binds it to system:kubelet-api-admin).

import { join } from 'node:path';
import type { CertificateAuthority } from './certificate-authority.js';
import { reissueReason } from './certificate-reuse.js';
import { issueClientCertificate } from './issue-client-certificate.js';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readOptionalFile, writeFileAtomic } from './pem-files.js';

/**
 * The identity kubelets see. kubeadm 1.32 also puts it in group kubeadm:cluster-admins (bound to
 * cluster-admin); k8ts leaves it without groups so it can do no more than its kubelet API binding.
 */
export const APISERVER_KUBELET_CLIENT = { user: 'kube-apiserver-kubelet-client', groups: [] } as const;

/** The certificate pair, where it lives, and what this start did about it. */
export interface KubeletClientPair {
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** "created" or "re-issued (<why>)"; undefined when the stored pair was reused. */
  readonly change?: string;
}

// Like the cluster's other leaf certificates: renewed once fewer than this many days are left.
const RENEW_BEFORE_DAYS = 30;

/**
 * Issues DATA_DIR/pki/apiserver-kubelet-client.{crt,key} from the cluster CA on first start and
 * reuses it afterwards, re-issuing only when it expires soon, the CA changed or the subject differs.
 */
export async function ensureApiserverKubeletClient(options: {
  readonly dataDir: string;
  readonly ca: CertificateAuthority;
  readonly now?: Date;
}): Promise<KubeletClientPair> {
  const now = options.now ?? new Date();
  const certPath = join(options.dataDir, 'pki', 'apiserver-kubelet-client.crt');
  const keyPath = join(options.dataDir, 'pki', 'apiserver-kubelet-client.key');
  const certPem = await readOptionalFile(certPath);
  const keyPem = await readOptionalFile(keyPath);
  let change = 'created';
  if (certPem !== undefined && keyPem !== undefined) {
    const reason = reissueReason(
      { certPem, keyPem },
      {
        caCertPem: options.ca.certPem,
        now,
        minRemainingDays: RENEW_BEFORE_DAYS,
        subject: APISERVER_KUBELET_CLIENT,
      },
    );
    if (reason === undefined) return { certPath, keyPath, certPem, keyPem };
    change = `re-issued (${reason})`;
  }
  const issued = await issueClientCertificate(options.ca, {
    commonName: APISERVER_KUBELET_CLIENT.user,
    organizations: APISERVER_KUBELET_CLIENT.groups,
    now,
  });
  // Key first, certificate last: the certificate's presence marks a complete pair.
  await writeFileAtomic(keyPath, issued.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(certPath, issued.certPem, PUBLIC_FILE_MODE);
  return { certPath, keyPath, ...issued, change };
}
