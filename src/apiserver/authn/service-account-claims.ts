// The JWT claims of service account tokens, as upstream's pkg/serviceaccount builds them. go-jose
// merges claims into a map before encoding, so the payload's keys come out sorted; we keep that.

import type { KubeObject } from '../../api/object.js';
import { serviceAccountUsername } from './service-account-names.js';

/** The issuer of k8ts' bound tokens (the apiserver's default --service-account-issuer). */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** The issuer of legacy Secret-based tokens. */
export const LEGACY_ISSUER = 'kubernetes/serviceaccount';
/** The expiration the ServiceAccount admission plugin asks for; it triggers the 1-year extension. */
export const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 3607;
/** How long such tokens really live (upstream's ExpirationExtensionSeconds). */
export const EXPIRATION_EXTENSION_SECONDS = 365 * 24 * 3600;

/** A name and UID, as the `kubernetes.io` claim references objects. */
export interface ClaimRef {
  readonly name: string;
  readonly uid: string;
}

/** The private `kubernetes.io` claim of a bound token. */
export interface KubernetesClaim {
  readonly namespace: string;
  readonly node?: ClaimRef;
  readonly pod?: ClaimRef;
  readonly secret?: ClaimRef;
  readonly serviceaccount: ClaimRef;
  /** NumericDate after which using the token is only logged as stale (extended tokens). */
  readonly warnafter?: number;
}

/** The payload of a bound token. */
export interface BoundTokenClaims {
  readonly aud: readonly string[];
  readonly exp: number;
  readonly iat: number;
  readonly iss: string;
  readonly jti: string;
  readonly 'kubernetes.io': KubernetesClaim;
  readonly nbf: number;
  readonly sub: string;
}

/** The payload of a legacy (Secret-based) token. */
export interface LegacyTokenClaims {
  readonly iss: string;
  readonly 'kubernetes.io/serviceaccount/namespace': string;
  readonly 'kubernetes.io/serviceaccount/secret.name': string;
  readonly 'kubernetes.io/serviceaccount/service-account.name': string;
  readonly 'kubernetes.io/serviceaccount/service-account.uid': string;
  readonly sub: string;
}

function ref(o: KubeObject): ClaimRef {
  return { name: o.metadata?.name ?? '', uid: o.metadata?.uid ?? '' };
}

/** Inputs of boundTokenClaims. */
export interface BoundClaimsInput {
  readonly issuer: string;
  readonly serviceAccount: KubeObject;
  /** At most one of pod, secret, node-only binding; a pod may carry its node. */
  readonly pod?: KubeObject;
  readonly secret?: KubeObject;
  readonly node?: KubeObject;
  readonly expirationSeconds: number;
  /** Seconds after which use is only warned about (0: none). */
  readonly warnAfterSeconds?: number;
  readonly audiences: readonly string[];
  /** Seconds since the epoch. */
  readonly now: number;
  readonly jti: string;
}

/** Builds a bound token's claims exactly as upstream's serviceaccount.Claims. */
export function boundTokenClaims(input: BoundClaimsInput): BoundTokenClaims {
  const sa = input.serviceAccount;
  const namespace = sa.metadata?.namespace ?? '';
  let k8s: KubernetesClaim = { namespace, serviceaccount: ref(sa) };
  if (input.pod) {
    // A pod-bound token also names the node the pod runs on (name only if the Node is gone).
    k8s = {
      namespace,
      ...(input.node ? { node: ref(input.node) } : {}),
      pod: ref(input.pod),
      serviceaccount: ref(sa),
    };
  } else if (input.secret) {
    k8s = { namespace, secret: ref(input.secret), serviceaccount: ref(sa) };
  } else if (input.node) {
    k8s = { namespace, node: ref(input.node), serviceaccount: ref(sa) };
  }
  if (input.warnAfterSeconds) k8s = { ...k8s, warnafter: input.now + input.warnAfterSeconds };
  return {
    aud: [...input.audiences],
    exp: input.now + input.expirationSeconds,
    iat: input.now,
    iss: input.issuer,
    jti: input.jti,
    'kubernetes.io': k8s,
    nbf: input.now,
    sub: serviceAccountUsername(namespace, sa.metadata?.name ?? ''),
  };
}

/** Builds a legacy token's claims (what the token controller puts in a token Secret). */
export function legacyTokenClaims(serviceAccount: KubeObject, secret: KubeObject): LegacyTokenClaims {
  const namespace = serviceAccount.metadata?.namespace ?? '';
  return {
    iss: LEGACY_ISSUER,
    'kubernetes.io/serviceaccount/namespace': namespace,
    'kubernetes.io/serviceaccount/secret.name': secret.metadata?.name ?? '',
    'kubernetes.io/serviceaccount/service-account.name': serviceAccount.metadata?.name ?? '',
    'kubernetes.io/serviceaccount/service-account.uid': serviceAccount.metadata?.uid ?? '',
    sub: serviceAccountUsername(namespace, serviceAccount.metadata?.name ?? ''),
  };
}
