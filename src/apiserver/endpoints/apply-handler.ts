import type { KubeObject } from '../../api/object.js';
import { apiVersionOf } from '../../api/scheme/resource-type.js';
import { apply, applyTypeForKind, customResourceType, parseApplyBody } from '../../machinery/apply/index.js';
import { badRequest, invalid } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import type { WriteOptions } from '../registry/resource-store.js';
import { readBody } from './body.js';
import { writeObject } from './read-handlers.js';
import { parseDryRun } from './request-options.js';
import type { ServedResource } from './served-resource.js';
import type { AdmissionAttributes, ServerContext } from './server-context.js';
import { finishTypedDecode } from './typed-decode.js';
import { resetFieldsFor } from './create-ownership.js';
import { checkApplyBodyTypes } from './unknown-fields.js';

/** The media type of a server-side apply PATCH. */
export const applyPatchType = 'application/apply-patch+yaml';

/**
 * PATCH with application/apply-patch+yaml (server-side apply): merges the applied configuration
 * into the live object (or creates it: 201), tracking field ownership per manager; conflicts with
 * other managers are a 409 unless force=true.
 */
export async function handleApply(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const { namespace, name, subresource } = areq.info;
  const q = areq.url.searchParams;
  const manager = q.get('fieldManager');
  if (manager === null || manager === '') {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
      {
        type: 'FieldValueRequired',
        field: 'fieldManager',
        badValue: '',
        detail: 'is required for apply patch',
      },
    ]);
  }
  const force = q.get('force') === 'true';
  const dryRun = parseDryRun(q.getAll('dryRun'));
  const applied = parseApplyBody(await readBody(areq.req));
  checkApplyBodyTypes(served, applied);
  const meta = applied.metadata ?? {};
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
  }
  if (served.type.namespaced && meta.namespace !== undefined && meta.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const { group, version, kind } = served.type;
  const type = applyTypeForKind({ group, version, kind }) ?? customResourceType();
  const resetFields = resetFieldsFor(served, subresource);
  const attrs: AdmissionAttributes = {
    areq,
    resource: served,
    operation: 'UPDATE',
    subresource,
    namespace,
    name,
    dryRun,
  };
  const opts: WriteOptions = {
    now: ctx.now(),
    dryRun,
    user: areq.user,
    fieldManager: manager,
    apiVersion: apiVersionOf(served.type),
    admit: (object, old) => ctx.admission.validate(attrs, object, old),
    managedFieldsSet: true,
  };
  const merge = (live: KubeObject | undefined): KubeObject => {
    const outcome = apply({
      live,
      applied,
      manager,
      force,
      type,
      apiVersion: apiVersionOf(served.type),
      kind,
      now: opts.now,
      ...(subresource ? { subresource } : {}),
      resetFields,
    });
    if (!outcome.ok) throw outcome.error;
    const object = outcome.object;
    object.metadata = { ...object.metadata, name, ...(served.type.namespaced ? { namespace } : {}) };
    if (outcome.managedFields === undefined) delete object.metadata.managedFields;
    else
      object.metadata.managedFields = outcome.managedFields as NonNullable<
        KubeObject['metadata']
      >['managedFields'];
    served.applyDefaults(object);
    finishTypedDecode(served, object);
    return served.toStorage(object);
  };

  const live = await served.store.find(namespace, name);
  if (live === undefined && !subresource) {
    const object = merge(undefined);
    await ctx.admission.mutate({ ...attrs, operation: 'CREATE' }, object, undefined);
    const created = await served.store.create(object, {
      ...opts,
      admit: (o) => ctx.admission.validate({ ...attrs, operation: 'CREATE' }, o, undefined),
    });
    writeObject(areq, served, ctx, 201, created);
    return;
  }
  const updated = await served.store.guaranteedUpdate(
    namespace,
    name,
    async (current, copy) => {
      const next = merge(served.fromStorage(copy()));
      await ctx.admission.mutate(attrs, next, current);
      return next;
    },
    { ...opts, ...(subresource ? { subresource } : {}) },
  );
  writeObject(areq, served, ctx, 200, updated);
}
