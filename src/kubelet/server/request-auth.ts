// Who is asking, and may they: the kubelet API's filter (upstream InstallAuthFilter). Identity
// comes from a client certificate verified against --client-ca-file (user = CN, groups = O), else
// a bearer token the apiserver vouches for (TokenReview), else — only with --anonymous-auth —
// system:anonymous; otherwise 401 "Unauthorized". The user and the request's node attributes then
// go to the apiserver (SubjectAccessReview): 403 with upstream's Forbidden text when denied.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../../base/logger.js';
import {
  authorizationErrorMessage,
  forbiddenMessage,
  nodeRequestAttributes,
  type NodeRequestAttributes,
} from './authorization-attributes.js';
import { anonymousUser, certificateUser, type KubeletUser } from './kubelet-user.js';
import type { AuthorizationDecision } from './subject-access-review-authorizer.js';

/** What decides about users: token checks and authorization (the apiserver's reviews, or fakes). */
export interface RequestAuthOptions {
  readonly nodeName: string;
  /** Checks bearer tokens; without it a bearer token is never accepted. */
  readonly tokens?: { authenticate(token: string): Promise<KubeletUser | undefined> };
  /** Decides access; without it every authenticated request is allowed (AlwaysAllow). */
  readonly authorizer?: {
    authorize(user: KubeletUser, a: NodeRequestAttributes): Promise<AuthorizationDecision>;
  };
  /** --anonymous-auth: requests without credentials are system:anonymous (default false). */
  readonly anonymous?: boolean;
  readonly log?: Logger;
}

/** The outcome: the user, or the plain-text answer to send instead. */
export type AuthOutcome =
  | { readonly ok: true; readonly user: KubeletUser; readonly attributes: NodeRequestAttributes }
  | { readonly ok: false; readonly status: number; readonly body: string };

function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

const unauthorized: AuthOutcome = { ok: false, status: 401, body: 'Unauthorized' };

/** Authenticates and authorizes kubelet API requests. */
export class RequestAuth {
  constructor(private readonly o: RequestAuthOptions) {}

  /** Who sent `req`, or undefined (401). */
  async authenticate(req: IncomingMessage): Promise<KubeletUser | undefined> {
    const cert = 'authorized' in req.socket ? certificateUser(req.socket as TLSSocket) : undefined;
    if (cert !== undefined) return cert;
    const token = bearerToken(req.headers.authorization);
    if (token !== undefined) {
      try {
        const user = await this.o.tokens?.authenticate(token);
        if (user !== undefined) return user;
      } catch (err) {
        this.o.log?.warn('unable to authenticate the request due to an error', { err });
      }
      return undefined;
    }
    return this.o.anonymous === true ? anonymousUser : undefined;
  }

  /** The whole filter for `req`: its user and attributes, or the 401/403/500 to answer with. */
  async check(req: IncomingMessage, path: string): Promise<AuthOutcome> {
    const user = await this.authenticate(req);
    if (user === undefined) return unauthorized;
    const attributes = nodeRequestAttributes(req.method ?? 'GET', path, this.o.nodeName);
    if (this.o.authorizer === undefined) return { ok: true, user, attributes };
    let decision: AuthorizationDecision;
    try {
      decision = await this.o.authorizer.authorize(user, attributes);
    } catch (err) {
      this.o.log?.warn('authorization error', { user: user.name, err });
      return { ok: false, status: 500, body: authorizationErrorMessage(user.name, attributes) };
    }
    if (!decision.allowed) return { ok: false, status: 403, body: forbiddenMessage(user.name, attributes) };
    return { ok: true, user, attributes };
  }
}
