import type { KubeObject } from '../../../api/object.js';
import type { ResourceType } from '../../../api/scheme/resource-type.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';
import type { UserInfo } from '../../http/api-request.js';
import { admissionRequestOptions } from './request-options.js';

/**
 * One admission request as the webhook dispatchers see it (upstream's admission.Attributes):
 * objects in their storage form, the request's own served type, and who asked.
 */
export interface WebhookRequest {
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  /** The resource as the client addressed it (group, version, resource, kind). */
  readonly type: ResourceType;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly dryRun: boolean;
  readonly user: UserInfo;
  /** The CreateOptions/UpdateOptions/DeleteOptions of the request, as AdmissionReview carries them. */
  readonly options: KubeObject | undefined;
  /** The new object (absent for DELETE); mutating webhooks patch it in place. */
  readonly object: KubeObject | undefined;
  readonly oldObject: KubeObject | undefined;
}

/** Builds the dispatchers' view of an admission call; DELETE has no new object, only the old one. */
export function webhookRequestFrom(
  attrs: AdmissionAttributes,
  object: KubeObject | undefined,
  old: KubeObject | undefined,
): WebhookRequest {
  const deleting = attrs.operation === 'DELETE';
  // Validation runs after a generated name is set; upstream admits with it from then on.
  const name = attrs.name !== '' ? attrs.name : deleting ? '' : (object?.metadata?.name ?? '');
  return {
    operation: attrs.operation,
    type: attrs.resource.type,
    subresource: attrs.subresource,
    namespace: attrs.namespace,
    name,
    dryRun: attrs.dryRun,
    user: attrs.areq.user,
    options: admissionRequestOptions(attrs),
    object: deleting ? undefined : object,
    oldObject: old,
  };
}

/**
 * Webhooks never see requests for the webhook configurations themselves, so a broken webhook
 * cannot lock the cluster out of removing it.
 */
export function isExemptFromWebhooks(req: WebhookRequest): boolean {
  return (
    req.type.group === 'admissionregistration.k8s.io' &&
    (req.type.kind === 'ValidatingWebhookConfiguration' || req.type.kind === 'MutatingWebhookConfiguration')
  );
}
