import type { OpenApiSchema } from '../../api/openapi/index.js';
import { isValidQuantity, quantityFormatMessage } from '../../api/validation/resource-quantity.js';

// resource.Quantity parses itself while the body is decoded, so a malformed quantity fails the
// request as a decoding error (400 "... cannot be handled as a Pod: quantities must match ..."),
// before validation could list it.

const quantityRef = '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity';
const quantityPattern = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** True when a property's own schema (before resolution) is resource.Quantity. */
export function isQuantitySchema(raw: OpenApiSchema | undefined): boolean {
  if (raw === undefined) return false;
  return raw.$ref === quantityRef || (raw.allOf ?? []).some((part) => part.$ref === quantityRef);
}

/** Upstream's ParseQuantity error for a JSON value: the format, or a suffix it does not know ("1GG"). */
export function quantityError(value: unknown): string | undefined {
  if (value === null) return undefined;
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (text === '0' || isValidQuantity(text)) return undefined;
  if (text === '' || !quantityPattern.test(text)) return quantityFormatMessage;
  return "unable to parse quantity's suffix";
}
