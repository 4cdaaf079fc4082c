// Bootstrap tokens (k8s.io/cluster-bootstrap): `<id>.<secret>`, stored as the Secret
// kube-system/bootstrap-token-<id> of type bootstrap.kubernetes.io/token. The same rules serve the
// apiserver's authenticator, the bootstrapsigner and tokencleaner controllers, the server that
// creates the default join token, and the agent that joins with it.
import { randomInt } from 'node:crypto';
import type { KubeObject } from '../object.js';

/** The Secret type of bootstrap tokens. */
export const BOOTSTRAP_TOKEN_SECRET_TYPE = 'bootstrap.kubernetes.io/token';
/** The Secret name prefix; the token id follows it. */
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';
/** The namespace bootstrap token Secrets live in. */
export const BOOTSTRAP_TOKEN_NAMESPACE = 'kube-system';
/** The user name prefix of bootstrap tokens; the token id follows it. */
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
/** The group every bootstrap token is in. */
export const BOOTSTRAP_DEFAULT_GROUP = 'system:bootstrappers';

/** The data keys of a bootstrap token Secret. */
export const bootstrapTokenKeys = {
  id: 'token-id',
  secret: 'token-secret',
  expiration: 'expiration',
  description: 'description',
  extraGroups: 'auth-extra-groups',
  usageAuthentication: 'usage-bootstrap-authentication',
  usageSigning: 'usage-bootstrap-signing',
} as const;

/** A token split into its public id and its secret. */
export interface BootstrapToken {
  readonly id: string;
  readonly secret: string;
}

const tokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const tokenAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Splits `<id>.<secret>` into its parts; undefined when the text is not a bootstrap token. */
export function parseBootstrapToken(token: string): BootstrapToken | undefined {
  const m = tokenPattern.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** The token as users pass it: `<id>.<secret>`. */
export function formatBootstrapToken(token: BootstrapToken): string {
  return `${token.id}.${token.secret}`;
}

function randomText(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += tokenAlphabet[randomInt(tokenAlphabet.length)];
  return out;
}

/** A fresh random token (6 + 16 characters of [a-z0-9], from a CSPRNG). */
export function generateBootstrapToken(): BootstrapToken {
  return { id: randomText(6), secret: randomText(16) };
}

/** What a bootstrap token Secret says besides the token itself. */
export interface BootstrapTokenSecretOptions {
  readonly token: BootstrapToken;
  readonly description?: string;
  /** Groups beyond system:bootstrappers (each must start with system:bootstrappers:). */
  readonly extraGroups?: readonly string[];
  /** The token's uses: "authentication" (bearer token) and/or "signing" (cluster-info). */
  readonly usages: readonly ('authentication' | 'signing')[];
  /** When the token stops working (RFC 3339); never when absent. */
  readonly expiration?: string;
}

/** The Secret that holds a bootstrap token, as kubeadm writes it (stringData-free, base64 data). */
export function bootstrapTokenSecret(options: BootstrapTokenSecretOptions): KubeObject {
  const k = bootstrapTokenKeys;
  const plain: Record<string, string> = {
    [k.id]: options.token.id,
    [k.secret]: options.token.secret,
  };
  if (options.description) plain[k.description] = options.description;
  if (options.expiration) plain[k.expiration] = options.expiration;
  if (options.usages.includes('authentication')) plain[k.usageAuthentication] = 'true';
  if (options.usages.includes('signing')) plain[k.usageSigning] = 'true';
  if (options.extraGroups?.length) plain[k.extraGroups] = options.extraGroups.join(',');
  const data = Object.fromEntries(
    Object.entries(plain).map(([key, v]) => [key, Buffer.from(v, 'utf8').toString('base64')]),
  );
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${options.token.id}`,
      namespace: BOOTSTRAP_TOKEN_NAMESPACE,
    },
    type: BOOTSTRAP_TOKEN_SECRET_TYPE,
    data,
  };
}

/** One data value of a Secret, decoded ('' when absent). */
export function secretDataValue(secret: KubeObject, key: string): string {
  const data = (secret as { data?: Record<string, string> }).data ?? {};
  const v = data[key];
  return v === undefined ? '' : Buffer.from(v, 'base64').toString('utf8');
}

/** Whether a token Secret expired at `nowMs`, and otherwise how long it has left (undefined: forever). */
export interface BootstrapTokenExpiry {
  readonly expired: boolean;
  readonly remainingMs?: number;
}

/** The Secret's expiration judged at `nowMs`; an unparseable expiration counts as expired, as upstream. */
export function bootstrapTokenExpiry(secret: KubeObject, nowMs: number): BootstrapTokenExpiry {
  const text = secretDataValue(secret, bootstrapTokenKeys.expiration);
  if (text === '') return { expired: false };
  const at = Date.parse(text);
  if (Number.isNaN(at) || at <= nowMs) return { expired: true };
  return { expired: false, remainingMs: at - nowMs };
}

/**
 * The token a Secret holds when it may sign cluster-info (upstream's validateSecretForSigning):
 * a well-formed id and secret matching the Secret's name, usage-bootstrap-signing "true", not
 * expired, not being deleted. Undefined otherwise.
 */
export function signingTokenOf(secret: KubeObject, nowMs: number): BootstrapToken | undefined {
  if ((secret as { type?: string }).type !== BOOTSTRAP_TOKEN_SECRET_TYPE) return undefined;
  if (secret.metadata?.deletionTimestamp) return undefined;
  const token = parseBootstrapToken(
    `${secretDataValue(secret, bootstrapTokenKeys.id)}.${secretDataValue(secret, bootstrapTokenKeys.secret)}`,
  );
  if (token === undefined) return undefined;
  if (secret.metadata?.name !== `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${token.id}`) return undefined;
  if (secretDataValue(secret, bootstrapTokenKeys.usageSigning) !== 'true') return undefined;
  if (bootstrapTokenExpiry(secret, nowMs).expired) return undefined;
  return token;
}
