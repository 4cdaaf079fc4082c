// Where a proxied request goes and how to connect there. One shape for every backend the
// apiserver reaches on a client's behalf: a kubelet (HTTPS with the apiserver's client
// certificate), a pod or a service endpoint (plain HTTP, or HTTPS without verification).

/** TLS settings for an HTTPS backend. */
export interface BackendTls {
  /** Client certificate and key (PEM) to present, if any. */
  readonly certPem?: string;
  readonly keyPem?: string;
  /** CA bundle the server certificate must chain to; absent: not verified. */
  readonly caPem?: string;
}

/** A backend host and port with the scheme and TLS settings to reach it. */
export interface BackendTarget {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  /** For https only. */
  readonly tls?: BackendTls;
  /** How long dialing and the TLS handshake may take (undefined: the OS's own limits). */
  readonly connectTimeoutMs?: number;
}

/** `host:port`, with an IPv6 host in brackets, as Go's net.JoinHostPort. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
