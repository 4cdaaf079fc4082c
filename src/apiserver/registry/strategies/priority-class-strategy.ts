import type { KubeObject } from '../../../api/object.js';
import type { ResourceType } from '../../../api/scheme/resource-type.js';
import { forbidden } from '../../../machinery/errors/index.js';
import type { Strategy } from '../strategy.js';
import { simpleStrategy } from './simple-strategies.js';

// The classes the apiserver creates on start; pods of the control plane depend on them.
const systemClassNames = new Set(['system-node-critical', 'system-cluster-critical']);

/** PriorityClasses: the generic rules, except that the system classes can never be deleted. */
export function priorityClassStrategy(type: ResourceType): Strategy {
  return {
    ...simpleStrategy(type),
    checkDelete(object: KubeObject): void {
      const name = object.metadata?.name ?? '';
      if (systemClassNames.has(name)) {
        throw forbidden(
          { group: type.group, resource: type.resource },
          name,
          'this is a system priority class and cannot be deleted',
        );
      }
    },
  };
}
