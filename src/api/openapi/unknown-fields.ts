import { isPlainObject } from '../object.js';
import type { SchemaNode } from './schema-node.js';

function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

function walk(value: unknown, node: SchemaNode, path: string, out: string[], prune = false): void {
  if (node.shape === 'array') {
    const items = node.items();
    if (Array.isArray(value) && items !== undefined)
      value.forEach((v, i) => walk(v, items, `${path}[${i}]`, out, prune));
  } else if ((node.shape === 'object' || node.shape === 'map') && isPlainObject(value)) {
    for (const [field, child] of Object.entries(value)) {
      const childNode = node.property(field);
      if (childNode === undefined) {
        out.push(join(path, field));
        if (prune) delete (value as Record<string, unknown>)[field];
      } else if (prune && child === null && node.shape === 'object' && !node.preservesUnknownFields) {
        // Decoding null into a typed struct field leaves it unset; defaulting re-adds the nulls
        // upstream prints for zero timestamps, so nothing else of a null survives.
        delete (value as Record<string, unknown>)[field];
      } else walk(child, childNode, join(path, field), out, prune);
    }
  }
  // Scalars and free-form values have no fields to be unknown; type mismatches are validation's job.
}

/**
 * The paths of fields in `value` that its schema does not declare, in upstream's notation
 * ("spec.containers[0].imagePullPolicyy"), for fieldValidation Strict (error) and Warn (warnings).
 */
export function unknownFields(value: unknown, node: SchemaNode): string[] {
  const out: string[] = [];
  walk(value, node, '', out);
  return out;
}

/**
 * Removes from `value` (in place) every field its schema does not declare, returning their paths,
 * and every null struct field: what decoding into upstream's typed structs does to them.
 */
export function pruneUnknownFields(value: unknown, node: SchemaNode): string[] {
  const out: string[] = [];
  walk(value, node, '', out, true);
  return out;
}
