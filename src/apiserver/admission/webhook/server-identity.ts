// Checks a webhook's serving certificate against the name the apiserver dialled, as Go's
// crypto/tls does: subjectAltNames only (no Common Name fallback), with Go's error texts.

import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { GoNetError } from './go-net-error.js';

function sans(cert: PeerCertificate, prefix: string): string[] {
  return (cert.subjectaltname ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith(prefix))
    .map((entry) => entry.slice(prefix.length));
}

function hostnameError(host: string, cert: PeerCertificate): string {
  if (isIP(host) !== 0) {
    const ips = sans(cert, 'IP Address:');
    if (ips.length === 0)
      return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    return `x509: certificate is valid for ${ips.join(', ')}, not ${host}`;
  }
  const names = sans(cert, 'DNS:');
  if (names.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${names.join(', ')}, not ${host}`;
}

/**
 * A tls `checkServerIdentity` for `host`: undefined when the certificate names it, else a
 * GoNetError worded as Go's verification failure.
 */
export function goServerIdentity(
  host: string,
): (servername: string, cert: PeerCertificate) => Error | undefined {
  return (_servername, cert) => {
    if (cert.subjectaltname === undefined || cert.subjectaltname === '') {
      const cn = cert.subject?.CN;
      const detail =
        cn === host
          ? 'x509: certificate relies on legacy Common Name field, use SANs instead'
          : `x509: certificate is not valid for any names, but wanted to match ${host}`;
      return new GoNetError(`tls: failed to verify certificate: ${detail}`);
    }
    if (checkServerIdentity(host, cert) === undefined) return undefined;
    return new GoNetError(`tls: failed to verify certificate: ${hostnameError(host, cert)}`);
  };
}
