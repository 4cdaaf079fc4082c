import type { AdmissionPlugin } from '../admission-chain.js';
import { isCreateOf } from './admission-forbidden.js';

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** Upstream's TaintNodesByCondition: a new Node starts tainted not-ready:NoSchedule until the node lifecycle controller clears it. */
export function taintNodesByCondition(): AdmissionPlugin {
  return {
    name: 'TaintNodesByCondition',
    async mutate(attrs, node) {
      if (!isCreateOf(attrs, '', 'nodes')) return;
      const spec = ((node as { spec?: { taints?: Taint[] } }).spec ??= {});
      const taints = (spec.taints ??= []);
      if (!taints.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoSchedule')) {
        taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
      }
    },
  };
}
