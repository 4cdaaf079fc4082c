import type { KubeObject } from '../../api/object.js';

/**
 * The reads token issuing and verification need, backed by the watch caches (undefined when the
 * object does not exist); upstream's ServiceAccountTokenGetter.
 */
export interface ServiceAccountTokenLookups {
  getServiceAccount(namespace: string, name: string): Promise<KubeObject | undefined>;
  getPod(namespace: string, name: string): Promise<KubeObject | undefined>;
  getSecret(namespace: string, name: string): Promise<KubeObject | undefined>;
  getNode(name: string): Promise<KubeObject | undefined>;
}
