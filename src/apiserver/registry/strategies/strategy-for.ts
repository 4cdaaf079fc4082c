import type { ResourceType } from '../../../api/scheme/resource-type.js';
import type { Strategy } from '../strategy.js';
import { certificateSigningRequestStrategy } from './csr-strategy.js';
import { flowControlStrategy } from './flowcontrol-strategy.js';
import { namespaceStrategy } from './namespace-strategy.js';
import { podStrategy } from './pod-strategy.js';
import { priorityClassStrategy } from './priority-class-strategy.js';
import type { ServiceAllocators } from '../../allocators/repair-allocations.js';
import { serviceStrategy } from './service-strategy.js';
import { simpleStrategy } from './simple-strategies.js';
import { volumeStrategy } from './volume-strategies.js';
import { daemonSetStrategy, jobStrategy } from './workload-strategies.js';

/** The registry strategy of a built-in resource. */
export function strategyFor(type: ResourceType, deps: { allocators: ServiceAllocators }): Strategy {
  if (type.group === '') {
    switch (type.kind) {
      case 'Pod':
        return podStrategy;
      case 'Namespace':
        return namespaceStrategy;
      case 'Service':
        return serviceStrategy(deps.allocators);
      case 'PersistentVolume':
      case 'PersistentVolumeClaim':
        return volumeStrategy(type);
    }
  }
  if (type.group === 'batch' && type.kind === 'Job') return jobStrategy(type);
  if (type.group === 'apps' && type.kind === 'DaemonSet') return daemonSetStrategy(type);
  if (type.group === 'scheduling.k8s.io' && type.kind === 'PriorityClass') return priorityClassStrategy(type);
  if (type.group === 'certificates.k8s.io' && type.kind === 'CertificateSigningRequest')
    return certificateSigningRequestStrategy(type);
  if (type.group === 'flowcontrol.apiserver.k8s.io') return flowControlStrategy(type);
  return simpleStrategy(type);
}
