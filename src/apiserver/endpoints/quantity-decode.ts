import { isPlainObject } from '../../api/object.js';
import type { OpenApiSchema, SchemaNode } from '../../api/openapi/index.js';
import { isValidQuantity, quantityFormatMessage } from '../../api/validation/resource-quantity.js';

// resource.Quantity parses itself while the body is decoded, so a malformed quantity fails the
// request as a decoding error (400 "... cannot be handled as a Pod: quantities must match ..."),
// before validation could list it.

const quantityRef = '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity';
const quantityPattern = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

function isQuantitySchema(raw: OpenApiSchema | undefined): boolean {
  if (raw === undefined) return false;
  return raw.$ref === quantityRef || (raw.allOf ?? []).some((part) => part.$ref === quantityRef);
}

// Upstream's ParseQuantity errors: the format, or a suffix it does not know ("1GG").
function quantityError(value: unknown): string | undefined {
  if (value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (text === '0' || isValidQuantity(text)) return undefined;
  if (text === '' || !quantityPattern.test(text)) return quantityFormatMessage;
  return "unable to parse quantity's suffix";
}

function walk(value: unknown, node: SchemaNode): string | undefined {
  if (node.shape === 'array' && Array.isArray(value)) {
    const items = node.items();
    if (items === undefined) return undefined;
    for (const item of value) {
      const found = isQuantitySchema(node.schema.items) ? quantityError(item) : walk(item, items);
      if (found) return found;
    }
  } else if ((node.shape === 'object' || node.shape === 'map') && isPlainObject(value)) {
    const values = node.schema.additionalProperties;
    for (const [field, child] of Object.entries(value)) {
      const childNode = node.property(field);
      if (childNode === undefined) continue;
      const raw = node.schema.properties?.[field] ?? (typeof values === 'object' ? values : undefined);
      const found = isQuantitySchema(raw) ? quantityError(child) : walk(child, childNode);
      if (found) return found;
    }
  }
  return undefined;
}

/** The error decoding `object` would stop at for its first malformed resource.Quantity, if any. */
export function findBadQuantity(object: unknown, node: SchemaNode): string | undefined {
  return walk(object, node);
}
