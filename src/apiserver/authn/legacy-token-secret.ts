// What upstream's legacy token controller does to a Secret of type
// kubernetes.io/service-account-token that names a ServiceAccount: fills data.token (a legacy JWT),
// data.ca.crt and data.namespace, and records the account's UID. Exposed as a pure function so the
// serviceaccount-token controller (or a Secret create hook) can call it.

import type { KubeObject } from '../../api/object.js';
import { legacyTokenClaims } from './service-account-claims.js';
import type { ServiceAccountTokenSigner } from './service-account-token-signer.js';

/** The Secret type of legacy service account tokens. */
export const SERVICE_ACCOUNT_TOKEN_SECRET_TYPE = 'kubernetes.io/service-account-token';
/** The annotation naming the ServiceAccount. */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** The annotation holding the ServiceAccount's UID. */
export const SERVICE_ACCOUNT_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

/** True when the Secret is a token Secret for this ServiceAccount (name, and UID when recorded). */
export function isServiceAccountTokenSecret(secret: KubeObject, serviceAccount: KubeObject): boolean {
  if ((secret as { type?: string }).type !== SERVICE_ACCOUNT_TOKEN_SECRET_TYPE) return false;
  const ann = secret.metadata?.annotations ?? {};
  if (ann[SERVICE_ACCOUNT_NAME_ANNOTATION] !== serviceAccount.metadata?.name) return false;
  const uid = ann[SERVICE_ACCOUNT_UID_ANNOTATION];
  return !uid || uid === serviceAccount.metadata?.uid;
}

/** True when the Secret still lacks token, ca.crt or namespace. */
export function needsLegacyTokenData(secret: KubeObject, caCertPem: string): boolean {
  const data = (secret as { data?: Record<string, string> }).data ?? {};
  const ns = secret.metadata?.namespace ?? '';
  return (
    !data.token ||
    data['ca.crt'] !== Buffer.from(caCertPem).toString('base64') ||
    data.namespace !== Buffer.from(ns).toString('base64')
  );
}

/**
 * Returns a copy of the token Secret with data.token, data["ca.crt"], data.namespace and the UID
 * annotation filled in (an existing token is kept); the caller writes it back with an update.
 */
export async function populateLegacyTokenSecret(options: {
  secret: KubeObject;
  serviceAccount: KubeObject;
  signer: ServiceAccountTokenSigner;
  caCertPem: string;
}): Promise<KubeObject> {
  const { secret, serviceAccount } = options;
  const out = structuredClone(secret) as KubeObject & { data?: Record<string, string> };
  const data = { ...(out.data ?? {}) };
  if (!data.token) {
    const token = await options.signer.sign(legacyTokenClaims(serviceAccount, secret));
    data.token = Buffer.from(token).toString('base64');
  }
  data['ca.crt'] = Buffer.from(options.caCertPem).toString('base64');
  data.namespace = Buffer.from(secret.metadata?.namespace ?? '').toString('base64');
  out.data = data;
  out.metadata = {
    ...out.metadata,
    annotations: {
      ...out.metadata?.annotations,
      [SERVICE_ACCOUNT_UID_ANNOTATION]: serviceAccount.metadata?.uid ?? '',
    },
  };
  return out;
}
