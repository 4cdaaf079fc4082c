import type { KubeObject } from '../../../api/object.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { admissionForbidden } from './admission-forbidden.js';

/** The two built-in PriorityClasses the apiserver creates (and that can never be missing). */
export const SYSTEM_PRIORITY_CLASSES: readonly KubeObject[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    preemptionPolicy: 'PreemptLowerPriority',
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    preemptionPolicy: 'PreemptLowerPriority',
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

/**
 * Upstream's Priority plugin: resolves a pod's priorityClassName (or the global default) into
 * spec.priority and spec.preemptionPolicy, rejects unknown classes and conflicting values, keeps
 * them across updates, and allows one globalDefault PriorityClass.
 */
export function priority(options: {
  getPriorityClass(name: string): Promise<KubeObject | undefined>;
  listPriorityClasses(): Promise<readonly KubeObject[]>;
}): AdmissionPlugin {
  async function getClass(name: string): Promise<PriorityClass | undefined> {
    return ((await options.getPriorityClass(name)) ??
      SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata?.name === name)) as PriorityClass | undefined;
  }
  async function defaultClass(): Promise<PriorityClass | undefined> {
    let best: PriorityClass | undefined;
    for (const c of (await options.listPriorityClasses()) as PriorityClass[]) {
      if (c.globalDefault && (!best || (best.value ?? 0) > (c.value ?? 0))) best = c;
    }
    return best;
  }
  return {
    name: 'Priority',
    async mutate(attrs, pod, old) {
      const t = attrs.resource.type;
      if (attrs.subresource !== '' || t.group !== '' || t.resource !== 'pods') return;
      const spec = ((
        pod as { spec?: { priority?: number; priorityClassName?: string; preemptionPolicy?: string } }
      ).spec ??= {});
      if (attrs.operation === 'UPDATE') {
        // Priority is set once at creation; an update that drops it keeps the stored value.
        const o = (old as { spec?: { priority?: number; preemptionPolicy?: string } } | undefined)?.spec;
        if (spec.priority === undefined && o?.priority !== undefined) spec.priority = o.priority;
        if (spec.preemptionPolicy === undefined && o?.preemptionPolicy !== undefined)
          spec.preemptionPolicy = o.preemptionPolicy;
        return;
      }
      if (attrs.operation !== 'CREATE') return;
      let value = 0;
      let policy: string | undefined;
      if (!spec.priorityClassName) {
        const def = await defaultClass();
        if (def) {
          spec.priorityClassName = def.metadata?.name;
          value = def.value ?? 0;
          policy = def.preemptionPolicy;
        }
      } else {
        const pc = await getClass(spec.priorityClassName);
        if (!pc)
          throw admissionForbidden(
            attrs,
            pod,
            `no PriorityClass with name ${spec.priorityClassName} was found`,
          );
        value = pc.value ?? 0;
        policy = pc.preemptionPolicy;
      }
      if (spec.priority !== undefined && spec.priority !== value) {
        throw admissionForbidden(
          attrs,
          pod,
          `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
        );
      }
      spec.priority = value;
      if (policy) {
        if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
          throw admissionForbidden(
            attrs,
            pod,
            `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
          );
        }
        spec.preemptionPolicy = policy;
      }
    },
    async validate(attrs, pc) {
      const t = attrs.resource.type;
      if (attrs.subresource !== '' || t.group !== 'scheduling.k8s.io' || t.resource !== 'priorityclasses')
        return;
      if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
      if (!(pc as PriorityClass).globalDefault) return;
      const def = await defaultClass();
      if (!def) return;
      if (attrs.operation === 'CREATE' || def.metadata?.name !== pc.metadata?.name) {
        throw admissionForbidden(
          attrs,
          pc,
          `PriorityClass ${def.metadata?.name} is already marked as default. Only one default can exist`,
        );
      }
    },
  };
}
