// CA public key pins as kubeadm's --discovery-token-ca-cert-hash: "sha256:" and the hex SHA-256 of
// a CA certificate's DER SubjectPublicKeyInfo. A pin survives re-issuing the CA with the same key.
import { createHash, X509Certificate } from 'node:crypto';
import { decodeAllPem } from '../certificates/pem.js';

const pinPattern = /^sha256:([0-9a-f]{64})$/;

/** The pin of every certificate in a PEM bundle, in order; unparseable certificates are skipped. */
export function caCertHashes(bundlePem: string): string[] {
  const pins: string[] = [];
  for (const block of decodeAllPem(bundlePem)) {
    if (block.type !== 'CERTIFICATE') continue;
    let spki: Buffer;
    try {
      spki = new X509Certificate(block.bytes).publicKey.export({ type: 'spki', format: 'der' });
    } catch {
      continue;
    }
    pins.push(`sha256:${createHash('sha256').update(spki).digest('hex')}`);
  }
  return pins;
}

/** Normalises a pin the user typed (case-insensitive hex); throws a message saying the format. */
export function parseCaCertHash(text: string): string {
  const pin = text.trim().toLowerCase();
  if (!pinPattern.test(pin))
    throw new Error(`invalid CA certificate hash "${text}": expected sha256:<64 hex digits>`);
  return pin;
}

/** True when some certificate of `bundlePem` has a public key among `pins`. */
export function caMatchesPins(bundlePem: string, pins: readonly string[]): boolean {
  const wanted = new Set(pins);
  return caCertHashes(bundlePem).some((p) => wanted.has(p));
}
