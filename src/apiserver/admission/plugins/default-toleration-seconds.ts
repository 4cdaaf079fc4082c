import type { AdmissionPlugin } from '../admission-chain.js';
import { isCreateOf } from './admission-forbidden.js';

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/**
 * Upstream's DefaultTolerationSeconds: pods tolerate not-ready and unreachable nodes (NoExecute)
 * for 300 s unless they already say otherwise, so they are evicted five minutes after node loss.
 */
export function defaultTolerationSeconds(
  options: { notReadySeconds?: number; unreachableSeconds?: number } = {},
): AdmissionPlugin {
  const add = [
    { key: 'node.kubernetes.io/not-ready', seconds: options.notReadySeconds ?? 300 },
    { key: 'node.kubernetes.io/unreachable', seconds: options.unreachableSeconds ?? 300 },
  ];
  return {
    name: 'DefaultTolerationSeconds',
    async mutate(attrs, pod) {
      if (!isCreateOf(attrs, '', 'pods')) return;
      const spec = ((pod as { spec?: { tolerations?: Toleration[] } }).spec ??= {});
      const tolerations = spec.tolerations ?? [];
      const covers = (key: string) =>
        tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
      const missing = add.filter((a) => !covers(a.key));
      if (missing.length === 0) return;
      spec.tolerations = [
        ...tolerations,
        ...missing.map((m) => ({
          key: m.key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: m.seconds,
        })),
      ];
    },
  };
}
