// The serviceaccounts/token subresource (TokenRequest), as upstream's TokenREST.Create: checks the
// request, resolves the bound object, signs a token and fills in the status.

import { randomUUID } from 'node:crypto';
import { parseApiVersion } from '../../api/scheme/resource-type.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import type { KubeObject } from '../../api/object.js';
import {
  badRequest,
  conflict,
  fieldInvalid,
  fieldPath,
  invalid,
  notFound,
  type FieldError,
} from '../../machinery/errors/index.js';
import {
  boundTokenClaims,
  EXPIRATION_EXTENSION_SECONDS,
  WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS,
} from './service-account-claims.js';
import type { ServiceAccountTokenLookups } from './service-account-lookups.js';
import type { ServiceAccountTokenSigner } from './service-account-token-signer.js';

/** The audit annotation naming the credential a TokenRequest issued. */
export const ISSUED_CREDENTIAL_ID_ANNOTATION = 'authentication.kubernetes.io/issued-credential-id';

/** Server-wide settings of token issuing (the apiserver's --service-account-* flags). */
export interface TokenIssuerConfig {
  readonly signer: ServiceAccountTokenSigner;
  readonly issuer: string;
  /** --api-audiences; defaults to the issuer. */
  readonly apiAudiences: readonly string[];
  /** --service-account-max-token-expiration in seconds (0: no limit). */
  readonly maxExpirationSeconds?: number;
  /** --service-account-extend-token-expiration (default true). */
  readonly extendExpiration?: boolean;
  readonly lookups: ServiceAccountTokenLookups;
}

/** One TokenRequest. */
export interface TokenRequestInput {
  readonly namespace: string;
  /** The ServiceAccount name from the URL. */
  readonly name: string;
  /** The decoded authentication.k8s.io/v1 TokenRequest body (defaults not yet applied). */
  readonly request: KubeObject;
  /** Milliseconds since the epoch. */
  readonly now: number;
}

/** The issued TokenRequest, plus what the handler should add to the response and the audit event. */
export interface TokenRequestResult {
  readonly tokenRequest: KubeObject;
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
}

const gk = { group: 'authentication.k8s.io', kind: 'TokenRequest' };

interface BoundRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
}

/** Static validation of a TokenRequest spec (expirationSeconds bounds), upstream's wording. */
export function validateTokenRequestSpec(expirationSeconds: number): FieldError[] {
  const errs: FieldError[] = [];
  const path = fieldPath('spec', 'expirationSeconds');
  if (expirationSeconds < 600)
    errs.push(fieldInvalid(path, expirationSeconds, 'may not specify a duration less than 10 minutes'));
  if (expirationSeconds > 2 ** 32)
    errs.push(fieldInvalid(path, expirationSeconds, 'may not specify a duration larger than 2^32 seconds'));
  return errs;
}

