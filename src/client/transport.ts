/** The HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** One request as a Transport sees it: the path is relative to the API server's root. */
export interface TransportRequest {
  readonly method: HttpMethod;
  /** Absolute API path, e.g. "/api/v1/namespaces/default/pods"; already URL-encoded. */
  readonly path: string;
  readonly query?: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  /** Aborting cancels the request, and the response body once it is streaming. */
  readonly signal?: AbortSignal;
}

/** A response whose body is read as a byte stream (a watch never ends on its own). */
export interface TransportResponse {
  readonly status: number;
  /** Header names are lower-case. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Must be consumed or the request aborted, or the connection is never released. */
  readonly body: AsyncIterable<Uint8Array>;
}

/**
 * How a KubeClient reaches an API server. The HTTPS implementation is the usual one; components
 * running inside `k8ts server` can plug in an in-process transport with the same contract.
 * Transport errors (connection refused, reset) reject; HTTP error statuses resolve.
 */
export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Releases pooled connections; requests after close may fail. */
  close(): void;
}
