import type {
  PersistentVolumeClaim,
  Pod,
  ScopedResourceSelectorRequirement,
  Service,
} from 'kubernetes-types/core/v1.js';
import {
  intQuantity,
  parseQuantityValue,
  roundUpQuantity,
  compareQuantity,
  type Quantity,
} from '../shared/infra-quantity.js';
import { isPodTerminal, timeMs } from '../shared/infra-pod.js';
import { isBestEffort, podLimits, podRequests } from './pod-resources.js';

/** How one kind of object is charged to quotas (upstream's quota evaluators). */
export interface QuotaEvaluator {
  /** The resource whose objects are charged, as "resource" or "resource.group". */
  readonly resource: string;
  /** The quota resource names of `input` this evaluator computes. */
  matchingResources(input: readonly string[]): string[];
  /** True when the object falls under the scope requirement. */
  matchesScope(requirement: ScopedResourceSelectorRequirement, object: unknown): boolean;
  /** What one object uses. */
  usage(object: unknown, now: number): Map<string, Quantity>;
}

const one = () => intQuantity(1);

/** The "count/<resource>" name of a resource ("count/pods", "count/deployments.apps"). */
export function countName(resource: string): string {
  return `count/${resource}`;
}

function hasPrefix(name: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => name.startsWith(p));
}

