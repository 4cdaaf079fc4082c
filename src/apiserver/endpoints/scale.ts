import type { KubeObject } from '../../api/object.js';
import { formatLabelSelector, labelsToString } from '../../machinery/labels/index.js';
import { badRequest, invalid } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import { writeJson } from '../http/write-response.js';
import { contentType, decodeObjectBody, readBody } from './body.js';
import { applyPatchBody, patchTypes } from './patch-body.js';
import { parseDryRun, parseFieldValidation, type FieldValidation } from './request-options.js';
import type { ServedResource } from './served-resource.js';
import { requestWriteOptions } from './write-options.js';
import type { AdmissionAttributes, ServerContext } from './server-context.js';
import { unsupportedMediaType } from '../../machinery/errors/index.js';

interface Scalable {
  spec?: { replicas?: number; selector?: unknown };
  status?: { replicas?: number; selector?: string };
}

/** The autoscaling/v1 Scale view of a scalable object (upstream's scale subresource). */
export function scaleOf(object: KubeObject): Record<string, unknown> {
  const o = object as KubeObject & Scalable;
  const meta = object.metadata ?? {};
  const selector = o.spec?.selector;
  // ReplicationControllers select with a plain map; the apps kinds with a LabelSelector.
  const selectorText =
    selector && typeof selector === 'object' && ('matchLabels' in selector || 'matchExpressions' in selector)
      ? formatLabelSelector(selector as Parameters<typeof formatLabelSelector>[0])
      : labelsToString(selector as Record<string, string> | undefined);
  const scale: Record<string, unknown> = {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: o.spec?.replicas ?? 0 },
    status: { replicas: o.status?.replicas ?? 0, ...(selectorText ? { selector: selectorText } : {}) },
  };
  return scale;
}

function replicasFrom(scale: KubeObject): number {
  const replicas = (scale as { spec?: { replicas?: unknown } }).spec?.replicas;
  if (replicas === undefined) return 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas))
    throw badRequest('spec.replicas must be an integer');
  return replicas;
}

// A patched Scale: the patch body's own strict findings are reported as for any patch (the Scale
// has no fields beyond replicas to be unknown).
function patchScale(
  areq: ApiRequest,
  type: string,
  body: Buffer,
  scale: KubeObject,
  validation: FieldValidation,
): KubeObject {
  const applied = applyPatchBody(type, body, scale, validation);
  if (applied.strictErrors.length > 0 && validation === 'Strict') {
    throw invalid({ group: '', kind: '' }, '', [
      {
        type: 'FieldValueInvalid',
        field: 'patch',
        badValue: applied.invalidValue(),
        detail: `strict decoding error: ${applied.strictErrors.join(', ')}`,
      },
    ]);
  }
  if (validation === 'Warn') areq.warnings.push(...applied.strictErrors);
  return applied.object;
}

/** GET, PUT and PATCH of <resource>/<name>/scale. */
export async function handleScale(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
): Promise<void> {
  const { namespace, name, verb } = areq.info;
  const store = served.store;
  if (verb === 'get') {
    writeJson(areq.res, 200, scaleOf(await store.get(namespace, name)));
    return;
  }
  const q = areq.url.searchParams;
  const dryRun = parseDryRun(q.getAll('dryRun'));
  const validation = parseFieldValidation(q.get('fieldValidation'));
  const type = contentType(areq.req);
  if (verb === 'patch' && !patchTypes(served).includes(type)) throw unsupportedMediaType(patchTypes(served));
  const body = await readBody(areq.req);
  const put = verb === 'update' ? decodeObjectBody(body, type, 'Scale') : undefined;
  // Admission sees the Scale (new and old) as an UPDATE of <resource>/scale, as upstream's ScaleREST.
  const attrs: AdmissionAttributes = {
    areq,
    resource: served,
    operation: 'UPDATE',
    subresource: 'scale',
    namespace,
    name,
    dryRun,
  };
  const updated = await store.guaranteedUpdate(
    namespace,
    name,
    async (current, copy) => {
      const scale = scaleOf(current) as KubeObject;
      const wanted = put ? structuredClone(put) : patchScale(areq, type, body, scale, validation);
      await ctx.admission.mutate(attrs, wanted, scale);
      await ctx.admission.validate(attrs, wanted, scale);
      const precondition = wanted.metadata?.resourceVersion;
      const next = copy() as KubeObject & Scalable;
      next.spec = { ...next.spec, replicas: replicasFrom(wanted) };
      if (precondition) next.metadata = { ...next.metadata, resourceVersion: precondition };
      return next;
    },
    { ...requestWriteOptions(areq, served, ctx, dryRun), subresource: 'scale' },
  );
  writeJson(areq.res, 200, scaleOf(updated), { warnings: areq.warnings });
}
