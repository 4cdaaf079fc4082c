import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { GoType } from './go-json.js';
import { defined } from './defined.js';

/** metav1.LabelSelector as json.Unmarshal reads it. */
export const labelSelectorType: GoType = {
  struct: {
    matchLabels: 'stringMap',
    matchExpressions: {
      slice: { struct: { key: 'string', operator: 'string', values: { slice: 'string' } } },
    },
  },
};

/**
 * A label selector as Go writes it: empty lists and maps dropped (omitempty), label keys sorted
 * (Go marshals maps in key order); undefined for no selector.
 */
export function goLabelSelector(selector: LabelSelector | null | undefined): LabelSelector | undefined {
  if (!selector) return undefined;
  const labels = Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const expressions = selector.matchExpressions ?? [];
  return defined({
    matchLabels: labels.length > 0 ? Object.fromEntries(labels) : undefined,
    matchExpressions:
      expressions.length > 0
        ? expressions.map((e) =>
            defined({
              key: e.key ?? '',
              operator: e.operator ?? '',
              values: e.values?.length ? [...e.values] : undefined,
            }),
          )
        : undefined,
  });
}
