import { apiVersionOf } from '../../api/scheme/resource-type.js';
import type { ApiRequest } from '../http/api-request.js';
import type { WriteOptions } from '../registry/resource-store.js';
import { fieldManagerOf } from './request-options.js';
import type { ServedResource } from './served-resource.js';
import type { ServerContext } from './server-context.js';

/**
 * What every write a request makes to `served` carries: its time, dry run, user, field manager
 * (the fieldManager parameter, else derived from the User-Agent) and the API version it speaks.
 */
export function requestWriteOptions(
  areq: ApiRequest,
  served: ServedResource,
  ctx: ServerContext,
  dryRun: boolean,
): WriteOptions {
  return {
    now: ctx.now(),
    dryRun,
    user: areq.user,
    fieldManager: fieldManagerOf(areq.url.searchParams, areq.req.headers['user-agent']),
    apiVersion: apiVersionOf(served.type),
  };
}
