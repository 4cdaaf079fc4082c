// The tokencleaner controller (upstream's bootstrap.TokenCleaner): deletes bootstrap token Secrets
// once their expiration passed, and looks again at each token when it is due to expire.
import type { Secret } from 'kubernetes-types/core/v1.js';
import { bootstrapTokenExpiry } from '../../api/bootstrap-tokens/bootstrap-token.js';
import type { KubeObject } from '../../api/object.js';
import { Controller, type ReconcileResult } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { isConflict, isNotFound } from '../shared/infra-status-errors.js';
import { isBootstrapTokenSecret } from './bootstrap-signer.js';
import { secretsResource } from './secrets-resource.js';

/** Deletes expired bootstrap tokens. */
export class TokenCleaner {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly secrets: Lister<Secret>;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
    this.controller = new Controller<string>({
      name: 'token_cleaner',
      reconcile: (key) => this.evaluate(key),
      clock: ctx.clock,
      log: ctx.log,
    });
    const informer = ctx.informers.informerFor<Secret>(secretsResource);
    this.secrets = informer.lister;
    const enqueue = (s: Secret) =>
      isBootstrapTokenSecret(s) &&
      this.controller.enqueue(`${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`);
    informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, s) => enqueue(s) });
  }

  /** Runs until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private async evaluate(key: string): Promise<ReconcileResult | void> {
    const [namespace = '', name = ''] = key.split('/');
    const secret = this.secrets.get(namespace, name);
    if (secret === undefined || !isBootstrapTokenSecret(secret)) return;
    const expiry = bootstrapTokenExpiry(secret as KubeObject, this.ctx.clock.now());
    if (!expiry.expired)
      return expiry.remainingMs !== undefined ? { requeueAfter: expiry.remainingMs } : undefined;
    this.ctx.log.info('deleting expired bootstrap token', { secret: key });
    try {
      await this.ctx.client
        .resource<Secret>(secretsResource)
        .namespace(namespace)
        .delete(name, secret.metadata?.uid ? { preconditions: { uid: secret.metadata.uid } } : {});
    } catch (err) {
      // Already gone, or replaced by a new Secret of the same name (the uid precondition failed).
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
}
