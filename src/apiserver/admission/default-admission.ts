import type { ResourceRegistry } from '../resource-registry.js';
import { AdmissionChain } from './admission-chain.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';

/** The apiserver's admission chain with upstream's default plugins, in upstream's order. */
export function defaultAdmission(registry: ResourceRegistry): AdmissionChain {
  const namespaces = registry.preferred('', 'namespaces');
  return new AdmissionChain([namespaceLifecycle((name) => namespaces.store.find('', name))]);
}
