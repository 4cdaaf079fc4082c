// Probe outputs end up in events ("Liveness probe failed: ..."), and users and tools match on Go's
// wording for network failures, so Node's socket errors are rendered the way Go's net package
// words them.

interface NodeSystemError {
  readonly code?: string;
  readonly message?: string;
}

const connectErrors: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ETIMEDOUT: 'connect: connection timed out',
  EADDRNOTAVAIL: 'connect: cannot assign requested address',
  EACCES: 'connect: permission denied',
};

/** Go's message for a failed dial of `address` ("dial tcp 10.0.0.1:80: connect: connection refused"). */
export function goDialError(address: string, err: unknown): string {
  const e = (err ?? {}) as NodeSystemError;
  if (e.code !== undefined && e.code in connectErrors) return `dial tcp ${address}: ${connectErrors[e.code]}`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
    const host = address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return `dial tcp: lookup ${host}: no such host`;
  }
  return `dial tcp ${address}: ${e.message ?? String(err)}`;
}

/** Go's message for a dial that did not finish within its timeout. */
export function goDialTimeout(address: string): string {
  return `dial tcp ${address}: i/o timeout`;
}

/** True when a TLS client got a plain-HTTP answer (Go: "server gave HTTP response to HTTPS client"). */
export function isPlainHttpAnswerToTls(err: unknown): boolean {
  const e = (err ?? {}) as NodeSystemError;
  return (
    e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    e.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    /wrong version number|packet length too long/i.test(e.message ?? '')
  );
}

/**
 * Go's text for an error after the connection was made: a peer that hung up before answering is
 * "EOF", a reset is "connection reset by peer"; other errors keep Node's message.
 */
export function goTransportError(address: string, err: unknown): string {
  const e = (err ?? {}) as NodeSystemError;
  if (isPlainHttpAnswerToTls(err)) return 'http: server gave HTTP response to HTTPS client';
  if (e.message === 'socket hang up') return 'EOF';
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE')
    return `read tcp ${address}: read: connection reset by peer`;
  if (e.code !== undefined && (e.code in connectErrors || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'))
    return goDialError(address, err);
  return e.message ?? String(err);
}
