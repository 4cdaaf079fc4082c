// Service account issuer discovery (upstream's ServiceAccountIssuerDiscovery): the OpenID Connect
// discovery document and the key set that verifies the tokens this server issues, so relying
// parties outside the cluster can check them. Who may read them is RBAC's business
// (system:service-account-issuer-discovery, bound to system:serviceaccounts).
import type { KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { jwks, openIdConfiguration } from '../authn/openid-metadata.js';
import { writeJson } from '../http/write-response.js';

/** The discovery document's path. */
export const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';
/** The key set's path. */
export const JWKS_PATH = '/openid/v1/jwks';

/** The issuer whose metadata is served and the keys that verify its tokens. */
export interface IssuerDiscovery {
  /** --service-account-issuer. */
  readonly issuer: string;
  readonly publicKeys: readonly KeyObject[];
}

// Overrides the apiserver's usual `no-cache, private`: the documents are public and change rarely.
const cacheControl = 'public, max-age=3600';

/**
 * Serves `path` when it is one of the two documents and returns true; false otherwise. Without a
 * --service-account-jwks-uri the key set is advertised at this server's external address, as
 * upstream does.
 */
export function serveIssuerDiscovery(
  res: ServerResponse,
  path: string,
  discovery: IssuerDiscovery,
  externalAddress: string,
): boolean {
  if (path === OPENID_CONFIGURATION_PATH) {
    const jwksUri = new URL(`https://${externalAddress}${JWKS_PATH}`).toString();
    writeJson(res, 200, openIdConfiguration(discovery.issuer, jwksUri), {
      headers: { 'Cache-Control': cacheControl },
    });
    return true;
  }
  if (path === JWKS_PATH) {
    writeJson(res, 200, jwks(discovery.publicKeys), {
      contentType: 'application/jwk-set+json',
      headers: { 'Cache-Control': cacheControl },
    });
    return true;
  }
  return false;
}
