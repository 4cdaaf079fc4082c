import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { KubeObject } from '../object.js';
import { structs, view } from './fields.js';

/** EndpointSlice (discovery.k8s.io/v1): ports are unnamed ("") and TCP unless told otherwise. */
export function defaultEndpointSlice(object: KubeObject): void {
  for (const port of structs(view<EndpointSlice>(object).ports)) {
    port.name ??= '';
    port.protocol ??= 'TCP';
  }
}
