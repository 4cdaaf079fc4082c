import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../http/api-request.js';
import { userFromTlsSocket } from '../pki/user-from-peer-certificate.js';
import { bearerTokenFromHeader, type BearerTokenAuthenticator } from './bearer-token-authenticator.js';
import { connectionUser } from './connection-identity.js';
import { AUTHENTICATED_GROUP } from './service-account-names.js';

// A connection's client certificate never changes, and reading it is costly: decode it once per socket.
const usersBySocket = new WeakMap<TLSSocket, ReturnType<typeof userFromTlsSocket> | null>();
function socketUser(socket: TLSSocket): ReturnType<typeof userFromTlsSocket> {
  let user = usersBySocket.get(socket);
  if (user === undefined) {
    user = userFromTlsSocket(socket) ?? null;
    usersBySocket.set(socket, user);
  }
  return user ?? undefined;
}

/**
 * What authentication made of a request: a user; anonymous (no credentials at all); or rejected
 * (credentials presented but invalid, which upstream answers 401 on every path, /version too).
 */
export type AuthenticationResult =
  | {
      readonly status: 'authenticated';
      readonly user: UserInfo;
      /** Audit annotations the token authenticator asked for (legacy or stale tokens). */
      readonly auditAnnotations?: Readonly<Record<string, string>>;
    }
  | { readonly status: 'anonymous' }
  | { readonly status: 'rejected'; readonly error: string };

/** What a RequestAuthenticator checks besides client certificates. */
export interface RequestAuthenticatorOptions {
  /** Bearer tokens (service accounts, bootstrap tokens, the static token file); none when absent. */
  readonly tokens?: BearerTokenAuthenticator;
}

/**
 * The authentication stage, as upstream's union: a client certificate signed by the cluster CA
 * first, then an `Authorization: Bearer` token; every user found is in system:authenticated.
 */
export class RequestAuthenticator {
  constructor(private readonly options: RequestAuthenticatorOptions = {}) {}

  /** Who the request comes from. */
  async authenticate(req: IncomingMessage): Promise<AuthenticationResult> {
    // An in-process connection's user was fixed when the apiserver opened it.
    const bound = connectionUser(req.socket);
    if (bound !== undefined) return { status: 'authenticated', user: bound };
    const certUser = socketUser(req.socket as TLSSocket);
    if (certUser !== undefined) {
      return {
        status: 'authenticated',
        user: { name: certUser.name, groups: [...certUser.groups, AUTHENTICATED_GROUP] },
      };
    }
    const token = bearerTokenFromHeader(req.headers.authorization);
    if (token === undefined || this.options.tokens === undefined) {
      // A bearer token nobody here can check is still a credential that failed, not anonymity.
      return token === undefined
        ? { status: 'anonymous' }
        : { status: 'rejected', error: 'invalid bearer token' };
    }
    const outcome = await this.options.tokens.authenticateToken(token);
    if (!outcome.ok) return { status: 'rejected', error: outcome.error || 'invalid bearer token' };
    const { user, auditAnnotations } = outcome.result;
    return { status: 'authenticated', user, ...(auditAnnotations ? { auditAnnotations } : {}) };
  }
}
