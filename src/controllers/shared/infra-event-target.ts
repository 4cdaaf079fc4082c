import type { KubeObject } from '../../api/object.js';
import type { EventObject } from '../../controller-framework/index.js';

interface Referable {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly uid?: string };
}

/**
 * An object as an event's subject, with apiVersion and kind filled in when the cached copy lacks
 * them (recorders need both to build the involvedObject reference).
 */
export function eventTarget(object: Referable, apiVersion: string, kind: string): EventObject {
  return {
    ...(object as KubeObject),
    apiVersion: object.apiVersion ?? apiVersion,
    kind: object.kind ?? kind,
  };
}
