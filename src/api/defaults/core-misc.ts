import type { Endpoints, Secret } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../object.js';
import { structs, view } from './fields.js';

/** Secret (core/v1): type Opaque. */
export function defaultSecret(object: KubeObject): void {
  const secret = view<Secret>(object);
  secret.type ||= 'Opaque';
}

/** Endpoints (core/v1): port protocol TCP. */
export function defaultEndpoints(object: KubeObject): void {
  for (const subset of structs(view<Endpoints>(object).subsets)) {
    for (const port of structs(subset.ports)) port.protocol ||= 'TCP';
  }
}
