import type { UserInfo } from '../http/api-request.js';

/** A successful token authentication: the user and the audiences the token is good for. */
export interface TokenAuthSuccess {
  readonly user: UserInfo;
  readonly audiences?: readonly string[];
  /** Audit annotations the authenticator asks for (legacy-token use, stale tokens). */
  readonly auditAnnotations?: Readonly<Record<string, string>>;
}

/**
 * One way of authenticating bearer tokens: undefined when the token is not one this authenticator
 * knows; throws TokenError when it is but is invalid (expired, revoked, wrong audience).
 */
export interface TokenAuthenticator {
  authenticate(token: string, audiences?: readonly string[]): Promise<TokenAuthSuccess | undefined>;
}

/** A token this authenticator recognized but rejects; the message is upstream's. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
}
