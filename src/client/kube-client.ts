import type { ResourceType } from '../api/scheme/resource-type.js';
import type { KubeObject } from '../api/object.js';
import { systemClock, type Clock } from '../base/clock.js';
import { createLogger, type Logger } from '../base/logger.js';
import type { ApiObject } from './api-object.js';
import type { BearerTokenSource } from './bearer-token-source.js';
import { HttpsTransport } from './https-transport.js';
import { rateLimiterFor, type RateLimiter } from './rate-limiter.js';
import { ResourceClient } from './resource-client.js';
import { resourceTarget, type GroupVersionResource } from './resource-path.js';
import { loadRestConfig, type LoadRestConfigOptions, type RestConfig } from './rest-config.js';
import { RetryPolicy, type RetryOptions } from './retry-policy.js';
import { statusErrorFromResponse } from './status-response.js';
import type { HttpMethod, Transport, TransportResponse } from './transport.js';
import { userAgentFor } from './user-agent.js';

/** How a KubeClient identifies itself, throttles and retries; everything but the transport. */
export interface KubeClientSettings {
  /** Component name: the User-Agent prefix and default field manager (default "k8ts"). */
  readonly component?: string;
  /** Overrides the User-Agent derived from `component`. */
  readonly userAgent?: string;
  /** Field manager for create, update and patch (default: the component name). */
  readonly fieldManager?: string;
  /** Sustained requests per second (default 5, as client-go; Infinity for no limit). */
  readonly qps?: number;
  /** Requests allowed in a burst (default 10). */
  readonly burst?: number;
  /** Replaces the qps/burst token bucket. */
  readonly rateLimiter?: RateLimiter;
  readonly retry?: RetryOptions;
  /** Namespace used by `resource(...).namespace()` defaults; from the kubeconfig context. */
  readonly defaultNamespace?: string;
  /**
   * Sends `Authorization: Bearer <token>` with every request, asking the source each time (tokens
   * that expire are renewed there); on a 401 the token is invalidated and the request sent once
   * more with a fresh one. Overrides a token of the transport.
   */
  readonly bearerToken?: BearerTokenSource;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Options of a KubeClient: the settings plus how to reach the server. */
export interface KubeClientOptions extends KubeClientSettings {
  readonly transport: Transport;
}

/** One API call as KubeClient sends it. */
export interface ApiRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly query?: URLSearchParams;
  /** Sent as JSON unless it already is a string. */
  readonly body?: unknown;
  readonly contentType?: string;
  /** The Accept header (default application/json). */
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The REST client every component uses: JSON over a Transport with the component's User-Agent,
 * a client-side rate limit, retries (RetryPolicy) and API failures surfaced as StatusErrors.
 * `resource(...)` gives typed per-resource clients.
 */
export class KubeClient {
  /** The component name this client reports. */
  readonly component: string;
  readonly userAgent: string;
  readonly fieldManager: string;
  readonly defaultNamespace: string;
  readonly clock: Clock;
  private readonly transport: Transport;
  private readonly rateLimiter: RateLimiter;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;
  private readonly bearerToken: BearerTokenSource | undefined;

  constructor(options: KubeClientOptions) {
    this.transport = options.transport;
    this.component = options.component ?? 'k8ts';
    this.userAgent = options.userAgent ?? userAgentFor(this.component);
    this.fieldManager = options.fieldManager ?? this.component;
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this.clock = options.clock ?? systemClock;
    this.rateLimiter =
      options.rateLimiter ??
      rateLimiterFor({ qps: options.qps ?? 5, burst: options.burst ?? 10, clock: this.clock });
    this.retry = new RetryPolicy(options.retry);
    this.bearerToken = options.bearerToken;
    this.logger = options.logger ?? createLogger(this.component).child('client');
  }

  /** A client over HTTPS for the given server and credentials. */
  static fromRestConfig(config: RestConfig, settings: KubeClientSettings = {}): KubeClient {
    return new KubeClient({
      defaultNamespace: config.namespace,
      ...settings,
      transport: new HttpsTransport({ config }),
    });
  }

