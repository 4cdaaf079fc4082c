// The kubelet's HTTPS serving certificate: --tls-cert-file/--tls-private-key-file when given, else
// one generated on first start into <rootDir>/pki/kubelet.crt|key and reused afterwards, as
// upstream's kubelet does (certutil.GenerateSelfSignedCertKey: a throw-away "<node>-ca@<unix>" CA
// signing "<node>@<unix>", valid a year, the file holding the certificate then that CA). Its SANs
// are the node name and the node IP, so a client that checks them can reach the node by either.
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateSelfSignedPair } from './self-signed-certificate.js';

/** Where the serving certificate comes from. */
export interface ServingCertificateOptions {
  /** --tls-cert-file (with --tls-private-key-file): use these files as they are. */
  readonly certFile?: string;
  readonly keyFile?: string;
  /** Where a generated pair lives (upstream --cert-dir, default <rootDir>/pki). */
  readonly certDir: string;
  readonly nodeName: string;
  readonly nodeIP: string;
  /** Issue time for a new pair (default now). */
  readonly now?: Date;
}

/** A certificate chain and key as PEM, and the files they came from. */
export interface ServingCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** True when this call generated them. */
  readonly generated: boolean;
}

async function readPair(
  certFile: string,
  keyFile: string,
): Promise<{ certPem: string; keyPem: string } | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))
      ? { certPem, keyPem }
      : undefined;
  } catch {
    return undefined;
  }
}

// A temp file renamed into place, so a crash never leaves half a key and nobody sees looser modes.
async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode, flag: 'wx' });
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** The serving certificate: the given files, else the generated pair (made now if missing or unusable). */
export async function ensureServingCertificate(o: ServingCertificateOptions): Promise<ServingCertificate> {
  if (o.certFile !== undefined || o.keyFile !== undefined) {
    if (o.certFile === undefined || o.keyFile === undefined)
      throw new Error('--tls-cert-file and --tls-private-key-file must be given together');
    const [certPem, keyPem] = await Promise.all([readFile(o.certFile, 'utf8'), readFile(o.keyFile, 'utf8')]);
    return { certPem, keyPem, certFile: o.certFile, keyFile: o.keyFile, generated: false };
  }
  const certFile = path.join(o.certDir, 'kubelet.crt');
  const keyFile = path.join(o.certDir, 'kubelet.key');
  const existing = await readPair(certFile, keyFile);
  if (existing !== undefined) return { ...existing, certFile, keyFile, generated: false };
  const { certPem, keyPem } = await generateSelfSignedPair(o.nodeName, [o.nodeName, o.nodeIP], o.now);
  // Key first: the certificate's presence marks a complete pair.
  await writeAtomically(keyFile, keyPem, 0o600);
  await writeAtomically(certFile, certPem, 0o644);
  return { certPem, keyPem, certFile, keyFile, generated: true };
}
