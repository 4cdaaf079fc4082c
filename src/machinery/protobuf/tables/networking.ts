// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** networking.k8s.io/v1 (k8s.io/api/networking/v1). */
export const networkingV1: MessagePackage = {
  id: 'networkingv1',
  apiVersion: 'networking.k8s.io/v1',
  kinds: ['IngressClass', 'Ingress', 'NetworkPolicy'],
  messages: {
    IngressClass: '1:metadata:metav1.ObjectMeta 2:spec:IngressClassSpec',
    IngressClassSpec: '1:controller 2:parameters:IngressClassParametersReference',
    IngressClassParametersReference: '1:apiGroup! 2:kind! 3:name! 4:scope! 5:namespace!',
    Ingress: '1:metadata:metav1.ObjectMeta 2:spec:IngressSpec 3:status:IngressStatus',
    IngressSpec:
      '4:ingressClassName! 1:defaultBackend:IngressBackend 2:tls:IngressTLS[] 3:rules:IngressRule[]',
    IngressBackend: '4:service:IngressServiceBackend 3:resource:corev1.TypedLocalObjectReference',
    IngressServiceBackend: '1:name! 2:port:ServiceBackendPort',
    ServiceBackendPort: '1:name 2:number:int32',
    IngressTLS: '1:hosts[] 2:secretName',
    IngressRule: '1:host 2:ingressRuleValue:IngressRuleValue^',
    IngressRuleValue: '1:http:HTTPIngressRuleValue',
    HTTPIngressRuleValue: '1:paths:HTTPIngressPath[]',
    HTTPIngressPath: '1:path 3:pathType! 2:backend:IngressBackend',
    IngressStatus: '1:loadBalancer:IngressLoadBalancerStatus',
    IngressLoadBalancerStatus: '1:ingress:IngressLoadBalancerIngress[]',
    IngressLoadBalancerIngress: '1:ip 2:hostname 4:ports:IngressPortStatus[]',
    IngressPortStatus: '1:port:int32! 2:protocol! 3:error!',
    NetworkPolicy: '1:metadata:metav1.ObjectMeta 2:spec:NetworkPolicySpec',
    NetworkPolicySpec: `1:podSelector:metav1.LabelSelector 2:ingress:NetworkPolicyIngressRule[]
      3:egress:NetworkPolicyEgressRule[] 4:policyTypes[]`,
    NetworkPolicyIngressRule: '1:ports:NetworkPolicyPort[] 2:from:NetworkPolicyPeer[]',
    NetworkPolicyPort: '1:protocol! 2:port:intstr 3:endPort:int32!',
    NetworkPolicyPeer:
      '1:podSelector:metav1.LabelSelector 2:namespaceSelector:metav1.LabelSelector 3:ipBlock:IPBlock',
    IPBlock: '1:cidr! 2:except[]',
    NetworkPolicyEgressRule: '1:ports:NetworkPolicyPort[] 2:to:NetworkPolicyPeer[]',
  },
};