/** Creates the token for a TokenRequest, throwing upstream's StatusErrors. */
export async function issueTokenRequest(
  config: TokenIssuerConfig,
  input: TokenRequestInput,
): Promise<TokenRequestResult> {
  const req = structuredClone(input.request) as KubeObject & {
    spec?: { audiences?: string[] | null; expirationSeconds?: number; boundObjectRef?: BoundRef | null };
  };
  const meta = req.metadata ?? {};
  if (meta.name && meta.name !== input.name) {
    throw invalid(gk, input.name, [
      fieldInvalid(
        fieldPath('metadata', 'name'),
        meta.name,
        'must match the service account name if specified',
      ),
    ]);
  }
  if (meta.namespace && meta.namespace !== input.namespace) {
    throw invalid(gk, input.name, [
      fieldInvalid(
        fieldPath('metadata', 'namespace'),
        meta.namespace,
        'must match the service account namespace if specified',
      ),
    ]);
  }
  const sa = await config.lookups.getServiceAccount(input.namespace, input.name);
  if (!sa) throw notFound({ group: '', resource: 'serviceaccounts' }, input.name);

  const spec = { ...(req.spec ?? {}) };
  spec.expirationSeconds ??= 3600;
  if (!spec.audiences || spec.audiences.length === 0) spec.audiences = [...config.apiAudiences];
  const errs = validateTokenRequestSpec(spec.expirationSeconds);
  if (errs.length > 0) throw invalid(gk, input.name, errs);

  let pod: KubeObject | undefined;
  let secret: KubeObject | undefined;
  let node: KubeObject | undefined;
  const ref = spec.boundObjectRef;
  if (ref) {
    const gv = parseApiVersion(ref.apiVersion ?? '');
    let uid: string | undefined;
    if (gv.group === '' && ref.kind === 'Pod') {
      pod = await config.lookups.getPod(input.namespace, ref.name ?? '');
      if (!pod) throw notFound({ group: '', resource: 'pods' }, ref.name ?? '');
      const podSpec = (pod as { spec?: { serviceAccountName?: string; nodeName?: string } }).spec ?? {};
      if (input.name !== podSpec.serviceAccountName) {
        throw badRequest(
          `cannot bind token for serviceaccount "${input.name}" to pod running with different serviceaccount name.`,
        );
      }
      uid = pod.metadata?.uid;
      if (podSpec.nodeName) {
        // The node is named even when its object is gone, so a token still says where it ran.
        node = (await config.lookups.getNode(podSpec.nodeName)) ?? { metadata: { name: podSpec.nodeName } };
      }
    } else if (gv.group === '' && ref.kind === 'Secret') {
      secret = await config.lookups.getSecret(input.namespace, ref.name ?? '');
      if (!secret) throw notFound({ group: '', resource: 'secrets' }, ref.name ?? '');
      uid = secret.metadata?.uid;
    } else if (gv.group === '' && ref.kind === 'Node') {
      node = await config.lookups.getNode(ref.name ?? '');
      if (!node) throw notFound({ group: '', resource: 'nodes' }, ref.name ?? '');
      uid = node.metadata?.uid;
    } else {
      throw badRequest(
        `cannot bind token to object of type ${gvkString(gv.group, gv.version, ref.kind ?? '')}`,
      );
    }
    if (ref.uid && uid !== ref.uid) {
      throw conflict(
        { group: gv.group, resource: ref.kind ?? '' },
        ref.name ?? '',
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
  }

  const warnings: string[] = [];
  const max = config.maxExpirationSeconds ?? 0;
  if (max > 0 && spec.expirationSeconds > max) {
    warnings.push(`requested expiration of ${spec.expirationSeconds} seconds shortened to ${max} seconds`);
    spec.expirationSeconds = max;
  }
  // Kubelet-requested projected tokens (3607 s, API audience, pod-bound) really live a year but
  // warn after the requested time, as upstream's safe-rollout extension.
  let exp = spec.expirationSeconds;
  let warnAfter = 0;
  const kubeAudiences = spec.audiences.every((a) => config.apiAudiences.includes(a));
  if (
    (config.extendExpiration ?? true) &&
    pod &&
    spec.expirationSeconds === WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS &&
    kubeAudiences
  ) {
    warnAfter = exp;
    exp = max > 0 ? Math.max(max, EXPIRATION_EXTENSION_SECONDS) : EXPIRATION_EXTENSION_SECONDS;
  }

  const nowSeconds = Math.floor(input.now / 1000);
  const jti = randomUUID();
  const claims = boundTokenClaims({
    issuer: config.issuer,
    serviceAccount: sa,
    ...(pod ? { pod } : {}),
    ...(secret ? { secret } : {}),
    ...(node ? { node } : {}),
    expirationSeconds: exp,
    warnAfterSeconds: warnAfter,
    audiences: spec.audiences,
    now: nowSeconds,
    jti,
  });
  const token = await config.signer.sign(claims);
  const tokenRequest: KubeObject = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {
      ...meta,
      name: meta.name || input.name,
      namespace: meta.namespace || input.namespace,
      creationTimestamp: formatRfc3339(nowSeconds * 1000),
    },
    spec,
    status: {
      token,
      // The requested lifetime, even when the token itself was extended (as upstream reports it).
      expirationTimestamp: formatRfc3339((nowSeconds + spec.expirationSeconds) * 1000),
    },
  };
  return { tokenRequest, warnings, auditAnnotations: { [ISSUED_CREDENTIAL_ID_ANNOTATION]: `JTI=${jti}` } };
}

function gvkString(group: string, version: string, kind: string): string {
  // Go's GroupVersionKind.String(): "group/version, Kind=kind".
  return `${group}/${version}, Kind=${kind}`;
}
