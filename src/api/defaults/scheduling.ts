import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import type { KubeObject } from '../object.js';
import { view } from './fields.js';

/** PriorityClass (scheduling.k8s.io/v1): pods of this class may preempt lower priorities. */
export function defaultPriorityClass(object: KubeObject): void {
  view<PriorityClass>(object).preemptionPolicy ??= 'PreemptLowerPriority';
}
