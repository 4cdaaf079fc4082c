import { methodNotSupported } from '../../machinery/errors/index.js';
import { issueTokenRequest } from '../authn/token-request.js';
import type { ApiRequest } from '../http/api-request.js';
import { writeJson } from '../http/write-response.js';
import { contentType, decodeObjectBody, readBody } from './body.js';
import type { ServerContext } from './server-context.js';

/**
 * POST serviceaccounts/<name>/token (`kubectl create token`): issues a TokenRequest's token and
 * answers 201 with the TokenRequest and its status; nothing is stored.
 */
export async function handleTokenRequest(areq: ApiRequest, ctx: ServerContext): Promise<void> {
  const { namespace, name } = areq.info;
  if (ctx.tokens === undefined) {
    throw methodNotSupported({ group: '', resource: 'serviceaccounts/token' }, 'create');
  }
  const request = decodeObjectBody(await readBody(areq.req), contentType(areq.req), 'TokenRequest');
  const issued = await issueTokenRequest(ctx.tokens.issuer, {
    namespace,
    name,
    request,
    now: ctx.now().getTime(),
  });
  areq.warnings.push(...issued.warnings);
  writeJson(areq.res, 201, issued.tokenRequest, { warnings: areq.warnings });
}
