import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

// A DNS-1123 subdomain of at most 253 characters; the generated suffix makes the name 5 longer.
const podNamePrefix = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*-?$/;

/** getPodsPrefix: "<controller>-" when that is a valid generateName prefix, else the bare name. */
export function podNamePrefixFor(controllerName: string): string {
  const prefix = `${controllerName}-`;
  const base = prefix.slice(0, -1);
  return podNamePrefix.test(prefix) && base.length <= 253 - 5 ? prefix : controllerName;
}

/**
 * GetPodFromTemplate: a pod with the template's labels, annotations, finalizers and spec, named by
 * the server from generateName "<controller>-", controlled by `controllerRef`.
 */
export function podFromTemplate(
  template: PodTemplateSpec,
  controllerName: string,
  namespace: string,
  controllerRef: OwnerReference,
): Pod {
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: podNamePrefixFor(controllerName),
      namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}) },
      ...(meta.finalizers && meta.finalizers.length > 0 ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(template.spec ?? { containers: [] }),
  };
}
