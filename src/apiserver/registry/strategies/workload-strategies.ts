import type { Job } from 'kubernetes-types/batch/v1.js';
import { deepEqual } from '../../../base/deep-equal.js';
import type { KubeObject } from '../../../api/object.js';
import type { ResourceType } from '../../../api/scheme/resource-type.js';
import { generateJobSelector } from '../../../api/workloads/job-selector.js';
import type { Strategy } from '../strategy.js';
import { simpleStrategy } from './simple-strategies.js';

/** Jobs: on create the selector and template labels are generated from the uid (upstream's generateSelector). */
export function jobStrategy(type: ResourceType): Strategy {
  const base = simpleStrategy(type);
  return {
    ...base,
    prepareForCreate(object, ctx) {
      base.prepareForCreate?.(object, ctx);
      Object.assign(object, generateJobSelector(object as unknown as Job));
    },
  };
}

const templateGeneration = 'deprecated.daemonset.template.generation';

function spec(o: KubeObject): { template?: unknown } | undefined {
  return o['spec'] as { template?: unknown } | undefined;
}

/**
 * DaemonSets: the deprecated template-generation annotation starts at 1 and grows with every
 * template change, as upstream's strategy keeps it (the controller labels pods with it).
 */
export function daemonSetStrategy(type: ResourceType): Strategy {
  const base = simpleStrategy(type);
  return {
    ...base,
    prepareForCreate(object, ctx) {
      base.prepareForCreate?.(object, ctx);
      object.metadata = {
        ...object.metadata,
        annotations: { ...object.metadata?.annotations, [templateGeneration]: '1' },
      };
    },
    prepareForUpdate(object, old, ctx) {
      base.prepareForUpdate?.(object, old, ctx);
      const previous = Number(old.metadata?.annotations?.[templateGeneration] ?? '0');
      const next = deepEqual(spec(object)?.template, spec(old)?.template) ? previous : previous + 1;
      object.metadata = {
        ...object.metadata,
        annotations: { ...object.metadata?.annotations, [templateGeneration]: String(next) },
      };
    },
  };
}
