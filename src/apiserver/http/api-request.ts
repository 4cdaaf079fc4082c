import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestInfo } from '../request/request-info.js';

/** The authenticated identity of a request. */
export interface UserInfo {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** The anonymous identity (no credentials presented). */
export const anonymousUser: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Everything the handler chain knows about one request as it passes through the stages. */
export interface ApiRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly info: RequestInfo;
  readonly startedAt: bigint;
  user: UserInfo;
  /** Texts to send as `Warning: 299 - "<text>"` headers. */
  readonly warnings: string[];
  /** True for watches and other streams that the request timeout and in-flight limits do not cover. */
  readonly longRunning: boolean;
  /** Called once a watch is registered: it gives back its priority-and-fairness seat then. */
  onWatchInitialized?: () => void;
}
