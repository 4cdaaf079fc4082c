import type { IngressClass, NetworkPolicy, NetworkPolicyPort } from 'kubernetes-types/networking/v1.js';
import type { KubeObject } from '../object.js';
import { ensureStruct, hasItems, struct, structs, view } from './fields.js';

function defaultPorts(ports: NetworkPolicyPort[] | undefined): void {
  for (const port of structs(ports)) port.protocol ??= 'TCP';
}

/**
 * NetworkPolicy (networking.k8s.io/v1): a policy without policyTypes is an Ingress policy, and an
 * Egress one too when it has egress rules; ports default to TCP. The pod selector is a non-pointer
 * struct, so upstream always shows it (`podSelector: {}` selects every pod).
 */
export function defaultNetworkPolicy(object: KubeObject): void {
  const spec = ensureStruct(view<NetworkPolicy>(object), 'spec');
  if (!spec) return;
  ensureStruct(spec, 'podSelector');
  if (!hasItems(spec.policyTypes))
    spec.policyTypes = hasItems(spec.egress) ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const rule of structs(spec.ingress)) defaultPorts(rule.ports);
  for (const rule of structs(spec.egress)) defaultPorts(rule.ports);
}

/** IngressClass (networking.k8s.io/v1): parameters are cluster-scoped unless told otherwise. */
export function defaultIngressClass(object: KubeObject): void {
  const parameters = struct(struct(view<IngressClass>(object).spec)?.parameters);
  if (parameters) parameters.scope ??= 'Cluster';
}
