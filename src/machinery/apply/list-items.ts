// Naming the elements of a granular list: by their key fields (list-type=map) or by their value
// (list-type=set). Errors carry upstream's messages, since they surface in API responses.
import { goQuote } from '../../api/validation/go-quote.js';
import type { ListType } from './apply-type.js';
import { isMap } from './json-value.js';
import { keyElement, serializePathElement, type KeyField, type PathElement } from './path-element.js';

/** The path element naming one element of an associative list, or an error message. */
export function listItemElement(list: ListType, item: unknown): PathElement | { readonly error: string } {
  if (list.atomic) return { error: 'invalid indexing of non-associative list' };
  if (list.keys.length > 0) {
    if (item === null) return { error: 'associative list with keys may not have a null element' };
    if (!isMap(item)) return { error: 'associative list with keys may not have non-map elements' };
    const fields: KeyField[] = [];
    for (const name of list.keys) {
      const v = item[name];
      if (v !== undefined) {
        fields.push({ name, value: v });
        continue;
      }
      const def = list.keyDefault(name);
      if (def === undefined)
        return {
          error: `associative list with keys has an element that omits key field ${goQuote(name)} (and doesn't have default value)`,
        };
      fields.push({ name, value: def });
    }
    return keyElement(fields);
  }
  if (isMap(item)) return { error: "associative list without keys has an element that's a map type" };
  if (Array.isArray(item)) return { error: 'not supported: associative list with lists as elements' };
  if (item === null || item === undefined)
    return { error: "associative list without keys has an element that's an explicit null" };
  return { value: item };
}

/** Thrown by the walkers when a value does not fit its schema; the message is upstream's. */
export class ApplyTypeError extends Error {}

/** One element of a list, named. */
export interface NamedItem {
  readonly pe: PathElement;
  /** The map key of the element (its serialized path element). */
  readonly id: string;
  readonly item: unknown;
}

/** Names every element of a list, in order; throws ApplyTypeError like upstream's walkers. */
export function nameItems(list: ListType, items: readonly unknown[]): NamedItem[] {
  return items.map((item, i) => {
    const pe = listItemElement(list, item);
    if ('error' in pe) throw new ApplyTypeError(`element ${i}: ${pe.error}`);
    return { pe, id: serializePathElement(pe), item };
  });
}
