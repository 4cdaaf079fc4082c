import type { KubeObject } from '../../../api/object.js';
import { deepEqual } from '../../../base/deep-equal.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';
import { admissionForbidden } from './admission-forbidden.js';

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

interface RuntimeClass extends KubeObject {
  overhead?: { podFixed?: Record<string, string> };
  scheduling?: { nodeSelector?: Record<string, string>; tolerations?: Toleration[] };
}

interface PodSpecPart {
  runtimeClassName?: string;
  overhead?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

/**
 * Upstream's RuntimeClass plugin: a pod naming a RuntimeClass gets its overhead and scheduling
 * constraints (node selector, tolerations); unknown classes and overhead mismatches are refused.
 */
export function runtimeClass(options: {
  getRuntimeClass(name: string): Promise<KubeObject | undefined>;
}): AdmissionPlugin {
  async function lookup(
    attrs: AdmissionAttributes,
    pod: KubeObject,
    spec: PodSpecPart,
  ): Promise<RuntimeClass | undefined> {
    if (!spec.runtimeClassName) return undefined;
    const rc = (await options.getRuntimeClass(spec.runtimeClassName)) as RuntimeClass | undefined;
    if (!rc)
      throw admissionForbidden(attrs, pod, `pod rejected: RuntimeClass "${spec.runtimeClassName}" not found`);
    return rc;
  }
  const applies = (a: AdmissionAttributes) =>
    a.operation === 'CREATE' &&
    a.subresource === '' &&
    a.resource.type.group === '' &&
    a.resource.type.resource === 'pods';
  return {
    name: 'RuntimeClass',
    async mutate(attrs, pod) {
      if (!applies(attrs)) return;
      const spec = ((pod as { spec?: PodSpecPart }).spec ??= {});
      const rc = await lookup(attrs, pod, spec);
      if (!rc) return;
      if (rc.overhead?.podFixed) {
        if (
          spec.overhead &&
          Object.keys(spec.overhead).length > 0 &&
          !deepEqual(spec.overhead, rc.overhead.podFixed)
        ) {
          throw admissionForbidden(
            attrs,
            pod,
            "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead",
          );
        }
        spec.overhead = { ...rc.overhead.podFixed };
      }
      if (rc.scheduling) {
        const selector = { ...(spec.nodeSelector ?? {}) };
        for (const [k, v] of Object.entries(rc.scheduling.nodeSelector ?? {})) {
          if (k in selector && selector[k] !== v) {
            throw admissionForbidden(
              attrs,
              pod,
              `conflict: runtimeClass.scheduling.nodeSelector[${k}] = ${v}; pod.spec.nodeSelector[${k}] = ${selector[k]}`,
            );
          }
          selector[k] = v;
        }
        if (Object.keys(selector).length > 0) spec.nodeSelector = selector;
        const tolerations = [...(spec.tolerations ?? [])];
        for (const t of rc.scheduling.tolerations ?? [])
          if (!tolerations.some((x) => deepEqual(x, t))) tolerations.push(structuredClone(t));
        if (tolerations.length > 0) spec.tolerations = tolerations;
      }
    },
    async validate(attrs, pod) {
      if (!applies(attrs)) return;
      const spec = (pod as { spec?: PodSpecPart }).spec ?? {};
      const rc = await lookup(attrs, pod, spec);
      if (rc?.overhead?.podFixed) {
        if (!deepEqual(spec.overhead ?? {}, rc.overhead.podFixed)) {
          throw admissionForbidden(
            attrs,
            pod,
            "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead",
          );
        }
      } else if (spec.overhead && Object.keys(spec.overhead).length > 0) {
        throw admissionForbidden(
          attrs,
          pod,
          'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead',
        );
      }
    },
  };
}
