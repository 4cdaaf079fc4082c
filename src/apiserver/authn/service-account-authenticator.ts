// Verifies service account JWTs (bound tokens from TokenRequest, and legacy tokens from token
// Secrets) the way upstream's JWTTokenAuthenticator and its validators do, messages included.

import { timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { KubeObject } from '../../api/object.js';
import type { UserInfo } from '../http/api-request.js';
import { keyIdFor } from './service-account-key.js';
import { LEGACY_ISSUER, type KubernetesClaim } from './service-account-claims.js';
import type { ServiceAccountTokenLookups } from './service-account-lookups.js';
import {
  EXTRA_CREDENTIAL_ID,
  EXTRA_NODE_NAME,
  EXTRA_NODE_UID,
  EXTRA_POD_NAME,
  EXTRA_POD_UID,
  serviceAccountGroups,
  serviceAccountUsername,
} from './service-account-names.js';
import { TokenError, type TokenAuthenticator, type TokenAuthSuccess } from './token-authenticator.js';

const verifiedCapacity = 4096;

/** go-jose's default clock skew allowance, which upstream's validation inherits. */
export const JWT_LEEWAY_SECONDS = 60;

/** Audit annotation upstream adds when a legacy token is used. */
export const LEGACY_TOKEN_ANNOTATION = 'authentication.k8s.io/legacy-token';
/** Audit annotation upstream adds when an extended token is used after its warn-after time. */
export const STALE_TOKEN_ANNOTATION = 'authentication.k8s.io/stale-token';
/** The label upstream puts on token Secrets it has invalidated. */
export const LEGACY_TOKEN_INVALID_SINCE_LABEL = 'kubernetes.io/legacy-token-invalid-since';

/** Settings of the service account token authenticator. */
export interface ServiceAccountAuthenticatorOptions {
  /** Accepted issuers of bound tokens (the first is the one k8ts signs with). */
  readonly issuers: readonly string[];
  /** Public keys that verify tokens (the current signing key first; old ones for rotation). */
  readonly publicKeys: readonly KeyObject[];
  /** --api-audiences: the audiences a token must share with the request (legacy tokens get these). */
  readonly apiAudiences: readonly string[];
  readonly lookups: ServiceAccountTokenLookups;
  /** Accept legacy Secret-based tokens (default true). */
  readonly legacyTokens?: boolean;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  /** Called when a legacy token authenticates (to maintain kubernetes.io/legacy-token-last-used). */
  readonly onLegacyTokenUsed?: (secret: KubeObject) => void;
}

interface Payload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  'kubernetes.io'?: Partial<KubernetesClaim>;
  [legacy: string]: unknown;
}

