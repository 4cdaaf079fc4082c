import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateAndKey, CertificateAuthority } from './certificate-authority.js';
import { createCertificateAuthority } from './certificate-authority.js';
import { reissueReason } from './certificate-reuse.js';
import { issueClientCertificate } from './issue-client-certificate.js';
import { issueServingCertificate } from './issue-serving-certificate.js';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, readOptionalFile, writeFileAtomic } from './pem-files.js';
import type { ServingNames } from './serving-names.js';
import { servingNames } from './serving-names.js';

/** Where the cluster's certificates live and which names the serving certificate must carry. */
export interface EnsureClusterPkiOptions {
  /** The server's --data-dir; files go to DATA_DIR/pki/. */
  readonly dataDir: string;
  /** Extra DNS names for the serving certificate (IPs given here are treated as IPs). */
  readonly hostnames?: readonly string[];
  /** Extra IP addresses for the serving certificate. */
  readonly ips?: readonly string[];
  /** The first service IP (e.g. 10.43.0.1), the `kubernetes` Service's cluster IP. */
  readonly serviceIp: string;
  /** Defaults to os.hostname(); injectable for tests. */
  readonly hostname?: string;
  /** Current time (default now); injectable so tests can age certificates. */
  readonly now?: Date;
}

/** A certificate and key as PEM text, plus the files they were read from or written to. */
export interface PkiPair extends CertificateAndKey {
  readonly certPath: string;
  readonly keyPath: string;
}

/** The cluster CA, the apiserver's serving certificate and the admin client certificate. */
export interface ClusterPki {
  /** DATA_DIR/pki */
  readonly dir: string;
  readonly ca: PkiPair;
  readonly serving: PkiPair;
  readonly admin: PkiPair;
  /** What this call created or re-issued and why (empty when everything was reused), for logs. */
  readonly changes: readonly string[];
}

/** The CA's common name. */
export const CA_COMMON_NAME = 'k8ts-ca';
/** The admin identity: upstream kubeadm's user in the group RBAC treats as superuser. */
export const ADMIN_USER = { commonName: 'kubernetes-admin', organizations: ['system:masters'] } as const;
// Leaf certificates are renewed once they have fewer than this many days left.
const RENEW_BEFORE_DAYS = 30;

/**
 * Creates the cluster PKI under DATA_DIR/pki on first start and reuses it afterwards, re-issuing
 * the serving or admin certificate only when it no longer fits (names, expiry, CA, key).
 */
export async function ensureClusterPki(options: EnsureClusterPkiOptions): Promise<ClusterPki> {
  const dir = join(options.dataDir, 'pki');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = options.now ?? new Date();
  const changes: string[] = [];

  const ca = await ensureCa(dir, now, changes);
  const names = servingNames({
    serviceIp: options.serviceIp,
    ...(options.hostnames === undefined ? {} : { hostnames: options.hostnames }),
    ...(options.ips === undefined ? {} : { ips: options.ips }),
    ...(options.hostname === undefined ? {} : { hostname: options.hostname }),
  });
  const serving = await ensureLeaf(dir, 'server', ca, now, changes, names, () =>
    issueServingCertificate(ca, { names, now }),
  );
  const admin = await ensureLeaf(dir, 'admin', ca, now, changes, undefined, () =>
    issueClientCertificate(ca, { ...ADMIN_USER, now }),
  );
  return { dir, ca, serving, admin, changes };
}

async function ensureCa(dir: string, now: Date, changes: string[]): Promise<PkiPair> {
  const paths = pairPaths(dir, 'ca');
  const certPem = await readOptionalFile(paths.certPath);
  const keyPem = await readOptionalFile(paths.keyPath);
  if (certPem === undefined) {
    // ca.crt is written last, so without it no certificate can have been signed: start afresh
    // (a stray ca.key from an interrupted first start is overwritten).
    const created = await createCertificateAuthority({ commonName: CA_COMMON_NAME, now });
    await writePair(paths, created);
    changes.push('ca: created');
    return { ...paths, ...created };
  }
  // Never silently replace an existing CA: every kubeconfig and node trusting it would break.
  if (keyPem === undefined) throw new Error(`${paths.certPath} exists but ${paths.keyPath} is missing`);
  const cert = new X509Certificate(certPem);
  if (!cert.checkPrivateKey(createPrivateKey(keyPem))) {
    throw new Error(`${paths.keyPath} does not match ${paths.certPath}`);
  }
  if (new Date(cert.validTo).getTime() <= now.getTime()) {
    throw new Error(`cluster CA ${paths.certPath} expired on ${new Date(cert.validTo).toISOString()}`);
  }
  return { ...paths, certPem, keyPem };
}

async function ensureLeaf(
  dir: string,
  name: string,
  ca: CertificateAuthority,
  now: Date,
  changes: string[],
  names: ServingNames | undefined,
  issue: () => Promise<CertificateAndKey>,
): Promise<PkiPair> {
  const paths = pairPaths(dir, name);
  const certPem = await readOptionalFile(paths.certPath);
  const keyPem = await readOptionalFile(paths.keyPath);
  let change = 'created';
  if (certPem !== undefined && keyPem !== undefined) {
    const reason = reissueReason(
      { certPem, keyPem },
      { caCertPem: ca.certPem, now, minRemainingDays: RENEW_BEFORE_DAYS, ...(names && { names }) },
    );
    if (reason === undefined) return { ...paths, certPem, keyPem };
    change = `re-issued (${reason})`;
  }
  const issued = await issue();
  await writePair(paths, issued);
  changes.push(`${name}: ${change}`);
  return { ...paths, ...issued };
}

function pairPaths(dir: string, name: string): { certPath: string; keyPath: string } {
  return { certPath: join(dir, `${name}.crt`), keyPath: join(dir, `${name}.key`) };
}

async function writePair(
  paths: { certPath: string; keyPath: string },
  pair: CertificateAndKey,
): Promise<void> {
  // Key first, certificate last: the certificate's presence marks a complete pair.
  await writeFileAtomic(paths.keyPath, pair.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(paths.certPath, pair.certPem, PUBLIC_FILE_MODE);
}
