// Go's texts for network and TLS failures, which upstream's webhook errors embed after
// `Post "<url>": `. Node reports the same failures with its own codes; this maps the common ones.

/** A failure Node reported while connecting, handshaking or exchanging the request. */
export interface NetFailure {
  readonly code?: string;
  readonly message: string;
}

/** Marks an error whose message is already Go's text (e.g. a hostname check done by us). */
export class GoNetError extends Error {
  override readonly name = 'GoNetError';
}

const unknownAuthority = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/** Go's wording of a failure to reach `hostPort` ("127.0.0.1:9443") for one webhook call. */
export function goNetErrorText(err: unknown, hostPort: string): string {
  if (err instanceof GoNetError) return err.message;
  const e = (err ?? {}) as NetFailure;
  const code = e.code ?? '';
  if (unknownAuthority.has(code))
    return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
  switch (code) {
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${hostPort}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${hostPort}: connect: network is unreachable`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN': {
      const host = hostPort.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
      return `dial tcp: lookup ${host}: no such host`;
    }
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'ABORT_ERR':
    case 'ETIMEDOUT':
      return 'context deadline exceeded';
    default:
      // "socket hang up": the server closed the connection before answering, which Go reads as EOF.
      return e.message === 'socket hang up' ? 'EOF' : e.message || String(err);
  }
}
