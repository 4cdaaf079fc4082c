// Checks a parsed field selector against what the resource supports and renames labels to the keys
// of the object's field map: upstream's Transform with the scheme's field label conversion. The
// first unsupported label (in the selector's sorted term order) fails the request with a 400.

import type { FieldLabelRejection, FieldLabelRules } from '../../api/field-labels.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { FieldSelectorError, type FieldSelector } from './field-selector.js';

/** Upstream's message for an unsupported field label under the given rejection style. */
export function unsupportedFieldLabelMessage(
  label: string,
  rejection: FieldLabelRejection = 'not-supported',
): string {
  if (rejection === 'not-supported') return `field label not supported: ${label}`;
  if (rejection === 'not-a-known-field-selector') {
    return `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
  }
  return `field label ${goQuote(label)} not supported for ${rejection.notSupportedFor}`;
}

/**
 * The selector with every label checked against `supported` and renamed to its field-map key.
 * `supported` is a kind's rules (src/api/field-labels.ts) or a plain list of field names (rejected
 * as `field label not supported: <field>`). Throws FieldSelectorError on the first unsupported label.
 */
export function restrictFieldSelector(
  selector: FieldSelector,
  supported: FieldLabelRules | Iterable<string>,
): FieldSelector {
  let accepted: ReadonlyMap<string, string>;
  let rejection: FieldLabelRejection;
  if ('accepted' in supported && 'rejection' in supported) {
    accepted = supported.accepted;
    rejection = supported.rejection;
  } else {
    accepted = new Map([...(supported as Iterable<string>)].map((f) => [f, f]));
    rejection = 'not-supported';
  }
  return selector.transform((label, value) => {
    const key = accepted.get(label);
    if (key === undefined) throw new FieldSelectorError(unsupportedFieldLabelMessage(label, rejection));
    return [key, value];
  });
}
