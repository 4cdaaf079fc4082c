// What one object charges against ResourceQuotas (upstream's quota evaluators): object counts
// under count/<resource>[.<group>] and the legacy names, and a pod's compute requests and limits.

import type { KubeObject } from '../../../api/object.js';
import { podResources, type PodSpecResources } from './pod-resources.js';
import { addQ, quantity, type Quantity } from './quantity-math.js';

const legacyCountNames: Readonly<Record<string, string>> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

const one = (): Quantity => quantity('1')!;

function add(m: Map<string, Quantity>, k: string, q: Quantity): void {
  const cur = m.get(k);
  m.set(k, cur ? addQ(cur, q) : q);
}

/** True when a pod no longer uses resources (Succeeded or Failed). */
export function isTerminalPod(pod: KubeObject): boolean {
  const phase = (pod as { status?: { phase?: string } }).status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The usage an object of a group/resource adds. */
export function objectUsage(group: string, resource: string, obj: KubeObject): Map<string, Quantity> {
  const usage = new Map<string, Quantity>();
  add(usage, group === '' ? `count/${resource}` : `count/${resource}.${group}`, one());
  if (group !== '') return usage;
  const legacy = legacyCountNames[resource];
  if (legacy) add(usage, legacy, one());
  if (resource === 'pods') {
    if (isTerminalPod(obj)) return new Map();
    const spec = (obj as { spec?: PodSpecResources }).spec ?? {};
    for (const [k, q] of podResources(spec, 'requests')) {
      add(usage, `requests.${k}`, q);
      if (k === 'cpu' || k === 'memory' || k === 'ephemeral-storage') add(usage, k, q);
    }
    for (const [k, q] of podResources(spec, 'limits')) add(usage, `limits.${k}`, q);
  } else if (resource === 'services') {
    const spec = (obj as { spec?: { type?: string; ports?: unknown[] } }).spec ?? {};
    const ports = quantity(String(spec.ports?.length ?? 0))!;
    if (spec.type === 'LoadBalancer') add(usage, 'services.loadbalancers', one());
    if (spec.type === 'LoadBalancer' || spec.type === 'NodePort') add(usage, 'services.nodeports', ports);
  } else if (resource === 'persistentvolumeclaims') {
    const spec =
      (obj as { spec?: { storageClassName?: string; resources?: { requests?: Record<string, string> } } })
        .spec ?? {};
    const storage = quantity(spec.resources?.requests?.storage ?? '0') ?? quantity('0')!;
    add(usage, 'requests.storage', storage);
    if (spec.storageClassName) {
      add(usage, `${spec.storageClassName}.storageclass.storage.k8s.io/requests.storage`, storage);
      add(usage, `${spec.storageClassName}.storageclass.storage.k8s.io/persistentvolumeclaims`, one());
    }
  }
  return usage;
}

/** True when a quota's scopes (and scopeSelector) cover the pod; other kinds match unscoped quotas only. */
export function quotaMatches(quota: KubeObject, resource: string, obj: KubeObject): boolean {
  const spec =
    (
      quota as {
        spec?: {
          scopes?: string[];
          scopeSelector?: { matchExpressions?: { scopeName: string; operator: string; values?: string[] }[] };
        };
      }
    ).spec ?? {};
  const scopes = [
    ...(spec.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists', values: [] as string[] })),
    ...(spec.scopeSelector?.matchExpressions ?? []),
  ];
  if (scopes.length === 0) return true;
  if (resource !== 'pods') return false;
  const p =
    (obj as { spec?: { activeDeadlineSeconds?: number; priorityClassName?: string } & PodSpecResources })
      .spec ?? {};
  const bestEffort = [...(p.containers ?? []), ...(p.initContainers ?? [])].every(
    (c) =>
      Object.keys(c.resources?.requests ?? {}).length === 0 &&
      Object.keys(c.resources?.limits ?? {}).length === 0,
  );
  return scopes.every((s) => {
    switch (s.scopeName) {
      case 'Terminating':
        return p.activeDeadlineSeconds != null;
      case 'NotTerminating':
        return p.activeDeadlineSeconds == null;
      case 'BestEffort':
        return bestEffort;
      case 'NotBestEffort':
        return !bestEffort;
      case 'PriorityClass': {
        const name = p.priorityClassName ?? '';
        if (s.operator === 'Exists') return name !== '';
        if (s.operator === 'DoesNotExist') return name === '';
        if (s.operator === 'In') return (s.values ?? []).includes(name);
        if (s.operator === 'NotIn') return !(s.values ?? []).includes(name);
        return false;
      }
      default:
        return false;
    }
  });
}
