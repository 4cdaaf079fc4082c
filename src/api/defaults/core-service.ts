import type { Service } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../object.js';
import { ensureStruct, hasItems, struct, structs, view } from './fields.js';

/** ClientIP session affinity sticks for three hours unless told otherwise. */
const defaultAffinityTimeoutSeconds = 10800;

/** SetDefaults_Service (the IP family fields are the REST layer's: see defaultServiceIpFamilies). */
export function defaultService(object: KubeObject): void {
  const service = view<Service>(object);
  const spec = ensureStruct(service, 'spec');
  if (!spec) return;
  spec.sessionAffinity ||= 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const timeout = struct(struct(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds;
    if (timeout === undefined || timeout === null) {
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: defaultAffinityTimeoutSeconds } };
    }
  }
  spec.type ||= 'ClusterIP';
  for (const port of structs(spec.ports)) {
    port.protocol ||= 'TCP';
    // An absent, zero or empty targetPort means "the same as port".
    if (
      port.targetPort === undefined ||
      port.targetPort === null ||
      port.targetPort === 0 ||
      port.targetPort === ''
    ) {
      port.targetPort = typeof port.port === 'number' ? port.port : 0;
    }
  }
  const type = spec.type;
  const externallyAccessible =
    type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && hasItems(spec.externalIPs));
  if (externallyAccessible) spec.externalTrafficPolicy ||= 'Cluster';
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer')
    spec.internalTrafficPolicy ??= 'Cluster';
  if (type === 'LoadBalancer') {
    spec.allocateLoadBalancerNodePorts ??= true;
    const ingresses = structs(struct(struct(service.status)?.loadBalancer)?.ingress);
    for (const ingress of ingresses) if (ingress.ip) ingress.ipMode ??= 'VIP';
  }
}
