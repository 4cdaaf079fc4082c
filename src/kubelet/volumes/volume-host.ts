// What every pod's volume manager shares on one node: the kubelet root directory, the API client,
// the token cache, the mounter and the node's allocatable resources.
import type { Clock } from '../../base/clock.js';
import { systemClock } from '../../base/clock.js';
import { createLogger, type Logger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import { apiConfigObjects, type ConfigObjectSource } from '../container-env/config-objects.js';
import type { ResourceQuantities } from '../container-env/resource-field-value.js';
import { SystemMounter, type Mounter } from './mounter.js';
import { ServiceAccountTokenManager } from './service-account-tokens.js';

/** The node-wide parts a PodVolumeManager works with. */
export interface VolumeHost {
  /** The kubelet root directory (pods live under <rootDir>/pods). */
  readonly rootDir: string;
  readonly client: KubeClient;
  readonly objects: ConfigObjectSource;
  readonly tokens: ServiceAccountTokenManager;
  readonly mounter: Mounter;
  /** Node allocatable (cpu, memory, ephemeral-storage): downward API limits and tmpfs sizes. */
  readonly nodeAllocatable: ResourceQuantities;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Settings of createVolumeHost; everything but rootDir, client and nodeAllocatable has a default. */
export interface VolumeHostOptions {
  readonly rootDir: string;
  readonly client: KubeClient;
  readonly nodeAllocatable: ResourceQuantities;
  readonly objects?: ConfigObjectSource;
  readonly tokens?: ServiceAccountTokenManager;
  readonly mounter?: Mounter;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** A VolumeHost reading objects and tokens through `client` and mounting with mount(8). */
export function createVolumeHost(options: VolumeHostOptions): VolumeHost {
  const clock = options.clock ?? systemClock;
  return {
    rootDir: options.rootDir,
    client: options.client,
    objects: options.objects ?? apiConfigObjects(options.client),
    tokens: options.tokens ?? new ServiceAccountTokenManager({ client: options.client, clock }),
    mounter: options.mounter ?? new SystemMounter(),
    nodeAllocatable: options.nodeAllocatable,
    clock,
    logger: options.logger ?? createLogger('kubelet').child('volumes'),
  };
}
