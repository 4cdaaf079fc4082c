import type { ApiRequest } from './api-request.js';

/** What the handler chain does with a request after the limiter. */
export type LimiterOutcome = { readonly admitted: true; finish(): void } | { readonly admitted: false };

/**
 * The handler chain's concurrency limit, between impersonation and authorization as upstream places
 * it: API Priority and Fairness, or with it disabled the plain max-in-flight limits. A request not
 * admitted has already been answered (429).
 */
export interface RequestLimiter {
  admit(areq: ApiRequest): Promise<LimiterOutcome>;
  /** The text of a /debug/api_priority_and_fairness/<name> dump, or undefined when not served. */
  debugDump(name: string): string | undefined;
  stop(): void;
}
