// JSON patch (RFC 6902, `application/json-patch+json`) exactly as the apiserver applies it with
// evanphx/json-patch v4, including where that library departs from the RFC (clients depend on
// the observable behaviour, not on the RFC text):
// - paths are split on "/" and anything before the first "/" is ignored; "" addresses nothing
//   except for `replace` and `test`, which take it as the whole document;
// - array indices are parsed like Go's strconv.Atoi (leading zeros, "+" allowed) and negative
//   indices count from the end;
// - `replace` of a missing object member adds it; replacing the whole document by a scalar is a
//   silent no-op;
// - a null member reads like a missing one: `test` with value null passes for both, `copy` from
//   a missing member copies null;
// - `copy` is limited by the total size it adds (3 MiB in the apiserver).
// Error messages follow the library's; the apiserver hides them behind a generic 422 anyway.

import { isPlainObject, type JsonValue } from '../../api/object.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { splitPatchPath } from './json-pointer.js';
import { goJsonTypeName, type FieldValidation } from './merge-patch.js';
import { PatchError } from './patch-error.js';

/** A well-formed JSON patch operation, for code that builds patches. */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: JsonValue }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string };

/** An operation as decoded from a request body: any members (checked while applying), or null. */
export type JsonPatchOperationInput = Readonly<Record<string, JsonValue | undefined>> | null;

/** The most operations one patch may carry (the apiserver's maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** The most bytes `copy` operations may add to a document (the apiserver's JSONPatchMaxCopyBytes). */
export const DEFAULT_MAX_COPY_BYTES = 3 * 1024 * 1024;

/** Options of applyJsonPatch. */
export interface ApplyJsonPatchOptions {
  /** Limit on the total encoded size of copied values; 0 disables it. */
  readonly maxCopyBytes?: number;
}

/** The decoded body of a JSON patch request. */
export interface DecodedJsonPatch {
  readonly operations: JsonPatchOperationInput[];
  /** Strict-decoding problems (unknown members), to become warnings (Warn) or a 422 (Strict). */
  readonly strictErrors: string[];
}

const knownMembers = new Set(['op', 'path', 'from', 'value']);

/**
 * Decodes a JSON patch body (already JSON-parsed) as the apiserver does: with Strict or Warn field
 * validation the body must be an array of objects whose op/path/from are strings, else PatchError
 * 'decode' with "error decoding patch: ..."; with Ignore only the array-of-objects shape is
 * checked. More than MAX_JSON_PATCH_OPERATIONS throws PatchError 'too-many-operations'.
 */
