import { readFile } from 'node:fs/promises';
import type { ConfigMap, Namespace } from 'kubernetes-types/core/v1.js';
import { Controller } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { configMapsResource, namespacesResource } from '../shared/infra-resources.js';
import { isNamespaceTerminating, isNotFound } from '../shared/infra-status-errors.js';

/** The ConfigMap published in every namespace. */
export const rootCAConfigMapName = 'kube-root-ca.crt';
/** The annotation describing the ConfigMap's purpose. */
export const descriptionAnnotation = 'kubernetes.io/description';
/** Upstream's description text, word for word. */
export const rootCADescription =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints ' +
  'such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/** What a RootCACertPublisher is created with: the CA bundle itself or the file holding it. */
export interface RootCACertPublisherOptions {
  readonly context: ControllerContext;
  readonly workers: number;
  /** PEM bundle to publish; read from `caFile` at run when absent. */
  readonly rootCA?: string;
  /** Path of the apiserver's CA certificate (the cmd wiring passes DATA_DIR/pki/ca.crt). */
  readonly caFile?: string;
}

/** Publishes the cluster CA as ConfigMap kube-root-ca.crt (key ca.crt) in every namespace. */
export class RootCACertPublisher {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly namespaces: Lister<Namespace>;
  private readonly configMaps: Lister<ConfigMap>;
  private readonly options: RootCACertPublisherOptions;
  private rootCA: string | undefined;

  constructor(options: RootCACertPublisherOptions) {
    const ctx = (this.ctx = options.context);
    this.options = options;
    this.rootCA = options.rootCA;
    if (options.rootCA === undefined && options.caFile === undefined)
      throw new Error('root-ca-cert-publisher needs rootCA or caFile');
    this.controller = new Controller<string>({
      name: 'root_ca_cert_publisher',
      workers: options.workers,
      reconcile: (ns) => this.syncNamespace(ns),
      clock: ctx.clock,
      log: ctx.log.child('root-ca-cert-publisher'),
    });
    const nsInformer = ctx.informers.informerFor<Namespace>(namespacesResource);
    const cmInformer = ctx.informers.informerFor<ConfigMap>(configMapsResource);
    this.namespaces = nsInformer.lister;
    this.configMaps = cmInformer.lister;
    const enqueueNs = (ns: Namespace) => this.controller.enqueue(ns.metadata?.name ?? '');
    nsInformer.addEventHandler({
      onAdd: enqueueNs,
      onUpdate: (_o, ns) => (ns.status?.phase ?? 'Active') === 'Active' && enqueueNs(ns),
    });
    const ours = (cm: ConfigMap) => cm.metadata?.name === rootCAConfigMapName;
    cmInformer.addEventHandler({
      onUpdate: (_o, cm) => ours(cm) && this.controller.enqueue(cm.metadata?.namespace ?? ''),
      onDelete: (cm) => ours(cm) && this.controller.enqueue(cm.metadata?.namespace ?? ''),
    });
  }

  /** Loads the CA (when given as a file) and runs the workers until the signal aborts. */
  async run(): Promise<void> {
    if (this.rootCA === undefined) this.rootCA = await readFile(this.options.caFile as string, 'utf8');
    return this.controller.start(this.ctx.signal);
  }

  private async syncNamespace(name: string): Promise<void> {
    const ns = this.namespaces.get('', name);
    if (ns === undefined || (ns.status?.phase ?? 'Active') !== 'Active') return;
    const data = { 'ca.crt': this.rootCA ?? '' };
    const client = this.ctx.client.resource<ConfigMap>(configMapsResource).namespace(name);
    const cm = this.configMaps.get(name, rootCAConfigMapName);
    if (cm === undefined) {
      try {
        await client.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: rootCAConfigMapName,
            annotations: { [descriptionAnnotation]: rootCADescription },
          },
          data,
        });
      } catch (err) {
        // A namespace that is gone or terminating gets no ConfigMap.
        if (isNotFound(err) || isNamespaceTerminating(err)) return;
        throw err;
      }
      return;
    }
    const current = cm.data ?? {};
    const same = Object.keys(current).length === 1 && current['ca.crt'] === data['ca.crt'];
    if (same && (cm.metadata?.annotations?.[descriptionAnnotation] ?? '') !== '') return;
    await client.update({
      ...cm,
      metadata: {
        ...cm.metadata,
        annotations: { ...(cm.metadata?.annotations ?? {}), [descriptionAnnotation]: rootCADescription },
      },
      data,
    });
  }
}
