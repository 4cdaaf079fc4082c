import http from 'node:http';
import https from 'node:https';
import { requestThroughAgent, type AgentTarget } from './agent-request.js';
import type { RestConfig } from './rest-config.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** Connection settings of an HttpsTransport. */
export interface HttpsTransportOptions {
  /** The server and credentials (usually from a kubeconfig). */
  readonly config: RestConfig;
  /** Most sockets per host; watches hold one each, so the default is unbounded. */
  readonly maxSockets?: number;
}

/**
 * A Transport over node:https (or node:http for an http:// server) with a keep-alive agent, the
 * cluster CA, a client certificate and/or a bearer token. One instance per server; close() ends
 * its pooled connections.
 */
export class HttpsTransport implements Transport {
  private readonly target: AgentTarget;

  constructor(options: HttpsTransportOptions) {
    const { config } = options;
    const base = new URL(config.server);
    const secure = base.protocol === 'https:';
    if (!secure && base.protocol !== 'http:')
      throw new TypeError(`Cannot reach server "${config.server}": the scheme must be https or http`);
    const agentOptions: https.AgentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? Infinity,
    };
    if (secure) {
      if (config.caData !== undefined) agentOptions.ca = config.caData;
      if (config.certData !== undefined) agentOptions.cert = config.certData;
      if (config.keyData !== undefined) agentOptions.key = config.keyData;
      if (config.insecureSkipTlsVerify) agentOptions.rejectUnauthorized = false;
      if (config.tlsServerName !== undefined) agentOptions.servername = config.tlsServerName;
    }
    this.target = {
      module: secure ? https : http,
      agent: secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions),
      base,
      ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
    };
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return requestThroughAgent(this.target, req);
  }

  close(): void {
    this.target.agent.destroy();
  }
}
