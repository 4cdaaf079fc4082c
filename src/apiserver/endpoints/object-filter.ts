import { fieldLabelRulesFor, fieldLabelsFor } from '../../api/field-labels.js';
import type { KubeObject } from '../../api/object.js';
import type { ResourceType } from '../../api/scheme/resource-type.js';
import { badRequest } from '../../machinery/errors/index.js';
import { FieldSelectorError, parseFieldSelector } from '../../machinery/fields/field-selector.js';
import { restrictFieldSelector } from '../../machinery/fields/restrict-field-selector.js';
import { LabelSelectorError, parseSelector } from '../../machinery/labels/index.js';

/**
 * A predicate over stored objects built from labelSelector and fieldSelector, or a 400. The field
 * labels a request may use are the served version's; the values come from the stored object.
 */
export function selectorFilter(
  served: ResourceType,
  stored: ResourceType,
  query: URLSearchParams,
): { filter: (o: KubeObject) => boolean; filtered: boolean } {
  let labels;
  let fields;
  try {
    labels = parseSelector(query.get('labelSelector') ?? '');
  } catch (err) {
    if (err instanceof LabelSelectorError) throw badRequest(err.message);
    throw err;
  }
  try {
    fields = restrictFieldSelector(
      parseFieldSelector(query.get('fieldSelector') ?? ''),
      fieldLabelRulesFor(served.group, served.kind),
    );
  } catch (err) {
    if (err instanceof FieldSelectorError) throw badRequest(err.message);
    throw err;
  }
  const noLabels = labels.isEmpty();
  const noFields = fields.isEmpty();
  if (noLabels && noFields) return { filter: () => true, filtered: false };
  return {
    filtered: true,
    filter: (o) =>
      (noLabels || labels.matches(o.metadata?.labels)) &&
      (noFields || fields.matches(fieldLabelsFor(stored.group, stored.kind, o))),
  };
}
