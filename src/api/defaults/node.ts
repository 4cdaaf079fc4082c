import type { RuntimeClass } from 'kubernetes-types/node/v1.js';
import type { KubeObject } from '../object.js';
import { struct, view } from './fields.js';
import { normalizeQuantityMap } from './quantity.js';

/** RuntimeClass (node.k8s.io/v1): no defaults; its overhead quantities come back canonical (not rounded). */
export function defaultRuntimeClass(object: KubeObject): void {
  normalizeQuantityMap(struct(view<RuntimeClass>(object).overhead)?.podFixed);
}
