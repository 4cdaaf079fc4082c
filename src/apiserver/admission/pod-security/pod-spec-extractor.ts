import type { PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/object.js';
import type { PodMetadata } from './check-helpers.js';

/** Where each workload kind keeps its pod template (upstream's DefaultPodSpecExtractor). */
const templatePaths: Readonly<Record<string, readonly string[]>> = {
  '/replicationcontrollers': ['spec', 'template'],
  '/podtemplates': ['template'],
  'apps/replicasets': ['spec', 'template'],
  'apps/deployments': ['spec', 'template'],
  'apps/statefulsets': ['spec', 'template'],
  'apps/daemonsets': ['spec', 'template'],
  'batch/jobs': ['spec', 'template'],
  'batch/cronjobs': ['spec', 'jobTemplate', 'spec', 'template'],
};

/** True for the resources that embed a pod template. */
export function hasPodTemplate(group: string, resource: string): boolean {
  return `${group}/${resource}` in templatePaths;
}

/** The pod metadata and spec to evaluate from a pod or workload object (undefined: none). */
export function extractPodSpec(
  group: string,
  resource: string,
  obj: KubeObject,
): { meta: PodMetadata; spec: PodSpec } | undefined {
  if (group === '' && resource === 'pods') {
    return { meta: obj.metadata ?? {}, spec: ((obj as { spec?: PodSpec }).spec ?? {}) as PodSpec };
  }
  const path = templatePaths[`${group}/${resource}`];
  if (!path) return undefined;
  let cur: unknown = obj;
  for (const p of path) cur = (cur as Record<string, unknown> | undefined)?.[p];
  if (cur == null) return undefined;
  const t = cur as { metadata?: PodMetadata; spec?: PodSpec };
  return { meta: t.metadata ?? {}, spec: t.spec ?? ({} as PodSpec) };
}