  /** A client for a kubeconfig file's context (default $KUBECONFIG or ~/.kube/config). */
  static async fromKubeconfig(options: LoadRestConfigOptions & KubeClientSettings = {}): Promise<KubeClient> {
    const { path, context, ...settings } = options;
    const config = await loadRestConfig({
      ...(path !== undefined ? { path } : {}),
      ...(context !== undefined ? { context } : {}),
    });
    return KubeClient.fromRestConfig(config, settings);
  }

  /** A typed client for one resource, e.g. `client.resource<Pod>(podsType).namespace('default')`. */
  resource<T extends ApiObject = KubeObject>(
    resource: GroupVersionResource | ResourceType,
  ): ResourceClient<T> {
    return new ResourceClient<T>({ client: this, target: resourceTarget(resource) });
  }

  /** Sends a request and decodes its JSON response; throws a StatusError for a non-2xx answer. */
  async request<R>(req: ApiRequest): Promise<R> {
    const res = await this.send(req);
    const text = await readText(res.body);
    return (text === '' ? undefined : JSON.parse(text)) as R;
  }

  /**
   * Sends a request whose 2xx answer the caller has no use for: its body is read and dropped
   * unparsed (a DeleteCollection's answer lists every object it deleted). Throws as `request`.
   */
  async requestIgnoringResult(req: ApiRequest): Promise<void> {
    const res = await this.send(req);
    for await (const _chunk of res.body);
  }

  /**
   * Sends a request and returns the 2xx response with its body unread (for watches); the caller
   * must consume the body or abort `req.signal`.
   */
  async stream(req: ApiRequest): Promise<TransportResponse> {
    return this.send(req);
  }

  /** Ends pooled connections. */
  close(): void {
    this.transport.close();
  }

  private async send(req: ApiRequest): Promise<TransportResponse> {
    const headers: Record<string, string> = {
      accept: req.accept ?? 'application/json',
      'user-agent': this.userAgent,
    };
    let body: Uint8Array | undefined;
    if (req.body !== undefined) {
      body = Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body), 'utf8');
      headers['content-type'] = req.contentType ?? 'application/json';
    }
    let reauthenticated = false;
    for (let attempt = 0; ; attempt++) {
      await this.rateLimiter.acquire(req.signal);
      const token = this.bearerToken === undefined ? undefined : await this.bearerToken.token(req.signal);
      const started = this.clock.now();
      let res: TransportResponse;
      try {
        res = await this.transport.request({
          method: req.method,
          path: req.path,
          headers: token === undefined ? headers : { ...headers, authorization: `Bearer ${token}` },
          ...(req.query !== undefined ? { query: req.query } : {}),
          ...(body !== undefined ? { body } : {}),
          ...(req.signal !== undefined ? { signal: req.signal } : {}),
        });
      } catch (err) {
        if (req.signal?.aborted) throw req.signal.reason;
        const delay = this.retry.delayForError(req.method, err, attempt);
        if (delay === undefined) throw err;
        this.logger.debug('retrying after a connection error', { verb: req.method, path: req.path, err });
        await this.clock.sleep(delay, req.signal);
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        this.logger.debug('request', {
          verb: req.method,
          path: req.path,
          status: res.status,
          duration_ms: this.clock.now() - started,
        });
        return res;
      }
      const text = await readText(res.body).catch(() => '');
      if (res.status === 401 && token !== undefined && !reauthenticated && this.bearerToken?.invalidate) {
        // The token expired or was revoked since it was issued: once, try again with a new one.
        reauthenticated = true;
        this.bearerToken.invalidate(token);
        continue;
      }
      const delay = this.retry.delayForResponse(
        req.method,
        res.status,
        res.headers['retry-after'],
        attempt,
        this.clock.now(),
      );
      if (delay === undefined) throw statusErrorFromResponse(res.status, text, req.method);
      this.logger.debug('retrying', {
        verb: req.method,
        path: req.path,
        status: res.status,
        delay_ms: delay,
      });
      await this.clock.sleep(delay, req.signal);
    }
  }
}
