import type { ResourceType } from '../../../api/scheme/resource-type.js';
import { validateObjectUpdate } from '../../../api/validation/validate-object.js';
import type { Strategy } from '../strategy.js';
import { simpleStrategy } from './simple-strategies.js';

/**
 * FlowSchemas and PriorityLevelConfigurations: the generic rules, with upstream's status
 * strategies — a status write keeps every piece of metadata (labels and annotations included,
 * unlike most kinds) and is validated for its conditions alone.
 */
export function flowControlStrategy(type: ResourceType): Strategy {
  return {
    ...simpleStrategy(type),
    prepareForStatusUpdate(object, old): void {
      const meta = (object.metadata ??= {});
      for (const key of ['labels', 'annotations'] as const) {
        const kept = old.metadata?.[key];
        if (kept === undefined) delete meta[key];
        else meta[key] = kept;
      }
    },
    validateStatusUpdate: (object, old) =>
      validateObjectUpdate(type.group, type.kind, object, old, { subresource: 'status' }),
  };
}
