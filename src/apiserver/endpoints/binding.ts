import { badRequest, makeStatus } from '../../machinery/errors/index.js';
import { checkPreconditions } from '../registry/preconditions.js';
import type { ApiRequest } from '../http/api-request.js';
import { writeJson } from '../http/write-response.js';
import { contentType, decodeObjectBody, readBody } from './body.js';
import { parseDryRun } from './request-options.js';
import type { ServedResource } from './served-resource.js';
import { requestWriteOptions } from './write-options.js';
import type { AdmissionAttributes, ServerContext } from './server-context.js';

/**
 * POST pods/<name>/binding (or the bindings collection, naming the pod in the body): assigns the
 * pod to the target node once; answers 201 with a Success Status, as upstream.
 */
export async function handleBinding(
  areq: ApiRequest,
  pods: ServedResource,
  ctx: ServerContext,
  podName: string | undefined,
): Promise<void> {
  const q = areq.url.searchParams;
  const binding = decodeObjectBody(await readBody(areq.req), contentType(areq.req), 'Binding');
  const name = podName ?? binding.metadata?.name ?? '';
  if (podName !== undefined && binding.metadata?.name && binding.metadata.name !== podName) {
    throw badRequest(
      `the name of the object (${binding.metadata.name}) does not match the name on the URL (${podName})`,
    );
  }
  const target = (binding as { target?: { kind?: string; name?: string } }).target;
  if (!target?.name) throw badRequest('target.name: Required value');
  if (target.kind && target.kind !== 'Node') throw badRequest('must be empty or "Node"');
  const dryRun = parseDryRun(q.getAll('dryRun'));
  // Admission sees the Binding as a CREATE of pods/binding, as upstream's BindingREST does.
  const attrs: AdmissionAttributes = {
    areq,
    resource: pods,
    operation: 'CREATE',
    subresource: 'binding',
    namespace: areq.info.namespace,
    name,
    dryRun,
  };
  await ctx.admission.mutate(attrs, binding, undefined);
  await ctx.admission.validate(attrs, binding, undefined);
  // Upstream assigns the pod straight through its storage, past the field manager: a binding is
  // not a field owner, so the pod's managedFields never name the scheduler.
  await pods.store.guaranteedUpdate(
    areq.info.namespace,
    name,
    (current) => {
      // Upstream's BindingREST makes the Binding's uid and resourceVersion storage preconditions: a
      // scheduler's guard against binding a pod replaced or changed since it decided.
      checkPreconditions({ group: '', resource: 'pods' }, name, binding.metadata, current.metadata);
      return binding;
    },
    { ...requestWriteOptions(areq, pods, ctx, dryRun), subresource: 'binding', managedFieldsSet: true },
  );
  writeJson(areq.res, 201, makeStatus({ status: 'Success', code: 201 }));
}