function goQuoteList(items: readonly string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(' ')}]`;
}

function deletedBefore(obj: KubeObject, limitMs: number): boolean {
  const ts = obj.metadata?.deletionTimestamp;
  return ts !== undefined && Date.parse(ts) < limitMs;
}

function unverifiedIssuer(token: string): string | undefined {
  if (token.trimStart().startsWith('{')) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

/** The user a service account token stands for, with upstream's extra keys. */
export function serviceAccountUser(info: {
  namespace: string;
  name: string;
  uid: string;
  podName?: string;
  podUid?: string;
  nodeName?: string;
  nodeUid?: string;
  credentialId?: string;
}): UserInfo {
  const extra: Record<string, string[]> = {};
  if (info.podName && info.podUid) {
    extra[EXTRA_POD_NAME] = [info.podName];
    extra[EXTRA_POD_UID] = [info.podUid];
  }
  if (info.credentialId) extra[EXTRA_CREDENTIAL_ID] = [info.credentialId];
  if (info.nodeName) {
    extra[EXTRA_NODE_NAME] = [info.nodeName];
    if (info.nodeUid) extra[EXTRA_NODE_UID] = [info.nodeUid];
  }
  return {
    name: serviceAccountUsername(info.namespace, info.name),
    uid: info.uid,
    groups: serviceAccountGroups(info.namespace),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/** Authenticates service account JWTs; see TokenAuthenticator for the contract. */
export class ServiceAccountAuthenticator implements TokenAuthenticator {
  private readonly keys: { kid: string; key: KeyObject }[];
  /**
   * Payloads of tokens whose signature checked out. A signature is a fact of the token and the
   * keys, so it is checked once per token rather than per request (components send the same token
   * with every request, and the RSA check was most of authentication); everything that can change
   * (expiry, audiences, the service account and bound objects still existing) is checked every time.
   */
  private readonly verified = new Map<string, Payload>();
  private readonly now: () => number;

  constructor(private readonly options: ServiceAccountAuthenticatorOptions) {
    this.keys = options.publicKeys.map((key) => ({ kid: keyIdFor(key), key }));
    this.now = options.now ?? Date.now;
  }

  async authenticate(token: string, audiences?: readonly string[]): Promise<TokenAuthSuccess | undefined> {
    const iss = unverifiedIssuer(token);
    const legacyAllowed = this.options.legacyTokens ?? true;
    if (
      iss === undefined ||
      !(this.options.issuers.includes(iss) || (legacyAllowed && iss === LEGACY_ISSUER))
    ) {
      return undefined;
    }
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return undefined;
    }
    const candidates = kid ? this.keys.filter((k) => k.kid === kid) : this.keys;
    if (candidates.length === 0) throw new TokenError('invalid signature, no keys found');
    let payload: Payload | undefined = this.verified.get(token);
    const errors: string[] = [];
    for (const { key } of payload === undefined ? candidates : []) {
      try {
        const { payload: bytes, protectedHeader } = await compactVerify(token, key, {
          algorithms: ['RS256', 'ES256', 'ES384', 'ES512'],
        });
        void protectedHeader;
        payload = JSON.parse(new TextDecoder().decode(bytes)) as Payload;
        if (this.verified.size >= verifiedCapacity) this.verified.clear();
        this.verified.set(token, payload);
        break;
      } catch {
        errors.push('crypto/rsa: verification error');
      }
    }
    if (!payload) throw new TokenError(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
    if (payload.iss !== iss) throw new TokenError(`token issuer "${payload.iss}" is invalid`);

    const implicit = this.options.apiAudiences;
    const tokenAuds =
      payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    const annotations: Record<string, string> = {};
    let effective = tokenAuds;
    if (effective.length === 0) {
      // Only legacy tokens have no audience; they are good for the apiserver's own audiences.
      annotations[LEGACY_TOKEN_ANNOTATION] = payload.sub ?? '';
      effective = [...implicit];
    }
    const requested = audiences ?? implicit;
    const auds = effective.filter((a) => requested.includes(a));
    if (auds.length === 0 && implicit.length > 0) {
      throw new TokenError(
        `token audiences ${goQuoteList(effective)} is invalid for the target audiences ${goQuoteList(requested)}`,
      );
    }
    const user =
      iss === LEGACY_ISSUER
        ? await this.validateLegacy(token, payload)
        : await this.validateBound(payload, annotations);
    return {
      user,
      audiences: auds,
      ...(Object.keys(annotations).length ? { auditAnnotations: annotations } : {}),
    };
  }

  private async validateBound(p: Payload, annotations: Record<string, string>): Promise<UserInfo> {
    const nowMs = this.now();
    const now = Math.floor(nowMs / 1000);
    if (p.nbf !== undefined && now + JWT_LEEWAY_SECONDS < p.nbf)
      throw new TokenError('service account token is not valid yet');
    if (p.exp !== undefined && now - JWT_LEEWAY_SECONDS > p.exp)
      throw new TokenError('service account token has expired');
    if (p.iat !== undefined && now + JWT_LEEWAY_SECONDS < p.iat) {
      throw new TokenError(
        'service account token claims could not be validated: go-jose/go-jose/jwt: validation field, token issued in the future (iat)',
      );
    }
    const k = p['kubernetes.io'];
    if (!k || !k.serviceaccount)
      throw new TokenError(
        'service account token claims could not be validated due to unexpected private claim',
      );
    const limit = nowMs - JWT_LEEWAY_SECONDS * 1000;
    const namespace = k.namespace ?? '';
    const saRef = k.serviceaccount;
    const sa = await this.options.lookups.getServiceAccount(namespace, saRef.name);
    if (!sa) throw new TokenError(`serviceaccounts "${saRef.name}" not found`);
    if (deletedBefore(sa, limit))
      throw new TokenError(`service account ${namespace}/${saRef.name} has been deleted`);
    if (sa.metadata?.uid !== saRef.uid) {
      throw new TokenError(
        `service account UID (${sa.metadata?.uid ?? ''}) does not match claim (${saRef.uid})`,
      );
    }
    if (k.secret) {
      const secret = await this.options.lookups.getSecret(namespace, k.secret.name);
      if (!secret || deletedBefore(secret, limit))
        throw new TokenError('service account token has been invalidated');
      if (secret.metadata?.uid !== k.secret.uid) {
        throw new TokenError(
          `secret UID (${secret.metadata?.uid ?? ''}) does not match service account secret ref claim (${k.secret.uid})`,
        );
      }
    }
    if (k.pod) {
      const pod = await this.options.lookups.getPod(namespace, k.pod.name);
      if (!pod || deletedBefore(pod, limit))
        throw new TokenError('service account token has been invalidated');
      if (pod.metadata?.uid !== k.pod.uid) {
        throw new TokenError(
          `pod UID (${pod.metadata?.uid ?? ''}) does not match service account pod ref claim (${k.pod.uid})`,
        );
      }
    } else if (k.node) {
      // A token bound to the Node itself dies with it.
      const node = await this.options.lookups.getNode(k.node.name);
      if (!node || deletedBefore(node, limit))
        throw new TokenError('service account token has been invalidated');
      if (node.metadata?.uid !== k.node.uid) {
        throw new TokenError(
          `node UID (${node.metadata?.uid ?? ''}) does not match service account node ref claim (${k.node.uid})`,
        );
      }
    }
    if (k.warnafter && now > k.warnafter) {
      annotations[STALE_TOKEN_ANNOTATION] =
        `subject: ${p.sub ?? ''}, seconds after warning threshold: ${now - k.warnafter}`;
    }
    return serviceAccountUser({
      namespace,
      name: saRef.name,
      uid: saRef.uid,
      ...(k.pod ? { podName: k.pod.name, podUid: k.pod.uid } : {}),
      ...(k.node ? { nodeName: k.node.name, nodeUid: k.node.uid } : {}),
      ...(p.jti ? { credentialId: `JTI=${p.jti}` } : {}),
    });
  }

  private async validateLegacy(token: string, p: Payload): Promise<UserInfo> {
    const namespace = p['kubernetes.io/serviceaccount/namespace'];
    const saName = p['kubernetes.io/serviceaccount/service-account.name'];
    const saUid = p['kubernetes.io/serviceaccount/service-account.uid'];
    const secretName = p['kubernetes.io/serviceaccount/secret.name'];
    if (typeof namespace !== 'string' || namespace === '') throw new TokenError('namespace claim is missing');
    if (typeof secretName !== 'string' || secretName === '')
      throw new TokenError('secretName claim is missing');
    if (typeof saName !== 'string' || saName === '')
      throw new TokenError('serviceAccountName claim is missing');
    if (typeof saUid !== 'string' || saUid === '') throw new TokenError('serviceAccountUID claim is missing');
    const secret = await this.options.lookups.getSecret(namespace, secretName);
    if (!secret || secret.metadata?.deletionTimestamp)
      throw new TokenError('service account token has been invalidated');
    if (secret.metadata?.labels?.[LEGACY_TOKEN_INVALID_SINCE_LABEL]) {
      throw new TokenError('service account token has been invalidated');
    }
    const stored = Buffer.from(
      String((secret as { data?: Record<string, string> }).data?.token ?? ''),
      'base64',
    );
    const given = Buffer.from(token, 'utf8');
    if (stored.length !== given.length || !timingSafeEqual(stored, given)) {
      throw new TokenError('service account token does not match secret');
    }
    const sa = await this.options.lookups.getServiceAccount(namespace, saName);
    if (!sa) throw new TokenError(`serviceaccounts "${saName}" not found`);
    if (sa.metadata?.deletionTimestamp)
      throw new TokenError(`service account ${namespace}/${saName} has been deleted`);
    if (sa.metadata?.uid !== saUid) {
      throw new TokenError(`service account UID (${sa.metadata?.uid ?? ''}) does not match claim (${saUid})`);
    }
    this.options.onLegacyTokenUsed?.(secret);
    return serviceAccountUser({ namespace, name: saName, uid: saUid });
  }
}
