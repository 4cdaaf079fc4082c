import type { KubeObject } from '../../api/object.js';
import type { Logger } from '../../base/logger.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ResourceRegistry } from '../resource-registry.js';
import {
  isServiceAccountTokenSecret,
  needsLegacyTokenData,
  populateLegacyTokenSecret,
  SERVICE_ACCOUNT_NAME_ANNOTATION,
  SERVICE_ACCOUNT_TOKEN_SECRET_TYPE,
} from './legacy-token-secret.js';
import type { ServiceAccountTokenSigner } from './service-account-token-signer.js';

/** What the populator needs. */
export interface LegacyTokenPopulatorOptions {
  readonly registry: ResourceRegistry;
  /** Signs with the key the apiserver verifies with, so the tokens it writes authenticate. */
  readonly signer: ServiceAccountTokenSigner;
  readonly caCertPem: string;
  readonly log: Logger;
}

/**
 * Fills in the ServiceAccount token Secrets users create by hand (type
 * kubernetes.io/service-account-token, annotated with the account's name) with a legacy token,
 * ca.crt and namespace, as upstream's token controller does. It runs beside the apiserver because
 * that is where the signing key lives; it ends when the watch caches stop.
 */
export function populateLegacyTokenSecrets(options: LegacyTokenPopulatorOptions): void {
  const secrets = options.registry.preferred('', 'secrets').store;
  const serviceAccounts = options.registry.preferred('', 'serviceaccounts').store;
  const fill = async (secret: KubeObject): Promise<void> => {
    const ns = secret.metadata?.namespace ?? '';
    const saName = secret.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION];
    if (!saName || secret.metadata?.deletionTimestamp) return;
    if (!needsLegacyTokenData(secret, options.caCertPem)) return;
    const sa = serviceAccounts.cachedGet(ns, saName) ?? (await serviceAccounts.find(ns, saName));
    // A Secret naming an account that does not exist (or another one of that name) gets no token.
    if (sa === undefined || !isServiceAccountTokenSecret(secret, sa)) return;
    const updated = await populateLegacyTokenSecret({
      secret,
      serviceAccount: sa,
      signer: options.signer,
      caCertPem: options.caCertPem,
    });
    try {
      // The resourceVersion it was read at guards the write; a newer version brings a new event.
      await secrets.update(ns, secret.metadata?.name ?? '', updated, {
        now: new Date(),
        dryRun: false,
        fieldManager: 'kube-controller-manager',
        apiVersion: 'v1',
      });
    } catch (err) {
      if (!isStatusError(err)) throw err;
    }
  };
  const follow = async (): Promise<void> => {
    for (;;) {
      const watcher = await secrets.watch({
        namespace: '',
        filter: (o) => (o as { type?: string }).type === SERVICE_ACCOUNT_TOKEN_SECRET_TYPE,
        bookmarks: false,
      });
      let reset = false;
      for await (const out of watcher) {
        if (out.type === 'ERROR') reset = true;
        else if (out.type === 'ADDED' || out.type === 'MODIFIED') {
          await fill(out.object.object).catch((err: unknown) =>
            options.log.error('cannot fill in a service account token secret', { err }),
          );
        }
      }
      if (!reset) return;
    }
  };
  follow().catch((err: unknown) => options.log.error('legacy token populator stopped', { err }));
}
