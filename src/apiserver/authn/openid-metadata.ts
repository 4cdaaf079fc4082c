// The service account issuer discovery documents (/.well-known/openid-configuration and
// /openid/v1/jwks), so relying parties outside the cluster can verify bound tokens.

import type { KeyObject } from 'node:crypto';
import { keyIdFor } from './service-account-key.js';

/** The discovery document upstream serves at /.well-known/openid-configuration. */
export function openIdConfiguration(
  issuer: string,
  jwksUri = `${issuer}/openid/v1/jwks`,
): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: jwksUri,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}

/** The key set served at /openid/v1/jwks: every verifying public key, with upstream's key ids. */
export function jwks(publicKeys: readonly KeyObject[]): { keys: Record<string, unknown>[] } {
  return {
    keys: publicKeys.map((k) => ({
      use: 'sig',
      kty: 'RSA',
      kid: keyIdFor(k),
      alg: 'RS256',
      ...pick(k.export({ format: 'jwk' })),
    })),
  };
}

function pick(jwk: Record<string, unknown>): Record<string, unknown> {
  return { n: jwk.n, e: jwk.e };
}
