// Conversions between the API's metav1.LabelSelector ({matchLabels, matchExpressions}) and Selector,
// plus the printers' text forms. Mirrors upstream's LabelSelectorAsSelector, FormatLabelSelector,
// labels.SelectorFromSet and labels.FormatLabels.

import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { LabelSelectorError } from './label-selector-error.js';
import { newRequirement, Requirement, type Labels, type Operator } from './requirement.js';
import { Selector } from './selector.js';

/** The API type metav1.LabelSelector, re-exported for callers of this module. */
export type { LabelSelector };

const expressionOperators: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * The Selector a metav1.LabelSelector stands for: null/undefined selects nothing, an empty one
 * everything. Throws LabelSelectorError with upstream's message for an unknown operator or a
 * requirement that fails validation.
 */
export function selectorFromLabelSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return Selector.nothing();
  const matchLabels = ls.matchLabels ?? {};
  const expressions = ls.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + expressions.length === 0) return Selector.everything();
  const requirements: Requirement[] = [];
  for (const [k, v] of Object.entries(matchLabels)) requirements.push(newRequirement(k, '=', [v]));
  for (const expr of expressions) {
    const op = Object.hasOwn(expressionOperators, expr.operator)
      ? expressionOperators[expr.operator]
      : undefined;
    if (op === undefined)
      throw new LabelSelectorError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    // Upstream copies the values with append(nil, ...), so an empty list renders as []string(nil).
    requirements.push(
      newRequirement(expr.key, op, expr.values ?? [], undefined, { nilValuesWhenEmpty: true }),
    );
  }
  return Selector.of(requirements);
}

/** The text printers show for a LabelSelector: the selector string, "<none>" if empty, "<error>" if bad. */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  let text: string;
  try {
    text = selectorFromLabelSelector(ls).toString();
  } catch (err) {
    if (err instanceof LabelSelectorError) return '<error>';
    throw err;
  }
  return text === '' ? '<none>' : text;
}

/** A selector matching exactly these labels (no validation, as upstream's SelectorFromSet). */
export function selectorFromSet(set: Labels | null | undefined): Selector {
  if (set === null || set === undefined) return Selector.everything();
  return Selector.of(Object.entries(set).map(([k, v]) => new Requirement(k, '=', [v])));
}

/** A label map as upstream's Set.String(): "k=v" pairs sorted as strings, joined by ",". */
export function labelsToString(set: Labels | null | undefined): string {
  return Object.entries(set ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .join(',');
}

/** A label map as printers show it (upstream's FormatLabels): labelsToString, or "<none>". */
export function formatLabels(set: Labels | null | undefined): string {
  const text = labelsToString(set);
  return text === '' ? '<none>' : text;
}
