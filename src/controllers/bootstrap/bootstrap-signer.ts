// The bootstrapsigner controller (upstream's bootstrap.Signer): keeps the detached JWS signatures
// of kube-public/cluster-info in step with the signing bootstrap tokens in kube-system.
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1.js';
import {
  BOOTSTRAP_TOKEN_NAMESPACE,
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  bootstrapTokenExpiry,
  signingTokenOf,
} from '../../api/bootstrap-tokens/bootstrap-token.js';
import { CLUSTER_INFO_NAME, CLUSTER_INFO_NAMESPACE } from '../../api/bootstrap-tokens/cluster-info.js';
import type { KubeObject } from '../../api/object.js';
import { Controller, type ReconcileResult } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { configMapsResource } from '../shared/infra-resources.js';
import { isConflict, isNotFound } from '../shared/infra-status-errors.js';
import { resignedClusterInfo } from './cluster-info-signatures.js';
import { secretsResource } from './secrets-resource.js';

/** Whether a Secret is a bootstrap token in the namespace tokens live in. */
export function isBootstrapTokenSecret(secret: Secret): boolean {
  return (
    secret.type === BOOTSTRAP_TOKEN_SECRET_TYPE && secret.metadata?.namespace === BOOTSTRAP_TOKEN_NAMESPACE
  );
}

/** Signs cluster-info with every signing token; one key, one worker, as upstream. */
export class BootstrapSigner {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly configMaps: Lister<ConfigMap>;
  private readonly secrets: Lister<Secret>;

  constructor(ctx: ControllerContext) {
    this.ctx = ctx;
    this.controller = new Controller<string>({
      name: 'bootstrap_signer_queue',
      reconcile: () => this.sign(),
      clock: ctx.clock,
      log: ctx.log,
    });
    const cmInformer = ctx.informers.informerFor<ConfigMap>(configMapsResource);
    const secretInformer = ctx.informers.informerFor<Secret>(secretsResource);
    this.configMaps = cmInformer.lister;
    this.secrets = secretInformer.lister;
    const poke = () => this.controller.enqueue('cluster-info');
    const isClusterInfo = (cm: ConfigMap) =>
      cm.metadata?.name === CLUSTER_INFO_NAME && cm.metadata.namespace === CLUSTER_INFO_NAMESPACE;
    cmInformer.addEventHandler({
      onAdd: (cm) => isClusterInfo(cm) && poke(),
      onUpdate: (_old, cm) => isClusterInfo(cm) && poke(),
    });
    secretInformer.addEventHandler({
      onAdd: (s) => isBootstrapTokenSecret(s) && poke(),
      onUpdate: (_old, s) => isBootstrapTokenSecret(s) && poke(),
      onDelete: (s) => isBootstrapTokenSecret(s) && poke(),
    });
  }

  /** Runs until the context's signal aborts. */
  run(): Promise<void> {
    return this.controller.start(this.ctx.signal);
  }

  private async sign(): Promise<ReconcileResult | void> {
    const cm = this.configMaps.get(CLUSTER_INFO_NAMESPACE, CLUSTER_INFO_NAME);
    if (cm === undefined) return;
    const now = this.ctx.clock.now();
    const secrets = this.secrets.namespace(BOOTSTRAP_TOKEN_NAMESPACE).list().filter(isBootstrapTokenSecret);
    const tokens = secrets.flatMap((s) => signingTokenOf(s as KubeObject, now) ?? []);
    const data = resignedClusterInfo(cm.data ?? {}, tokens);
    if (data !== undefined) {
      try {
        await this.ctx.client
          .resource<ConfigMap>(configMapsResource)
          .namespace(CLUSTER_INFO_NAMESPACE)
          .update({ ...cm, data });
      } catch (err) {
        // A newer ConfigMap brings its own event; a deleted one needs no signatures.
        if (!isConflict(err) && !isNotFound(err)) throw err;
      }
    }
    // A token that expires must lose its signature then, even if the token cleaner is off.
    const remaining = secrets.flatMap((s) => bootstrapTokenExpiry(s as KubeObject, now).remainingMs ?? []);
    return remaining.length > 0 ? { requeueAfter: Math.min(...remaining) } : undefined;
  }
}
