import type { KubeObject } from '../../api/object.js';
import { apiVersionOf, parseApiVersion } from '../../api/scheme/resource-type.js';
import {
  badRequest,
  invalid,
  isStatusError,
  successStatus,
  unsupportedMediaType,
} from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import { writeJson } from '../http/write-response.js';
import type { WriteOptions } from '../registry/resource-store.js';
import { contentType, decodeObjectBody, jsonBodyText, parseJsonObject, readBody } from './body.js';
import { applyPatchType, handleApply } from './apply-handler.js';
import { applyPatchBody, patchTypes } from './patch-body.js';
import { writeObject } from './read-handlers.js';
import { parseDeleteOptions } from './delete-options.js';
import { selectorFilter } from './object-filter.js';
import { parseDryRun, parseFieldValidation } from './request-options.js';
import type { ServedResource } from './served-resource.js';
import { requestWriteOptions } from './write-options.js';
import type { AdmissionAttributes, ServerContext } from './server-context.js';
import { finishTypedDecode } from './typed-decode.js';
import { checkPatchedFields, checkUnknownFields } from './unknown-fields.js';
import { creationOwnership } from './create-ownership.js';

/** Checks a body's apiVersion/kind against the endpoint, filling them in when absent (400 otherwise). */
export function checkTypeMeta(object: KubeObject, served: ServedResource, kind = served.type.kind): void {
  const expected = apiVersionOf(served.type);
  if (object.apiVersion !== undefined && object.apiVersion !== '' && object.apiVersion !== expected) {
    const got = parseApiVersion(object.apiVersion);
    if (got.group !== served.type.group || object.kind !== kind) {
      throw badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
  }
  if (object.kind !== undefined && object.kind !== '' && object.kind !== kind) {
    throw badRequest(`the kind in the data (${object.kind}) does not match the expected kind (${kind})`);
  }
  object.apiVersion = expected;
  object.kind = kind;
}

/** Fills or checks metadata.namespace against the URL's namespace. */
function checkNamespace(object: KubeObject, served: ServedResource, namespace: string): void {
  const meta = (object.metadata ??= {});
  if (!served.type.namespaced) return;
  if (!meta.namespace) meta.namespace = namespace;
  else if (meta.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

function writeOptions(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
  dryRun: boolean,
  attrs: AdmissionAttributes,
): WriteOptions {
  return {
    ...requestWriteOptions(areq, served, ctx, dryRun),
    admit: (object, old) => ctx.admission.validate(attrs, object, old),
  };
}

function attributes(
  areq: ApiRequest,
  served: ServedResource,
  operation: AdmissionAttributes['operation'],
  dryRun: boolean,
  name: string,
): AdmissionAttributes {
  return {
    areq,
    resource: served,
    operation,
    subresource: areq.info.subresource,
    namespace: areq.info.namespace,
    name,
    dryRun,
  };
}

/** POST to a collection. */
export async function handleCreate(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const q = areq.url.searchParams;
  const dryRun = parseDryRun(q.getAll('dryRun'));
  const validation = parseFieldValidation(q.get('fieldValidation'));
  const body = await readBody(areq.req);
  const mediaType = contentType(areq.req);
  const object = decodeObjectBody(body, mediaType, served.type.kind);
  const bodyText = jsonBodyText(body, mediaType);
  checkUnknownFields(areq, served, object, validation, bodyText);
  checkTypeMeta(object, served);
  checkNamespace(object, served, areq.info.namespace);
  served.applyDefaults(object);
  finishTypedDecode(served, object);
  const attrs = attributes(areq, served, 'CREATE', dryRun, object.metadata?.name ?? '');
  const opts = writeOptions(areq, served, ctx, dryRun, attrs);
  const managedFields = creationOwnership(served, object, bodyText, opts);
  const stored = served.toStorage(object);
  const meta = (stored.metadata ??= {});
  if (managedFields === undefined) delete meta.managedFields;
  else meta.managedFields = managedFields;
  await ctx.admission.mutate(attrs, stored, undefined);
  const created = await served.store.create(stored, { ...opts, managedFieldsSet: true }, true);
  writeObject(areq, served, ctx, 201, created);
}

/** PUT of an object or of its status. */
export async function handleUpdate(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const { namespace, name, subresource } = areq.info;
  const q = areq.url.searchParams;
  const dryRun = parseDryRun(q.getAll('dryRun'));
  const validation = parseFieldValidation(q.get('fieldValidation'));
  const body = await readBody(areq.req);
  const mediaType = contentType(areq.req);
  const object = decodeObjectBody(body, mediaType, served.type.kind);
  checkUnknownFields(areq, served, object, validation, jsonBodyText(body, mediaType));
  checkTypeMeta(object, served);
  checkNamespace(object, served, namespace);
  const bodyName = object.metadata?.name ?? '';
  if (bodyName === '') object.metadata!.name = name;
  else if (bodyName !== name) {
    throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  }
  served.applyDefaults(object);
  finishTypedDecode(served, object);
  const stored = served.toStorage(object);
  const old = await served.store.find(namespace, name);
  // A PUT that creates the object is admitted as a CREATE, as upstream's update handler does.
  const creates = old === undefined && !subresource && served.store.strategy.allowCreateOnUpdate;
  const attrs = attributes(areq, served, creates ? 'CREATE' : 'UPDATE', dryRun, name);
  await ctx.admission.mutate(attrs, stored, old);
  const result = await served.store.update(namespace, name, stored, {
    ...writeOptions(areq, served, ctx, dryRun, attrs),
    ...(subresource ? { subresource } : {}),
  });
  writeObject(areq, served, ctx, result.created ? 201 : 200, result.object);
}

/** PATCH of an object or of its status, in the patch type the Content-Type names. */
export async function handlePatch(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const { namespace, name, subresource } = areq.info;
  const q = areq.url.searchParams;
  const dryRun = parseDryRun(q.getAll('dryRun'));
  const validation = parseFieldValidation(q.get('fieldValidation'));
  const type = contentType(areq.req);
  if (type === applyPatchType) return handleApply(areq, served, ctx);
  if (!patchTypes(served).includes(type)) throw unsupportedMediaType([...patchTypes(served), applyPatchType]);
  const body = await readBody(areq.req);
  const attrs = attributes(areq, served, 'UPDATE', dryRun, name);
  const opts = writeOptions(areq, served, ctx, dryRun, attrs);
  const updated = await served.store.guaranteedUpdate(
    namespace,
    name,
    async (current, copy) => {
      // The attempt's own copy: the patch may change it in place.
      const applied = applyPatchBody(type, body, served.fromStorage(copy()), validation, true);
      checkPatchedFields(areq, served, applied, validation);
      const patched = applied.object;
      checkTypeMeta(patched, served);
      if ((patched.metadata?.name ?? '') !== name) {
        throw invalid({ group: served.type.group, kind: served.type.kind }, name, [
          {
            type: 'FieldValueInvalid',
            field: 'metadata.name',
            badValue: patched.metadata?.name ?? '',
            detail: 'field is immutable',
          },
        ]);
      }
      served.applyDefaults(patched);
      finishTypedDecode(served, patched);
      const stored = served.toStorage(patched);
      await ctx.admission.mutate(attrs, stored, current);
      return stored;
    },
    { ...opts, ...(subresource ? { subresource } : {}) },
  );
  writeObject(areq, served, ctx, 200, updated);
}

/** DELETE of one object. */
export async function handleDelete(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const { namespace, name } = areq.info;
  const body = await readBody(areq.req);
  const options = parseDeleteOptions(
    areq.url.searchParams,
    body.length > 0 ? parseJsonObject(body) : undefined,
  );
  const attrs = attributes(areq, served, 'DELETE', options.dryRun, name);
  const old = await served.store.get(namespace, name);
  // Upstream admits a DELETE with no new object (webhooks get none); the plugins only read it here.
  await ctx.admission.mutate(attrs, old, old);
  await ctx.admission.validate(attrs, old, old);
  const outcome = await served.store.delete(
    namespace,
    name,
    options,
    writeOptions(areq, served, ctx, options.dryRun, attrs),
  );
  if (outcome.deleted && !served.store.strategy.returnDeletedObject) {
    const status = successStatus({
      name,
      group: served.type.group,
      kind: served.type.resource,
      uid: outcome.object.metadata?.uid ?? '',
    });
    writeJson(areq.res, 200, status, { warnings: areq.warnings });
    return;
  }
  const accepted = !outcome.deleted && options.orphanDependents === false;
  writeObject(areq, served, ctx, accepted ? 202 : 200, outcome.object);
}

/** DELETE of a collection: deletes every matching object and answers with the list of them. */
export async function handleDeleteCollection(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const q = areq.url.searchParams;
  const body = await readBody(areq.req);
  const options = parseDeleteOptions(q, body.length > 0 ? parseJsonObject(body) : undefined);
  const { filter, filtered } = selectorFilter(served.type, served.store.type, q);
  // Upstream admits the collection delete once (mutating stage, no name), then validates each object.
  const collection = attributes(areq, served, 'DELETE', options.dryRun, '');
  await ctx.admission.mutate(collection, { metadata: {} }, undefined);
  const page = await served.store.list({ namespace: areq.info.namespace, filter, filtered });
  const deleted: KubeObject[] = [];
  for (const item of page.items) {
    const meta = item.object.metadata ?? {};
    const attrs = attributes(areq, served, 'DELETE', options.dryRun, meta.name ?? '');
    try {
      await ctx.admission.validate(attrs, item.object, item.object);
      const outcome = await served.store.delete(
        meta.namespace ?? '',
        meta.name ?? '',
        options,
        writeOptions(areq, served, ctx, options.dryRun, attrs),
      );
      deleted.push(served.fromStorage(outcome.object));
    } catch (err) {
      // Someone else deleted it first: that is the outcome we wanted.
      if (!isStatusError(err, 'NotFound')) throw err;
    }
  }
  writeJson(
    areq.res,
    200,
    { kind: served.type.listKind, apiVersion: apiVersionOf(served.type), metadata: {}, items: deleted },
    { warnings: areq.warnings },
  );
}
