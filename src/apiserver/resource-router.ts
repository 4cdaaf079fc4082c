import { methodNotSupported, notFound, genericServerResponse } from '../machinery/errors/index.js';
import type { Verb } from '../api/scheme/resource-type.js';
import type { ApiRequest } from './http/api-request.js';
import { handleGet, handleList, handleWatch } from './endpoints/read-handlers.js';
import { handleScale } from './endpoints/scale.js';
import type { ServerContext } from './endpoints/server-context.js';
import { handleBinding } from './endpoints/binding.js';
import { handleEviction } from './endpoints/eviction.js';
import { handleReview, reviewResources } from './endpoints/reviews.js';
import { handleTokenRequest } from './endpoints/service-account-token.js';
import { routeConnect } from './endpoints/connect-router.js';
import {
  handleCreate,
  handleDelete,
  handleDeleteCollection,
  handlePatch,
  handleUpdate,
} from './endpoints/write-handlers.js';
import type { ResourceRegistry } from './resource-registry.js';

/** Answers a request for an unknown API path the way upstream's apiserver does. */
export function resourceNotFound(): Error {
  return genericServerResponse({ code: 404, serverMessage: '' });
}

/** Dispatches a resource request (/api/v1/..., /apis/<g>/<v>/...) to its endpoint by verb and subresource. */
export async function routeResource(
  areq: ApiRequest,
  registry: ResourceRegistry,
  ctx: ServerContext,
): Promise<void> {
  const { apiGroup, apiVersion, resource, subresource, verb, name } = areq.info;
  const served = registry.lookup(apiGroup, apiVersion, resource);
  if (served === undefined) throw resourceNotFound();
  const qr = { group: served.type.group, resource: served.type.resource };
  if (reviewResources.has(`${served.type.group}/${served.type.resource}`)) {
    if (verb !== 'create' || name !== '' || subresource !== '') throw methodNotSupported(qr, verb);
    return handleReview(areq, served, ctx);
  }
  if (subresource === '') {
    if (!served.type.verbs.includes(verb as Verb)) {
      // POST to the bindings collection is the one create on a resource named by its body.
      throw methodNotSupported(qr, verb);
    }
    switch (verb) {
      case 'get':
        return handleGet(areq, served, ctx);
      case 'list':
        return handleList(areq, served, ctx);
      case 'watch':
        return handleWatch(areq, served, ctx);
      case 'create':
        if (name !== '') throw methodNotSupported(qr, verb);
        if (served.type.group === '' && served.type.resource === 'bindings') {
          return handleBinding(areq, registry.preferred('', 'pods'), ctx, undefined);
        }
        return handleCreate(areq, served, ctx);
      case 'update':
        return handleUpdate(areq, served, ctx);
      case 'patch':
        return handlePatch(areq, served, ctx);
      case 'delete':
        return handleDelete(areq, served, ctx);
      case 'deletecollection':
        return handleDeleteCollection(areq, served, ctx);
      default:
        throw methodNotSupported(qr, verb);
    }
  }
  const sub = served.type.subresources.find((s) => s.name === subresource);
  if (sub === undefined || name === '') throw notFound(qr, name);
  // log, exec, attach, portforward and proxy stream to a kubelet, pod or service.
  const connect = routeConnect(areq, served, registry, ctx);
  if (connect !== undefined) return connect;
  if (!sub.verbs.includes(verb as Verb))
    throw methodNotSupported({ group: qr.group, resource: `${qr.resource}/${subresource}` }, verb);
  switch (subresource) {
    case 'scale':
      return handleScale(areq, served, ctx);
    case 'binding':
      return handleBinding(areq, served, ctx, name);
    case 'eviction':
      return handleEviction(areq, served, registry.preferred('policy', 'poddisruptionbudgets'), ctx);
    case 'token':
      return handleTokenRequest(areq, ctx);
    default:
      // status, finalize, ephemeralcontainers: the object itself, written through its subresource rules.
      if (verb === 'get') return handleGet(areq, served, ctx);
      if (verb === 'patch') return handlePatch(areq, served, ctx);
      return handleUpdate(areq, served, ctx);
  }
}
