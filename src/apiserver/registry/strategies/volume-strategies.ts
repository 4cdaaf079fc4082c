import type { ResourceType } from '../../../api/scheme/resource-type.js';
import { formatRfc3339 } from '../../../base/rfc3339.js';
import type { Strategy } from '../strategy.js';
import { simpleStrategy } from './simple-strategies.js';

/** PersistentVolumes and claims: created in phase Pending (the only time a client-side create sets the phase). */
export function volumeStrategy(type: ResourceType): Strategy {
  return {
    ...simpleStrategy(type),
    prepareForCreate(object, ctx) {
      const status: Record<string, unknown> = { phase: 'Pending' };
      if (type.kind === 'PersistentVolume') status['lastPhaseTransitionTime'] = formatRfc3339(ctx.now);
      object['status'] = status;
    },
  };
}
