// The resources a request could equally have been made through (upstream's
// EquivalentResourceMapper): every served group-version of the same storage, such as
// autoscaling/v1 and v2 horizontalpodautoscalers, or core and events.k8s.io events. matchPolicy
// Equivalent lets a webhook registered for one of them see requests made through another.

import type { GroupVersionKind, ResourceType } from '../../../api/scheme/resource-type.js';
import type { GroupVersionResource } from './rule-matcher.js';

/** A resource of the same storage, with the kind its (sub)resource speaks in that version. */
export interface EquivalentResource {
  readonly resource: GroupVersionResource;
  readonly kind: GroupVersionKind;
}

/** The kind a (sub)resource speaks: the subresource's own kind (Scale, Binding) or the parent's. */
export function kindFor(type: ResourceType, subresource: string): GroupVersionKind | undefined {
  if (subresource === '') return { group: type.group, version: type.version, kind: type.kind };
  return type.subresources.find((s) => s.name === subresource)?.kind;
}

/**
 * Every served resource sharing `type`'s storage that also serves `subresource`, in serving order
 * (preferred version first), the requested one included.
 */
export function equivalentResources(
  served: readonly ResourceType[],
  type: ResourceType,
  subresource: string,
): EquivalentResource[] {
  const out: EquivalentResource[] = [];
  for (const t of served) {
    if (t.storagePrefix !== type.storagePrefix) continue;
    const kind = kindFor(t, subresource);
    if (kind === undefined) continue;
    out.push({ resource: { group: t.group, version: t.version, resource: t.resource }, kind });
  }
  return out;
}
