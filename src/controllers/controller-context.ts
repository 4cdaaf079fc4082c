import type { Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { KubeClient } from '../client/index.js';
import type { EventRecorder } from '../controller-framework/index.js';
import type { SharedInformerFactory } from '../informers/index.js';

/**
 * What every controller of the controller manager is started with. All controllers of one process
 * share the informer factory (one watch per resource, under the manager's own identity) and the
 * clock; each gets its own event recorder (its component name is the event source) and logger.
 */
export interface ControllerContext {
  /**
   * The controller's client: the manager's own, or with --use-service-account-credentials one
   * authenticated as its kube-system service account (see controller-service-accounts.ts).
   */
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly clock: Clock;
  readonly log: Logger;
  /** An event recorder whose source component is `component` (e.g. "deployment-controller"). */
  recorder(component: string): EventRecorder;
  /** Ends the controller: workers drain and stop, watches close. */
  readonly signal: AbortSignal;
}

/** One controller as the controller manager knows it: its upstream name and how to run it. */
export interface ControllerDescriptor {
  /** Upstream's name for --controllers (e.g. "deployment", "replicaset", "garbage-collector"). */
  readonly name: string;
  /** Upstream's default worker count (--concurrent-deployment-syncs=5, ...). */
  readonly defaultWorkers: number;
  /** The kube-system service account it runs as with service-account credentials (default: upstream's). */
  readonly serviceAccountName?: string;
  /**
   * Not run by `*`, only when named (upstream's ControllersDisabledByDefault, e.g. bootstrapsigner
   * and tokencleaner, which kubeadm-style installers turn on).
   */
  readonly disabledByDefault?: boolean;
  /**
   * Registers the informers and event handlers the controller needs (synchronously, before any
   * informer starts) and returns how to run it. The manager calls `setup` on every enabled
   * controller, then starts the informer factory, waits for the caches to sync, then calls `run`
   * on each; `run` resolves once `ctx.signal` aborted and the workers stopped.
   */
  setup(ctx: ControllerContext, workers: number): { run(): Promise<void> };
}