// Resource names without a domain or with a *kubernetes.io/ domain are native (IsNativeResource).
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** An extended resource a pod may request (IsExtendedResourceName). */
export function isExtendedResource(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\/([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(
    `requests.${name}`,
  );
}

const podResources = [
  'count/pods',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
];

/** True while a pod counts against compute quota: not terminal, not stuck past its grace (QuotaV1Pod). */
export function podCountsForQuota(pod: Pod, now: number): boolean {
  if (isPodTerminal(pod)) return false;
  const deletion = timeMs(pod.metadata?.deletionTimestamp);
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  if (deletion !== undefined && grace !== undefined && grace !== null && now > deletion + grace * 1000)
    return false;
  return true;
}

function usesCrossNamespaceAffinity(pod: Pod): boolean {
  const affinity = pod.spec?.affinity;
  const terms = [affinity?.podAffinity, affinity?.podAntiAffinity].flatMap((a) => [
    ...(a?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(a?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
  ]);
  return terms.some((t) => (t.namespaces ?? []).length > 0 || (t.namespaceSelector ?? null) !== null);
}

function matchesPriorityClass(req: ScopedResourceSelectorRequirement, className: string): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'Exists':
      return className !== '';
    case 'DoesNotExist':
      // The scope label is always present (possibly empty), as upstream evaluates it.
      return false;
    case 'In':
      return values.includes(className);
    case 'NotIn':
      return !values.includes(className);
    default:
      return false;
  }
}

/** The pod evaluator: pods, count/pods, requests/limits of cpu, memory, ephemeral storage, hugepages, extended. */
export const podEvaluator: QuotaEvaluator = {
  resource: 'pods',
  matchingResources(input) {
    const out = input.filter((n) => podResources.includes(n));
    for (const n of input) {
      if (hasPrefix(n, ['hugepages-', 'requests.hugepages-'])) out.push(n);
      if (n.startsWith('requests.') && isExtendedResource(n.slice('requests.'.length))) out.push(n);
    }
    return out;
  },
  matchesScope(req, object) {
    const pod = object as Pod;
    switch (req.scopeName) {
      case 'Terminating':
        return (pod.spec?.activeDeadlineSeconds ?? -1) >= 0;
      case 'NotTerminating':
        return (pod.spec?.activeDeadlineSeconds ?? -1) < 0;
      case 'BestEffort':
        return isBestEffort(pod);
      case 'NotBestEffort':
        return !isBestEffort(pod);
      case 'PriorityClass':
        return matchesPriorityClass(req, pod.spec?.priorityClassName ?? '');
      case 'CrossNamespacePodAffinity':
        return usesCrossNamespaceAffinity(pod);
      default:
        return false;
    }
  },
  usage(object, now) {
    const pod = object as Pod;
    // count/pods covers every stored pod; the rest only pods that are still alive.
    const result = new Map<string, Quantity>([['count/pods', one()]]);
    if (!podCountsForQuota(pod, now)) return result;
    const requests = podRequests(pod);
    const limits = podLimits(pod);
    result.set('pods', one());
    for (const name of ['cpu', 'memory', 'ephemeral-storage']) {
      const request = requests.get(name);
      if (request !== undefined) {
        result.set(name, request);
        result.set(`requests.${name}`, request);
      }
      const limit = limits.get(name);
      if (limit !== undefined) result.set(`limits.${name}`, limit);
    }
    for (const [name, request] of requests) {
      if (name.startsWith('hugepages-')) {
        result.set(name, request);
        result.set(`requests.${name}`, request);
      }
      if (isExtendedResource(name)) result.set(`requests.${name}`, request);
    }
    return result;
  },
};

const serviceResources = ['count/services', 'services', 'services.nodeports', 'services.loadbalancers'];

/** The service evaluator: services, count/services, services.nodeports, services.loadbalancers. */
export const serviceEvaluator: QuotaEvaluator = {
  resource: 'services',
  matchingResources: (input) => input.filter((n) => serviceResources.includes(n)),
  matchesScope: () => false,
  usage(object) {
    const svc = object as Service;
    const ports = svc.spec?.ports ?? [];
    const result = new Map<string, Quantity>([
      ['count/services', one()],
      ['services', one()],
      ['services.loadbalancers', intQuantity(0)],
      ['services.nodeports', intQuantity(0)],
    ]);
    if (svc.spec?.type === 'NodePort') {
      result.set('services.nodeports', intQuantity(ports.length));
    } else if (svc.spec?.type === 'LoadBalancer') {
      // Without node port allocation only explicitly set node ports count.
      const explicit = svc.spec.allocateLoadBalancerNodePorts === false;
      result.set(
        'services.nodeports',
        intQuantity(explicit ? ports.filter((p) => (p.nodePort ?? 0) !== 0).length : ports.length),
      );
      result.set('services.loadbalancers', one());
    }
    return result;
  },
};

const storageClassSuffix = '.storageclass.storage.k8s.io/';

/** The claim's storage class: the beta annotation first, then spec.storageClassName. */
export function claimClass(claim: PersistentVolumeClaim): string {
  return (
    claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
    claim.spec?.storageClassName ??
    ''
  );
}

/** The persistentvolumeclaims evaluator, storage class scoped names included. */
export const claimEvaluator: QuotaEvaluator = {
  resource: 'persistentvolumeclaims',
  matchingResources: (input) =>
    input.filter(
      (n) =>
        ['count/persistentvolumeclaims', 'persistentvolumeclaims', 'requests.storage'].includes(n) ||
        (n.includes(storageClassSuffix) &&
          (n.endsWith('/persistentvolumeclaims') || n.endsWith('/requests.storage'))),
    ),
  matchesScope: () => false,
  usage(object) {
    const claim = object as PersistentVolumeClaim;
    const result = new Map<string, Quantity>([
      ['persistentvolumeclaims', one()],
      ['count/persistentvolumeclaims', one()],
    ]);
    const cls = claimClass(claim);
    if (cls !== '') result.set(`${cls}${storageClassSuffix}persistentvolumeclaims`, one());
    let storage = parseQuantityValue(claim.spec?.resources?.requests?.['storage']);
    if (storage !== undefined) {
      storage = roundUpQuantity(storage);
      // A larger allocation (expansion in progress or recovered) is what is used.
      const allocated = parseQuantityValue(claim.status?.allocatedResources?.['storage']);
      if (allocated !== undefined && compareQuantity(allocated, storage) > 0)
        storage = roundUpQuantity(allocated);
      result.set('requests.storage', storage);
      if (cls !== '') result.set(`${cls}${storageClassSuffix}requests.storage`, storage);
    }
    return result;
  },
};

/**
 * An object-count evaluator for `resource` ("configmaps", "deployments.apps"): charges
 * count/<resource> and, for the core kinds that have one, the legacy name.
 */
export function objectCountEvaluator(resource: string, legacyName?: string): QuotaEvaluator {
  const names = [countName(resource), ...(legacyName ? [legacyName] : [])];
  return {
    resource,
    matchingResources: (input) => input.filter((n) => names.includes(n)),
    matchesScope: () => false,
    usage: () => new Map(names.map((n) => [n, one()])),
  };
}
