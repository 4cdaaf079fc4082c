import type {
  MutatingWebhook,
  MutatingWebhookConfiguration,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1.js';
import type { KubeObject } from '../object.js';
import { ensureStruct, struct, structs, view } from './fields.js';

/** The defaults both webhook flavours share (upstream's SetDefaults_ValidatingWebhook). */
function defaultWebhook(hook: ValidatingWebhook | MutatingWebhook): void {
  hook.failurePolicy ??= 'Fail';
  hook.matchPolicy ??= 'Equivalent';
  // Empty selectors match everything; upstream fills them so the stored object says so.
  ensureStruct(hook, 'namespaceSelector');
  ensureStruct(hook, 'objectSelector');
  hook.timeoutSeconds ??= 10;
  // kubernetes-types lacks the scope (and resources) of the Rule a RuleWithOperations embeds.
  for (const rule of structs(hook.rules as { scope?: string }[] | undefined)) rule.scope ??= '*';
  const service = struct(struct(hook.clientConfig)?.service);
  if (service) service.port ??= 443;
}

/**
 * ValidatingWebhookConfiguration (admissionregistration.k8s.io/v1): each webhook fails closed,
 * matches equivalent versions, selects every namespace and object, times out after 10 s; rules
 * cover every scope and service references use port 443. sideEffects and admissionReviewVersions
 * have no default in v1: validation requires them.
 */
export function defaultValidatingWebhookConfiguration(object: KubeObject): void {
  for (const hook of structs(view<ValidatingWebhookConfiguration>(object).webhooks)) defaultWebhook(hook);
}

/** MutatingWebhookConfiguration (admissionregistration.k8s.io/v1): as the validating kind, plus reinvocationPolicy Never. */
export function defaultMutatingWebhookConfiguration(object: KubeObject): void {
  for (const hook of structs(view<MutatingWebhookConfiguration>(object).webhooks)) {
    defaultWebhook(hook);
    hook.reinvocationPolicy ??= 'Never';
  }
}
