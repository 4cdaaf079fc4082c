import { Etcd3, type IOptions } from 'etcd3';
import { EndpointFailover } from './endpoint-failover.js';

/** Client certificates for etcd over https; absent `ca` means the system's trusted roots. */
export interface EtcdTlsOptions {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/** How to reach an etcd cluster. */
export interface EtcdClientOptions {
  /** Client URLs, all http:// or all https://, e.g. http://127.0.0.1:2379. */
  readonly endpoints: readonly string[];
  readonly tls?: EtcdTlsOptions;
  /** Deadline of every unary call. */
  readonly requestTimeoutMs: number;
}

/**
 * An etcd3 client for `endpoints` with our fault handling (see EndpointFailover), a deadline on
 * every unary call, and no message size limit on responses (a list of many large objects easily
 * exceeds gRPC's 4 MiB default; etcd bounds requests itself). Throws TypeError for bad endpoints.
 */
export function createEtcdClient(options: EtcdClientOptions): Etcd3 {
  const hosts = options.endpoints.map(normalizeEndpoint);
  if (hosts.length === 0) throw new TypeError('etcd: at least one endpoint is required');
  const secure = hosts.filter((h) => h.startsWith('https:')).length;
  if (secure !== 0 && secure !== hosts.length) {
    throw new TypeError('etcd: endpoints must be all http:// or all https://');
  }
  if (options.tls !== undefined && secure === 0)
    throw new TypeError('etcd: tls options need https:// endpoints');
  const failover = new EndpointFailover(hosts);
  const clientOptions: IOptions = {
    hosts,
    faultHandling: { host: (h) => failover.hostPolicy(h), global: failover.retryPolicy() },
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + options.requestTimeoutMs }),
    grpcOptions: {
      'grpc.max_receive_message_length': -1,
      // Like Kubernetes' etcd client: notice a dead connection under an idle watch within ~40 s.
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      // grpc-js backs off up to 120 s after a failed connect; an etcd that restarts must be reused sooner.
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 2_000,
    },
  };
  const tls = options.tls;
  if (tls !== undefined) {
    // grpc's createSsl takes null for "the system's roots"; etcd3's type insists on a Buffer.
    const rootCertificate = (tls.ca ?? null) as Buffer;
    clientOptions.credentials = { rootCertificate, privateKey: tls.key, certChain: tls.cert };
  }
  return new Etcd3(clientOptions);
}

function normalizeEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`etcd: endpoint ${JSON.stringify(endpoint)} is not a URL like http://127.0.0.1:2379`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    (url.pathname !== '/' && url.pathname !== '')
  ) {
    throw new TypeError(`etcd: endpoint ${JSON.stringify(endpoint)} must be http(s)://host:port`);
  }
  const port = url.port || '2379';
  return `${url.protocol}//${url.hostname}:${port}`;
}
