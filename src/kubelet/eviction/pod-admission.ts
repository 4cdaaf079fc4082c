// Admission under pressure (upstream eviction manager Admit): a node short of memory still takes
// pods that are not BestEffort (and BestEffort ones tolerating the memory-pressure taint); any
// other pressure refuses every pod. Critical pods are always admitted — the node needs them.
import type { Pod, Toleration } from 'kubernetes-types/core/v1.js';
import { podQosClass } from '../cm/qos-class.js';
import { isCriticalPod } from '../static-pods/pod-source.js';
import type { PressureCondition } from './signals.js';

/** The outcome of admitting a pod. */
export type AdmitResult =
  { readonly admit: true } | { readonly admit: false; readonly reason: 'Evicted'; readonly message: string };

function toleratesMemoryPressure(tolerations: readonly Toleration[] | undefined): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== 'NoSchedule') return false;
    if (t.key !== undefined && t.key !== '' && t.key !== 'node.kubernetes.io/memory-pressure') return false;
    // The taint has no value, so Equal (or no operator) matches an empty value.
    if (t.operator === 'Exists') return true;
    const op = t.operator ?? '';
    return (op === '' || op === 'Equal') && (t.value ?? '') === '';
  });
}

/** Whether `pod` may start on a node with `conditions` (the eviction manager's current conditions). */
export function admitUnderPressure(pod: Pod, conditions: readonly PressureCondition[]): AdmitResult {
  if (conditions.length === 0 || isCriticalPod(pod)) return { admit: true };
  if (conditions.length === 1 && conditions[0] === 'MemoryPressure') {
    if (podQosClass(pod) !== 'BestEffort') return { admit: true };
    if (toleratesMemoryPressure(pod.spec?.tolerations)) return { admit: true };
  }
  // Go prints the slice of conditions as [A B].
  return { admit: false, reason: 'Evicted', message: `The node had condition: [${conditions.join(' ')}]. ` };
}
