// Resource quantities and requirements (requests/limits) with upstream's rules: quantities parse and
// are not negative, integral resources are whole, requests never exceed limits, hugepages come in
// whole pages and need cpu or memory alongside.

import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotFound,
  fieldRequired,
} from './field-error.js';
import type { FieldPath } from './field-path.js';
import { goQuantity } from './go-syntax.js';
import { type Json, obj, objs, str } from './json-access.js';
import { isHugePageResourceName, isIntegerResourceName, isOvercommitAllowed } from './resource-names.js';
import {
  compareQuantities,
  isWholeQuantity,
  parseQuantity,
  quantityCeil,
  quantityFormatMessage,
  quantityString,
  type QuantityValue,
} from './resource-quantity.js';
import { isDNS1123Label } from './label-validation.js';

type NameRule = (name: string, path: FieldPath) => FieldError[];

/**
 * A quantity that parses, or the error upstream's decoder would have given (upstream rejects such
 * a body before validation; here it surfaces as a field error instead of being stored).
 */
export function parseQuantityAt(value: unknown, path: FieldPath): QuantityValue | FieldError {
  return (
    parseQuantity(value) ??
    fieldInvalid(path, typeof value === 'string' ? value : String(value), quantityFormatMessage)
  );
}

/** Upstream's ValidateResourceQuantityValue: not negative, whole for integral resources. */
export function validateResourceQuantityValue(
  resource: string,
  value: unknown,
  path: FieldPath,
): FieldError[] {
  const q = parseQuantityAt(value, path);
  if ('type' in q) return [q];
  const errs: FieldError[] = [];
  if (q.n < 0n) errs.push(fieldInvalid(path, quantityString(value), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(resource) && !isWholeQuantity(q)) {
    errs.push(fieldInvalid(path, goQuantity(quantityString(value)), 'must be an integer'));
  }
  return errs;
}

function hugePageError(name: string, value: unknown, q: QuantityValue): string | undefined {
  if (!isHugePageResourceName(name)) return undefined;
  const size = parseQuantity(name.slice('hugepages-'.length));
  const ok =
    size !== undefined && size.n > 0n && isWholeQuantity(size) && quantityCeil(q) % quantityCeil(size) === 0n;
  return ok ? undefined : `${quantityString(value)} is not positive integer multiple of ${name}`;
}

function validateClaims(claims: Json[], podClaimNames: ReadonlySet<string>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  claims.forEach((claim, i) => {
    const name = str(claim['name']);
    const request = str(claim['request']);
    if (name === '') {
      errs.push(fieldRequired(path.index(i)));
      return;
    }
    if (names.has(name)) {
      errs.push(fieldDuplicate(path.index(i), name));
    } else {
      let key = name;
      if (request !== '') {
        for (const msg of isDNS1123Label(request))
          errs.push(fieldInvalid(path.index(i).child('request'), request, msg));
        key += `/${request}`;
      }
      if (key !== name && names.has(key)) errs.push(fieldDuplicate(path.index(i), key));
      names.add(key);
    }
    if (!podClaimNames.has(name)) {
      const known = [...podClaimNames].sort();
      const detail =
        known.length === 0
          ? 'must be one of the names in pod.spec.resourceClaims which is empty'
          : `must be one of the names in pod.spec.resourceClaims: ${known.join(', ')}`;
      errs.push({ ...fieldNotFound(path.index(i), name), detail });
    }
  });
  return errs;
}

/** Upstream's validateResourceRequirements (containers: nameRule is validateContainerResourceName). */
export function validateResourceRequirements(
  requirements: unknown,
  nameRule: NameRule,
  podClaimNames: ReadonlySet<string>,
  path: FieldPath,
): FieldError[] {
  const r = obj(requirements) ?? {};
  const limits = obj(r['limits']) ?? {};
  const requests = obj(r['requests']) ?? {};
  const limPath = path.child('limits');
  const reqPath = path.child('requests');
  const errs: FieldError[] = [];
  let limCpuMem = false;
  let reqCpuMem = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(limits)) {
    const p = limPath.key(name);
    errs.push(...nameRule(name, p), ...validateResourceQuantityValue(name, value, p));
    const q = parseQuantity(value);
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const msg = q && hugePageError(name, value, q);
      if (msg) errs.push(fieldInvalid(p, quantityString(value), msg));
    }
    if (name === 'cpu' || name === 'memory') limCpuMem = true;
  }
  for (const [name, value] of Object.entries(requests)) {
    const p = reqPath.key(name);
    errs.push(...nameRule(name, p), ...validateResourceQuantityValue(name, value, p));
    const q = parseQuantity(value);
    const limit = limits[name];
    if (limit !== undefined) {
      const l = parseQuantity(limit);
      if (q && l) {
        const cmp = compareQuantities(q, l);
        if (cmp !== 0 && !isOvercommitAllowed(name)) {
          errs.push(
            fieldInvalid(
              reqPath,
              quantityString(value),
              `must be equal to ${name} limit of ${quantityString(limit)}`,
            ),
          );
        } else if (cmp > 0) {
          errs.push(
            fieldInvalid(
              reqPath,
              quantityString(value),
              `must be less than or equal to ${name} limit of ${quantityString(limit)}`,
            ),
          );
        }
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(fieldRequired(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const msg = q && hugePageError(name, value, q);
      if (msg) errs.push(fieldInvalid(p, quantityString(value), msg));
    }
    if (name === 'cpu' || name === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && hugePages)
    errs.push(fieldForbidden(path, 'HugePages require cpu or memory'));
  errs.push(...validateClaims(objs(r['claims']), podClaimNames, path.child('claims')));
  return errs;
}
