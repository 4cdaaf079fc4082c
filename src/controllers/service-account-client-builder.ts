// --use-service-account-credentials, as upstream's dynamic controller client builder: the
// controller manager makes sure each controller's kube-system ServiceAccount exists, gets it a
// token from the TokenRequest API (an hour long), and hands the controller a client that sends
// that token and renews it well before it expires. The manager's own identity only creates the
// accounts and requests the tokens; everything a controller writes it writes as its account.
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { TokenRequest } from 'kubernetes-types/authentication/v1.js';
import type { Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import {
  itemPath,
  RefreshingTokenSource,
  resourceTarget,
  type BearerTokenSource,
  type IssuedToken,
  type KubeClient,
  type KubeClientSettings,
} from '../client/index.js';
import { isStatusError } from '../machinery/errors/index.js';
import { CONTROLLER_SERVICE_ACCOUNT_NAMESPACE } from './controller-service-accounts.js';

/**
 * Builds a client that authenticates only with `settings.bearerToken`: the manager's server and
 * trust, without its client certificate (upstream's AnonymousClientConfig plus the token).
 */
export type TokenClientFactory = (
  settings: KubeClientSettings & { readonly bearerToken: BearerTokenSource },
) => KubeClient;

/** Settings of a ServiceAccountClientBuilder. */
export interface ServiceAccountClientBuilderOptions {
  /** The manager's own client (system:kube-controller-manager): creates accounts, requests tokens. */
  readonly client: KubeClient;
  readonly newClient: TokenClientFactory;
  /** Client settings of every controller client (rate limits); identity settings are derived. */
  readonly settings?: KubeClientSettings;
  /** Requested token lifetime (default 3600 s, upstream's). */
  readonly expirationSeconds?: number;
  readonly clock: Clock;
  readonly log: Logger;
}

const serviceAccounts = resourceTarget({ group: '', version: 'v1', resource: 'serviceaccounts' });

/** Hands out one token-authenticated client per controller service account. */
export class ServiceAccountClientBuilder {
  private readonly clients = new Map<string, KubeClient>();
  private readonly namespace = CONTROLLER_SERVICE_ACCOUNT_NAMESPACE;

  constructor(private readonly options: ServiceAccountClientBuilderOptions) {}

  /**
   * The client of kube-system/`name`, created on first use. It needs no network until its first
   * request, which ensures the account and fetches the token.
   */
  clientFor(name: string): KubeClient {
    let client = this.clients.get(name);
    if (client === undefined) {
      const root = this.options.client;
      client = this.options.newClient({
        component: root.component,
        fieldManager: root.fieldManager,
        defaultNamespace: root.defaultNamespace,
        clock: this.options.clock,
        ...this.options.settings,
        // Upstream adds the account name to the manager's user agent.
        userAgent: `${root.userAgent}/${name}`,
        bearerToken: new RefreshingTokenSource({
          fetch: () => this.issueToken(name),
          clock: this.options.clock,
        }),
      });
      this.clients.set(name, client);
    }
    return client;
  }

  /** Closes every client handed out. */
  close(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private async issueToken(name: string): Promise<IssuedToken> {
    await this.ensureServiceAccount(name);
    const request: TokenRequest = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { audiences: [], expirationSeconds: this.options.expirationSeconds ?? 3600 },
    };
    const issued = await this.options.client.request<TokenRequest>({
      method: 'POST',
      path: itemPath(serviceAccounts, this.namespace, name, 'token'),
      body: request,
    });
    const token = issued.status?.token;
    const expiresAt = Date.parse(issued.status?.expirationTimestamp ?? '');
    if (!token || Number.isNaN(expiresAt))
      throw new Error(`the TokenRequest for ${this.namespace}/${name} returned no token or expiry`);
    this.options.log.debug('issued controller token', {
      serviceAccount: name,
      expires: issued.status?.expirationTimestamp,
    });
    return { token, expiresAt };
  }

  private async ensureServiceAccount(name: string): Promise<void> {
    const accounts = this.options.client.resource<ServiceAccount>(serviceAccounts).namespace(this.namespace);
    try {
      await accounts.get(name);
      return;
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
    try {
      await accounts.create({ metadata: { name, namespace: this.namespace } });
      this.options.log.info('created controller service account', { serviceAccount: name });
    } catch (err) {
      if (!isStatusError(err, 'AlreadyExists')) throw err;
    }
  }
}
