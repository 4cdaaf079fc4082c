import http from 'node:http';
import https from 'node:https';
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
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly module: typeof http | typeof https;
  private readonly authorization: string | undefined;

  constructor(options: HttpsTransportOptions) {
    const { config } = options;
    this.base = new URL(config.server);
    const secure = this.base.protocol === 'https:';
    if (!secure && this.base.protocol !== 'http:')
      throw new TypeError(`Cannot reach server "${config.server}": the scheme must be https or http`);
    this.module = secure ? https : http;
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
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.authorization = config.token ? `Bearer ${config.token}` : undefined;
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const query = req.query?.toString();
    const headers: Record<string, string> = { ...req.headers };
    if (this.authorization !== undefined && headers['authorization'] === undefined)
      headers['authorization'] = this.authorization;
    if (req.body !== undefined) headers['content-length'] = String(req.body.byteLength);
    return new Promise((resolve, reject) => {
      const outgoing = this.module.request(
        {
          agent: this.agent,
          protocol: this.base.protocol,
          hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port,
          method: req.method,
          path: `${prefix}${req.path}${query ? `?${query}` : ''}`,
          headers,
          ...(req.signal ? { signal: req.signal } : {}),
        },
        (res) => {
          // An aborted stream errors even when nobody reads it any more; readers still see the error.
          res.on('error', () => {});
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
