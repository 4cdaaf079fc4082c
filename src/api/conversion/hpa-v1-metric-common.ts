import type { Quantity } from 'kubernetes-types/api/resource.js';
import type { CrossVersionObjectReference, MetricIdentifier } from 'kubernetes-types/autoscaling/v2.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { normalizeQuantity } from '../defaults/quantity.js';
import { defined } from './defined.js';
import type { GoType } from './go-json.js';
import { goLabelSelector } from './go-label-selector.js';

/** autoscaling/v1 CrossVersionObjectReference as the annotations carry it (apiVersion is omitempty). */
export interface V1ObjectReference {
  kind: string;
  name: string;
  apiVersion?: string;
}

/** The Go type of V1ObjectReference. */
export const v1ObjectReferenceType: GoType = {
  struct: { kind: 'string', name: 'string', apiVersion: 'string' },
};

/** A v2 object reference in v1's shape. */
export function referenceToV1(ref: CrossVersionObjectReference | undefined): V1ObjectReference {
  return { kind: ref?.kind ?? '', name: ref?.name ?? '', apiVersion: ref?.apiVersion || undefined };
}

/** A decoded v1 object reference in v2's shape. */
export function referenceFromV1(ref: V1ObjectReference): CrossVersionObjectReference {
  return defined({ kind: ref.kind, name: ref.name, apiVersion: ref.apiVersion || undefined });
}

/** A quantity as resource.Quantity marshals it (canonical); undefined for a nil pointer. */
export function quantity(value: Quantity | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(normalizeQuantity(value));
}

/** v2's MetricIdentifier from v1's separate name and selector fields. */
export function identifier(name: string, selector: LabelSelector | undefined): MetricIdentifier {
  return defined({ name, selector: goLabelSelector(selector) });
}
