// Wires the apiserver's authentication: the service account signing key kept under the data
// directory, token issuing (TokenRequest), and the bearer token authenticators in upstream's order
// (static token file, service account JWTs, bootstrap tokens) behind client certificates.

import type { ResourceRegistry } from '../resource-registry.js';
import { BearerTokenAuthenticator } from './bearer-token-authenticator.js';
import { BootstrapTokenAuthenticator } from './bootstrap-token-authenticator.js';
import { registryTokenLookups } from './registry-token-lookups.js';
import { RequestAuthenticator } from './request-authenticator.js';
import { ServiceAccountAuthenticator } from './service-account-authenticator.js';
import { DEFAULT_ISSUER } from './service-account-claims.js';
import { ensureServiceAccountKey, type ServiceAccountSigningKey } from './service-account-key.js';
import { ServiceAccountTokenSigner } from './service-account-token-signer.js';
import { StaticTokenAuthenticator } from './static-token-file.js';
import type { TokenAuthenticator } from './token-authenticator.js';
import type { TokenIssuerConfig } from './token-request.js';

/** How the apiserver authenticates (its --token-auth-file and --service-account-* settings). */
export interface ClusterAuthenticationOptions {
  readonly dataDir: string;
  readonly registry: ResourceRegistry;
  /** --token-auth-file: upstream's CSV of token,user,uid[,"groups"]. */
  readonly tokenAuthFile?: string;
  /** --service-account-issuer (default https://kubernetes.default.svc.cluster.local). */
  readonly issuer?: string;
  /** --api-audiences (default: the issuer). */
  readonly apiAudiences?: readonly string[];
}

/** Everything the handler chain and the token endpoints need. */
export interface ClusterAuthentication {
  readonly requestAuthenticator: RequestAuthenticator;
  /** The bearer token authenticators alone, for TokenReview. */
  readonly tokens: BearerTokenAuthenticator;
  /** Issues TokenRequest tokens. */
  readonly tokenIssuer: TokenIssuerConfig;
  readonly signingKey: ServiceAccountSigningKey;
}

/** Loads (or creates, on first start) the signing key and builds the authenticators. */
export async function setUpClusterAuthentication(
  options: ClusterAuthenticationOptions,
): Promise<ClusterAuthentication> {
  const signingKey = await ensureServiceAccountKey(options.dataDir);
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  const apiAudiences = options.apiAudiences?.length ? options.apiAudiences : [issuer];
  const lookups = registryTokenLookups(options.registry);
  const authenticators: TokenAuthenticator[] = [];
  if (options.tokenAuthFile)
    authenticators.push(await StaticTokenAuthenticator.fromFile(options.tokenAuthFile));
  authenticators.push(
    new ServiceAccountAuthenticator({
      issuers: [issuer],
      publicKeys: [signingKey.publicKey],
      apiAudiences,
      lookups,
    }),
  );
  const secrets = options.registry.preferred('', 'secrets').store;
  authenticators.push(
    new BootstrapTokenAuthenticator({
      getSecret: async (name) =>
        secrets.cachedGet('kube-system', name) ?? (await secrets.find('kube-system', name)),
    }),
  );
  const tokens = new BearerTokenAuthenticator(authenticators, apiAudiences);
  return {
    requestAuthenticator: new RequestAuthenticator({ tokens }),
    tokens,
    tokenIssuer: { signer: new ServiceAccountTokenSigner(signingKey), issuer, apiAudiences, lookups },
    signingKey,
  };
}
