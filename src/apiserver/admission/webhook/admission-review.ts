// The AdmissionReview a webhook receives and the checks its answer must pass (upstream's
// CreateV1AdmissionReview and VerifyAdmissionResponse). admission.k8s.io/v1 is preferred; a webhook
// that lists only v1beta1 gets the same request under that apiVersion.

import { randomUUID } from 'node:crypto';
import { isPlainObject, type KubeObject } from '../../../api/object.js';
import { goQuote, type Status } from '../../../machinery/errors/index.js';
import type { WebhookInvocation } from './webhook-invocation.js';
import type { WebhookRequest } from './webhook-request.js';

const supportedVersions = ['v1', 'v1beta1'];

/** A request ready to send: its uid, the review version chosen, and the body. */
export interface AdmissionReviewRequest {
  readonly uid: string;
  readonly version: 'v1' | 'v1beta1';
  readonly body: Record<string, unknown>;
}

/** What a webhook answered, once verified. */
export interface AdmissionResponse {
  readonly allowed: boolean;
  readonly status: Partial<Status> | undefined;
  /** The decoded JSON patch text (mutating webhooks only). */
  readonly patch: string | undefined;
  readonly patchType: string | undefined;
  readonly warnings: readonly string[];
  readonly auditAnnotations: Readonly<Record<string, string>>;
}

/** The first AdmissionReview version the webhook lists that this server speaks, or undefined. */
export function reviewVersionFor(versions: readonly string[]): 'v1' | 'v1beta1' | undefined {
  return versions.find((v) => supportedVersions.includes(v)) as 'v1' | 'v1beta1' | undefined;
}

/** The objects as the webhook's version shows them (already converted by the caller). */
export interface ReviewObjects {
  readonly object: KubeObject | undefined;
  readonly oldObject: KubeObject | undefined;
}

/** Builds the AdmissionReview for one call. */
export function admissionReviewRequest(
  version: 'v1' | 'v1beta1',
  invocation: WebhookInvocation,
  req: WebhookRequest,
  objects: ReviewObjects,
): AdmissionReviewRequest {
  const uid = randomUUID();
  const requestKind = req.type.subresources.find((s) => s.name === req.subresource)?.kind ?? req.type;
  const user = req.user;
  const request: Record<string, unknown> = {
    uid,
    kind: { ...invocation.kind },
    resource: { ...invocation.resource },
    ...(invocation.subresource !== '' && { subResource: invocation.subresource }),
    requestKind: { group: requestKind.group, version: requestKind.version, kind: requestKind.kind },
    requestResource: { group: req.type.group, version: req.type.version, resource: req.type.resource },
    ...(req.subresource !== '' && { requestSubResource: req.subresource }),
    ...(req.name !== '' && { name: req.name }),
    ...(req.namespace !== '' && { namespace: req.namespace }),
    operation: req.operation,
    userInfo: {
      username: user.name,
      ...(user.uid ? { uid: user.uid } : {}),
      ...(user.groups.length > 0 ? { groups: [...user.groups] } : {}),
      ...(user.extra && Object.keys(user.extra).length > 0 ? { extra: user.extra } : {}),
    },
    object: objects.object ?? null,
    oldObject: objects.oldObject ?? null,
    dryRun: req.dryRun,
    options: req.options ?? null,
  };
  return {
    uid,
    version,
    body: { kind: 'AdmissionReview', apiVersion: `admission.k8s.io/${version}`, request },
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringMap(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A response that cannot be used; the message is upstream's reason. */
class InvalidResponse extends Error {}

/**
 * Checks a decoded response body against the request (uid, kind, patch fields) and returns what
 * it says; throws an Error with upstream's reason when it is invalid.
 */
export function verifyAdmissionResponse(
  request: AdmissionReviewRequest,
  mutating: boolean,
  body: unknown,
): AdmissionResponse {
  const review = isPlainObject(body) ? body : {};
  const response = review['response'];
  if (!isPlainObject(response)) throw new InvalidResponse('webhook response was absent');
  if (request.version === 'v1') {
    const uid = typeof response['uid'] === 'string' ? response['uid'] : '';
    if (uid !== request.uid) {
      throw new InvalidResponse(`expected response.uid=${goQuote(request.uid)}, got ${goQuote(uid)}`);
    }
    const apiVersion = typeof review['apiVersion'] === 'string' ? review['apiVersion'] : '';
    const kind = typeof review['kind'] === 'string' ? review['kind'] : '';
    if (apiVersion !== 'admission.k8s.io/v1' || kind !== 'AdmissionReview') {
      throw new InvalidResponse(
        `expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${gvkString(apiVersion, kind)}`,
      );
    }
  }
  const patchBase64 = typeof response['patch'] === 'string' ? response['patch'] : '';
  const patchType = typeof response['patchType'] === 'string' ? response['patchType'] : '';
  if (mutating && patchBase64 !== '' && patchType === '') {
    throw new InvalidResponse('webhook returned response.patch but not response.patchType');
  }
  if (mutating && patchType !== '' && patchBase64 === '') {
    throw new InvalidResponse('webhook returned response.patchType but not response.patch');
  }
  if (!mutating && patchBase64 !== '')
    throw new InvalidResponse('validating webhook may not return response.patch');
  if (!mutating && patchType !== '') {
    throw new InvalidResponse('validating webhook may not return response.patchType');
  }
  const status = isPlainObject(response['status']) ? (response['status'] as Partial<Status>) : undefined;
  return {
    allowed: response['allowed'] === true,
    status,
    patch: patchBase64 === '' ? undefined : Buffer.from(patchBase64, 'base64').toString('utf8'),
    patchType: patchType === '' ? undefined : patchType,
    warnings: strings(response['warnings']),
    auditAnnotations: stringMap(response['auditAnnotations']),
  };
}

/** schema.GroupVersionKind's String(): "group/version, Kind=kind" ("/, Kind=" when empty). */
function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${kind}`;
}