export function decodeJsonPatch(body: unknown, fieldValidation: FieldValidation = 'Warn'): DecodedJsonPatch {
  const strict = fieldValidation !== 'Ignore';
  const fail = (message: string): PatchError =>
    new PatchError('decode', strict ? `error decoding patch: ${message}` : message);
  const strictErrors: string[] = [];
  let operations: JsonPatchOperationInput[] = [];
  if (body !== null) {
    if (!Array.isArray(body)) {
      const target = strict ? '[]handlers.jsonPatchOp' : 'jsonpatch.Patch';
      throw fail(`json: cannot unmarshal ${goJsonTypeName(body)} into Go value of type ${target}`);
    }
    for (const [index, element] of (body as unknown[]).entries()) {
      if (element !== null && !isPlainObject(element)) {
        const target = strict ? 'handlers.jsonPatchOp' : 'jsonpatch.Operation';
        throw fail(`json: cannot unmarshal ${goJsonTypeName(element)} into Go value of type ${target}`);
      }
      if (strict && element !== null) {
        for (const [member, value] of Object.entries(element)) {
          if (!knownMembers.has(member)) {
            strictErrors.push(`json patch unknown field ${goQuote(`[${index}].${member}`)}`);
          } else if (member !== 'value' && value !== null && typeof value !== 'string') {
            throw fail(
              `json: cannot unmarshal ${goJsonTypeName(value)} into Go struct field jsonPatchOp.${member} of type string`,
            );
          }
        }
      }
    }
    operations = body as JsonPatchOperationInput[];
  }
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new PatchError(
      'too-many-operations',
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${operations.length}`,
    );
  }
  return { operations, strictErrors };
}

type JsonMap = { [key: string]: JsonValue };

/** The document being patched; `value` can change wholesale (replace of ""). */
interface Root {
  value: JsonValue;
}

class Failure extends Error {}

const missing = 'missing value';
const invalidIndex = 'invalid index referenced';

// Go's strconv.Atoi on a 64-bit platform.
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new Failure(`strconv.Atoi: parsing ${goQuote(key)}: invalid syntax`);
  const n = BigInt(key);
  if (n < -(1n << 63n) || n > (1n << 63n) - 1n)
    throw new Failure(`strconv.Atoi: parsing ${goQuote(key)}: value out of range`);
  // Anything beyond the safe range is out of any array's bounds; keep the sign and a large size.
  return n > BigInt(Number.MAX_SAFE_INTEGER)
    ? Number.MAX_SAFE_INTEGER
    : n < -BigInt(Number.MAX_SAFE_INTEGER)
      ? -Number.MAX_SAFE_INTEGER
      : Number(n);
}

function invalidIndexError(idx: number): Failure {
  return new Failure(`Unable to access invalid index: ${idx}: ${invalidIndex}`);
}

// Container operations; null members and elements read as "nil", like missing ones.
function containerGet(c: JsonMap | JsonValue[], key: string): JsonValue {
  if (!Array.isArray(c)) return Object.hasOwn(c, key) ? (c[key] as JsonValue) : null;
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -c.length) throw invalidIndexError(idx);
    idx += c.length;
  }
  if (idx >= c.length) throw invalidIndexError(idx);
  return c[idx] as JsonValue;
}

function containerHas(c: JsonMap | JsonValue[], key: string): boolean {
  if (!Array.isArray(c)) return true; // objects never fail a get
  containerGet(c, key);
  return true;
}

function containerSet(c: JsonMap | JsonValue[], key: string, value: JsonValue): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -c.length) throw invalidIndexError(idx);
    idx += c.length;
  }
  c[idx] = value;
}

function containerAdd(c: JsonMap | JsonValue[], key: string, value: JsonValue): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  if (key === '-') {
    c.push(value);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (err) {
    throw new Failure(`value was not a proper array index: '${key}': ${(err as Error).message}`);
  }
  const size = c.length + 1;
  if (idx >= size) throw invalidIndexError(idx);
  if (idx < 0) {
    if (idx < -size) throw invalidIndexError(idx);
    idx += size;
  }
  c.splice(idx, 0, value);
}

function containerRemove(c: JsonMap | JsonValue[], key: string): void {
  if (!Array.isArray(c)) {
    if (!Object.hasOwn(c, key)) throw new Failure(`Unable to remove nonexistent key: ${key}: ${missing}`);
    delete c[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= c.length) throw invalidIndexError(idx);
  if (idx < 0) {
    if (idx < -c.length) throw invalidIndexError(idx);
    idx += c.length;
  }
  c.splice(idx, 1);
}

/** The container holding the path's last token, and that token; undefined when unreachable. */
function findObject(root: Root, path: string): [JsonMap | JsonValue[], string] | undefined {
  const split = splitPatchPath(path);
  if (split === undefined) return undefined;
  let c = root.value;
  if (!Array.isArray(c) && !isPlainObject(c)) return undefined;
  for (const part of split.parents) {
    let next: JsonValue;
    try {
      next = containerGet(c as JsonMap | JsonValue[], part);
    } catch {
      return undefined;
    }
    if (!Array.isArray(next) && !isPlainObject(next)) return undefined;
    c = next;
  }
  return [c as JsonMap | JsonValue[], split.key];
}

function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((e, i) => deepEqual(e, b[i] as JsonValue));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ak = Object.keys(a);
    if (ak.length !== Object.keys(b).length) return false;
    return ak.every(
      (k) => Object.hasOwn(b, k) && deepEqual((a as JsonMap)[k] as JsonValue, (b as JsonMap)[k] as JsonValue),
    );
  }
  return false;
}

// The size Go's json.Marshal gives a value: it escapes <, > and & (and U+2028/9) as \uXXXX.
function goJsonSize(v: JsonValue): number {
  const text = JSON.stringify(v);
  let extra = 0;
  for (const ch of text) {
    if (ch === '<' || ch === '>' || ch === '&') extra += 5;
    else if (ch === '\u2028' || ch === '\u2029') extra += 3;
  }
  return Buffer.byteLength(text, 'utf8') + extra;
}

function stringMember(op: NonNullable<JsonPatchOperationInput>, name: 'path' | 'from'): string | undefined {
  const v = op[name];
  return typeof v === 'string' ? v : undefined;
}

function valueOf(op: NonNullable<JsonPatchOperationInput>): JsonValue {
  return structuredClone(op.value ?? null);
}

function wrap(prefix: string, err: unknown): Failure {
  return new Failure(`${prefix}: ${err instanceof Error ? err.message : String(err)}`);
}

function applyOne(
  root: Root,
  op: JsonPatchOperationInput,
  copied: { bytes: number },
  maxCopyBytes: number,
): void {
  const kind = op !== null && typeof op.op === 'string' ? op.op : 'unknown';
  if (op === null) throw new Failure(`Unexpected kind: ${kind}`);
  const path = stringMember(op, 'path');
  switch (kind) {
    case 'add': {
      if (path === undefined) throw new Failure(`add operation failed to decode path: ${missing}`);
      const found = findObject(root, path);
      if (!found)
        throw new Failure(`add operation does not apply: doc is missing path: "${path}": ${missing}`);
      try {
        containerAdd(found[0], found[1], valueOf(op));
      } catch (err) {
        throw wrap(`error in add for path: '${path}'`, err);
      }
      return;
    }
    case 'remove': {
      if (path === undefined) throw new Failure(`remove operation failed to decode path: ${missing}`);
      const found = findObject(root, path);
      if (!found)
        throw new Failure(`remove operation does not apply: doc is missing path: "${path}": ${missing}`);
      try {
        containerRemove(found[0], found[1]);
      } catch (err) {
        throw wrap(`error in remove for path: '${path}'`, err);
      }
      return;
    }
    case 'replace': {
      if (path === undefined) {
        throw new Failure(
          `replace operation failed to decode path: operation missing path field: ${missing}`,
        );
      }
      if (path === '') {
        const value = valueOf(op);
        // Upstream wraps a nil error here, so a scalar replacement of the root silently does nothing.
        if (Array.isArray(value) || isPlainObject(value)) root.value = value;
        return;
      }
      const found = findObject(root, path);
      if (!found)
        throw new Failure(`replace operation does not apply: doc is missing path: ${path}: ${missing}`);
      try {
        containerHas(found[0], found[1]);
      } catch {
        throw new Failure(`replace operation does not apply: doc is missing key: ${path}: ${missing}`);
      }
      containerSet(found[0], found[1], valueOf(op));
      return;
    }
    case 'move': {
      const from = stringMember(op, 'from');
      if (from === undefined) {
        throw new Failure(`move operation failed to decode from: operation, missing from field: ${missing}`);
      }
      const source = findObject(root, from);
      if (!source)
        throw new Failure(`move operation does not apply: doc is missing from path: ${from}: ${missing}`);
      let value: JsonValue;
      try {
        value = containerGet(source[0], source[1]);
        containerRemove(source[0], source[1]);
      } catch (err) {
        throw wrap(`error in move for path: '${source[1]}'`, err);
      }
      if (path === undefined) {
        throw new Failure(`move operation failed to decode path: operation missing path field: ${missing}`);
      }
      const dest = findObject(root, path);
      if (!dest)
        throw new Failure(
          `move operation does not apply: doc is missing destination path: ${path}: ${missing}`,
        );
      try {
        containerAdd(dest[0], dest[1], value);
      } catch (err) {
        throw wrap(`error in move for path: '${path}'`, err);
      }
      return;
    }
    case 'test': {
      if (path === undefined) {
        throw new Failure(`test operation failed to decode path: operation missing path field: ${missing}`);
      }
      const expected = op.value ?? null;
      if (path === '') {
        if (deepEqual(root.value, expected)) return;
        throw new Failure(`testing value ${path} failed: test failed`);
      }
      const found = findObject(root, path);
      if (!found) throw new Failure(`test operation does not apply: is missing path: ${path}: ${missing}`);
      let actual: JsonValue;
      try {
        actual = containerGet(found[0], found[1]);
      } catch (err) {
        throw wrap(`error in test for path: '${path}'`, err);
      }
      if (deepEqual(actual, expected)) return;
      throw new Failure(`testing value ${path} failed: test failed`);
    }
    case 'copy': {
      const from = stringMember(op, 'from');
      if (from === undefined) {
        throw new Failure(`copy operation failed to decode from: operation, missing from field: ${missing}`);
      }
      const source = findObject(root, from);
      if (!source)
        throw new Failure(`copy operation does not apply: doc is missing from path: ${from}: ${missing}`);
      let value: JsonValue;
      try {
        value = containerGet(source[0], source[1]);
      } catch (err) {
        throw wrap(`error in copy for from: '${from}'`, err);
      }
      if (path === undefined) throw new Failure(`copy operation failed to decode path: ${missing}`);
      const dest = findObject(root, path);
      if (!dest)
        throw new Failure(
          `copy operation does not apply: doc is missing destination path: ${path}: ${missing}`,
        );
      copied.bytes += goJsonSize(value);
      if (maxCopyBytes > 0 && copied.bytes > maxCopyBytes) {
        throw new Failure(
          `Unable to complete the copy, the accumulated size increase of copy is ${copied.bytes}, exceeding the limit ${maxCopyBytes}`,
        );
      }
      try {
        containerAdd(dest[0], dest[1], structuredClone(value));
      } catch (err) {
        throw wrap('error while adding value during copy', err);
      }
      return;
    }
    default:
      throw new Failure(`Unexpected kind: ${kind}`);
  }
}

/**
 * Applies JSON patch operations to a document and returns the result, leaving both inputs
 * untouched. Throws PatchError 'apply' (a 422 upstream) with evanphx/json-patch's message when an
 * operation does not apply or a `test` fails.
 */
export function applyJsonPatch(
  doc: JsonValue,
  operations: readonly (JsonPatchOperation | JsonPatchOperationInput)[],
  options: ApplyJsonPatchOptions = {},
): JsonValue {
  if (!Array.isArray(doc) && !isPlainObject(doc)) {
    throw new PatchError(
      'apply',
      `json: cannot unmarshal ${goJsonTypeName(doc)} into Go value of type jsonpatch.partialDoc`,
    );
  }
  const root: Root = { value: structuredClone(doc) };
  const copied = { bytes: 0 };
  const maxCopyBytes = options.maxCopyBytes ?? DEFAULT_MAX_COPY_BYTES;
  for (const op of operations) {
    try {
      applyOne(root, op as JsonPatchOperationInput, copied, maxCopyBytes);
    } catch (err) {
      if (err instanceof Failure) throw new PatchError('apply', err.message);
      throw err;
    }
  }
  return root.value;
}
