import { isPlainObject } from '../object.js';
import type { SchemaNode } from './schema-node.js';

function join(path: string, field: string): string {
  return path === '' ? field : `${path}.${field}`;
}

function walk(value: unknown, node: SchemaNode, path: string, out: string[]): void {
  if (node.shape === 'array') {
    const items = node.items();
    if (Array.isArray(value) && items !== undefined)
      value.forEach((v, i) => walk(v, items, `${path}[${i}]`, out));
  } else if ((node.shape === 'object' || node.shape === 'map') && isPlainObject(value)) {
    for (const [field, child] of Object.entries(value)) {
      const childNode = node.property(field);
      if (childNode === undefined) out.push(join(path, field));
      else walk(child, childNode, join(path, field), out);
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
