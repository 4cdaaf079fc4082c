import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { KubeObject } from '../object.js';
import { ensureStruct, hasItems, struct, structs, view } from './fields.js';

/**
 * CustomResourceDefinition (apiextensions.k8s.io/v1): singular and list kind names from the kind,
 * conversion strategy None, webhook service port 443, and the storage version recorded as stored.
 */
export function defaultCustomResourceDefinition(object: KubeObject): void {
  const crd = view<CustomResourceDefinition>(object);
  const spec = ensureStruct(crd, 'spec');
  if (!spec) return;
  const names = ensureStruct(spec, 'names');
  if (names && typeof names.kind === 'string') {
    names.singular ||= names.kind.toLowerCase();
    if (names.kind !== '') names.listKind ||= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
  const service = struct(struct(struct(spec.conversion)?.webhook)?.clientConfig)?.service;
  const reference = struct(service);
  if (reference) reference.port ??= 443;
  const storage = structs(spec.versions).find((version) => version.storage === true);
  const status = storage ? ensureStruct(crd, 'status') : undefined;
  if (storage && status && !hasItems(status.storedVersions)) status.storedVersions = [storage.name];
}
