// The bearer token stage of authentication: upstream's union of token authenticators (static file,
// service accounts, bootstrap tokens, in that order) wrapped so every authenticated user is also in
// system:authenticated.

import type { UserInfo } from '../http/api-request.js';
import { AUTHENTICATED_GROUP } from './service-account-names.js';
import { TokenError, type TokenAuthenticator, type TokenAuthSuccess } from './token-authenticator.js';

/** The outcome of authenticating a token: a success, or why it failed ('' when nobody knew it). */
export type TokenAuthResult =
  { readonly ok: true; readonly result: TokenAuthSuccess } | { readonly ok: false; readonly error: string };

/** Adds system:authenticated unless the user already has it. */
export function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(AUTHENTICATED_GROUP)
    ? user
    : { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}

/** Extracts the token of an `Authorization: Bearer <token>` header (undefined otherwise). */
export function bearerTokenFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/** Tries each authenticator in order; the first that recognizes the token decides. */
export class BearerTokenAuthenticator {
  /**
   * `implicitAudiences` (--api-audiences) are what audience-agnostic authenticators (static file,
   * bootstrap tokens: those that report no audiences) are taken to serve, as upstream wraps them:
   * they answer only requests for one of those audiences, and their users get the intersection.
   */
  constructor(
    private readonly authenticators: readonly TokenAuthenticator[],
    private readonly implicitAudiences?: readonly string[],
  ) {}

  /** The user a bearer token stands for, or undefined (→ 401 Unauthorized). */
  async authenticateBearer(token: string): Promise<UserInfo | undefined> {
    const r = await this.authenticateToken(token);
    return r.ok ? r.result.user : undefined;
  }

  /** Full outcome, for TokenReview (error text) and audit annotations; audiences default to the API's. */
  async authenticateToken(token: string, audiences?: readonly string[]): Promise<TokenAuthResult> {
    const errors: string[] = [];
    const implicit = this.implicitAudiences;
    const agnosticAudiences =
      implicit === undefined ? undefined : implicit.filter((a) => (audiences ?? implicit).includes(a));
    for (const a of this.authenticators) {
      try {
        const result = await a.authenticate(token, audiences);
        if (!result) continue;
        let audiencesOut = result.audiences;
        if (audiencesOut === undefined && agnosticAudiences !== undefined) {
          if (agnosticAudiences.length === 0) continue;
          audiencesOut = agnosticAudiences;
        }
        return {
          ok: true,
          result: {
            ...result,
            user: withAuthenticatedGroup(result.user),
            ...(audiencesOut === undefined ? {} : { audiences: audiencesOut }),
          },
        };
      } catch (err) {
        if (!(err instanceof TokenError)) throw err;
        errors.push(err.message);
      }
    }
    return { ok: false, error: errors.length <= 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]` };
  }
}
