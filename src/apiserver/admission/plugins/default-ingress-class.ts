import type { KubeObject } from '../../../api/object.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import { isCreateOf } from './admission-forbidden.js';
import { pickDefaultClass } from './default-class.js';

/** The annotation that marks an IngressClass as the default. */
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** Upstream's DefaultIngressClass: an Ingress with no class (field or legacy annotation) gets the default one. */
export function defaultIngressClass(options: {
  listIngressClasses(): Promise<readonly KubeObject[]>;
}): AdmissionPlugin {
  return {
    name: 'DefaultIngressClass',
    async mutate(attrs, ingress) {
      if (!isCreateOf(attrs, 'networking.k8s.io', 'ingresses')) return;
      const spec = ((ingress as { spec?: { ingressClassName?: string | null } }).spec ??= {});
      if (spec.ingressClassName != null) return;
      if (ingress.metadata?.annotations?.['kubernetes.io/ingress.class'] !== undefined) return;
      const def = pickDefaultClass(await options.listIngressClasses(), [DEFAULT_INGRESS_CLASS_ANNOTATION]);
      if (def?.metadata?.name) spec.ingressClassName = def.metadata.name;
    },
  };
}
