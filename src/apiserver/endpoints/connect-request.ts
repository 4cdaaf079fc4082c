// What every connect subresource (pods/exec, attach, portforward, proxy; services/proxy;
// nodes/proxy) does before it connects anywhere, as upstream's ConnectResource handler: refuse
// dryRun, and run admission with the CONNECT operation on the request's options object. As in
// 1.32, a WebSocket exec/attach/portforward (a GET) is authorized as `get`; 1.35 added `create`.

import type { KubeObject } from '../../api/object.js';
import { badRequest } from '../../machinery/errors/index.js';
import type { ApiRequest } from '../http/api-request.js';
import type { ServedResource } from './served-resource.js';
import type { AdmissionAttributes, ServerContext } from './server-context.js';

/** Upstream's 400 for `?dryRun` on a connect request. */
export function refuseDryRun(query: URLSearchParams): void {
  if (query.getAll('dryRun').length > 0) throw badRequest('dryRun is not supported');
}

/**
 * Admission of a connect request: the mutating, then the validating stage with operation CONNECT
 * and the options object (PodExecOptions, NodeProxyOptions, ...) as the object, as upstream's
 * ConnectResource admits it. Only the plugins that handle CONNECT (the webhooks) take part.
 */
export async function admitConnect(
  areq: ApiRequest,
  served: ServedResource,
  options: KubeObject,
  ctx: ServerContext,
): Promise<void> {
  const attrs: AdmissionAttributes = {
    areq,
    resource: served,
    operation: 'CONNECT',
    subresource: areq.info.subresource,
    namespace: areq.info.namespace,
    name: areq.info.name,
    dryRun: false,
  };
  await ctx.admission.mutate(attrs, options, undefined);
  await ctx.admission.validate(attrs, options, undefined);
}
