// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

// Both webhook flavours share every field but reinvocationPolicy; their tags differ from 10 on.
const webhookHead = `1:name! 2:clientConfig:WebhookClientConfig 3:rules:RuleWithOperations[] 4:failurePolicy!
  9:matchPolicy! 5:namespaceSelector:metav1.LabelSelector`;

/** admissionregistration.k8s.io/v1 (k8s.io/api/admissionregistration/v1), the webhook kinds. */
export const admissionregistrationV1: MessagePackage = {
  id: 'admissionregistrationv1',
  apiVersion: 'admissionregistration.k8s.io/v1',
  kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
  messages: {
    MutatingWebhookConfiguration: '1:metadata:metav1.ObjectMeta 2:webhooks:MutatingWebhook[]',
    ValidatingWebhookConfiguration: '1:metadata:metav1.ObjectMeta 2:webhooks:ValidatingWebhook[]',
    MutatingWebhook: `${webhookHead} 11:objectSelector:metav1.LabelSelector 6:sideEffects!
      7:timeoutSeconds:int32! 8:admissionReviewVersions[] 10:reinvocationPolicy!
      12:matchConditions:MatchCondition[]`,
    ValidatingWebhook: `${webhookHead} 10:objectSelector:metav1.LabelSelector 6:sideEffects!
      7:timeoutSeconds:int32! 8:admissionReviewVersions[] 11:matchConditions:MatchCondition[]`,
    RuleWithOperations: '1:operations[] 2:rule:Rule^',
    Rule: '1:apiGroups[] 2:apiVersions[] 3:resources[] 4:scope!',
    WebhookClientConfig: '3:url! 1:service:ServiceReference 2:caBundle:bytes',
    ServiceReference: '1:namespace! 2:name! 3:path! 4:port:int32!',
    MatchCondition: '1:name! 2:expression!',
  },
};
