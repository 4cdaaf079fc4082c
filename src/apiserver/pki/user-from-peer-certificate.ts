import type { PeerCertificate, TLSSocket } from 'node:tls';

/** The identity a verified client certificate asserts: CN is the user, each O a group. */
export interface CertificateUser {
  readonly name: string;
  readonly groups: string[];
}

/**
 * Reads the user (subject CN) and groups (every subject O) from a peer certificate, as upstream's
 * x509 authenticator does; undefined when there is no certificate or no CN. It does not verify the
 * chain: call it only for sockets whose `authorized` is true (see {@link userFromTlsSocket}).
 */
export function userFromPeerCertificate(
  cert: PeerCertificate | null | undefined,
): CertificateUser | undefined {
  // getPeerCertificate() gives {} (no subject) without a client certificate, null once destroyed.
  const subject = cert?.subject as Partial<Record<string, string | string[]>> | undefined;
  if (subject === undefined || subject === null) return undefined;
  // Node gives a string for one value and an array when the attribute repeats (several groups).
  const names = values(subject.CN);
  // Go's pkix.Name keeps the last CN, so a certificate means the same user to both servers.
  const name = names[names.length - 1];
  if (name === undefined || name === '') return undefined;
  return { name, groups: values(subject.O) };
}

/**
 * The certificate user of a TLS connection whose client certificate chained to a trusted CA, or
 * undefined. The server asks for certificates with `rejectUnauthorized: false` (token and anonymous
 * clients must still connect), so `authorized` is the only proof the chain was verified.
 */
export function userFromTlsSocket(socket: TLSSocket): CertificateUser | undefined {
  if (!socket.authorized) return undefined;
  return userFromPeerCertificate(socket.getPeerCertificate());
}

function values(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value];
}
