import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';

/** "namespace/name" of a Service, the way repair reports name owners. */
export function serviceOwner(service: KubeObject): string {
  return `${service.metadata?.namespace ?? ''}/${service.metadata?.name ?? ''}`;
}

/**
 * The ClusterIPs a Service holds in the allocator, each once: spec.clusterIPs (or spec.clusterIP
 * when that list is absent), none for an ExternalName Service, and never "" or "None" (headless).
 */
export function serviceClusterIps(service: KubeObject): string[] {
  const spec = isPlainObject(service.spec) ? service.spec : {};
  if (spec.type === 'ExternalName') return [];
  const listed = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  const ips = listed.length > 0 ? listed : [spec.clusterIP];
  const held = ips.filter((ip): ip is string => typeof ip === 'string' && ip !== '' && ip !== 'None');
  return [...new Set(held)];
}

/**
 * The node ports a Service holds, each once: every non-zero spec.ports[].nodePort (a port number
 * may appear for both TCP and UDP) and a non-zero spec.healthCheckNodePort.
 */
export function serviceNodePorts(service: KubeObject): number[] {
  const spec = isPlainObject(service.spec) ? service.spec : {};
  const ports = new Set<number>();
  for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
    if (isPlainObject(port) && isNodePort(port.nodePort)) ports.add(port.nodePort);
  }
  if (isNodePort(spec.healthCheckNodePort)) ports.add(spec.healthCheckNodePort);
  return [...ports];
}

function isNodePort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value !== 0;
}
