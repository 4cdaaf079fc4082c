import http from 'node:http';
import type { Duplex } from 'node:stream';
import { requestThroughAgent, type AgentTarget } from './agent-request.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** Opens one connection to the API server: a stream the server speaks HTTP/1.1 on. */
export type ConnectionFactory = () => Duplex;

/** Settings of an InProcessTransport. */
export interface InProcessTransportOptions {
  /**
   * Opens a connection, e.g. `() => apiServer.inProcessConnection(user)`: the server fixes who
   * the connection is, so requests carry no credentials.
   */
  readonly connect: ConnectionFactory;
  /** Most connections at once; watches hold one each, so the default is unbounded. */
  readonly maxSockets?: number;
}

// A pool whose connections come from the factory instead of a TCP dial.
class ConnectionFactoryAgent extends http.Agent {
  constructor(
    private readonly connect: ConnectionFactory,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(): Duplex {
    return this.connect();
  }
}

/**
 * A Transport for components in the API server's own process: HTTP/1.1 as over HttpsTransport
 * (keep-alive pool, chunked watch streams, aborts) but over in-memory connections the server
 * opens, with no TCP, TLS or certificates. The client layer cannot see the apiserver, so the
 * caller passes the factory that opens connections.
 */
export class InProcessTransport implements Transport {
  private readonly target: AgentTarget;

  constructor(options: InProcessTransportOptions) {
    this.target = {
      module: http,
      agent: new ConnectionFactoryAgent(options.connect, {
        keepAlive: true,
        maxSockets: options.maxSockets ?? Infinity,
      }),
      // Only the Host header and the pool's key derive from it; nothing is dialled.
      base: new URL('http://in-process'),
    };
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return requestThroughAgent(this.target, req);
  }

  close(): void {
    this.target.agent.destroy();
  }
}
