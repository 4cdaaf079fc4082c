// The oom_score_adj policy of upstream's qos.GetContainerOOMScoreAdjust. containerd here runs with
// restrict_oom_score_adj (no CAP_SYS_RESOURCE), so negative values end up clamped to the runtime's
// own score, but the kubelet still computes and sends upstream's values: the ordering between pods
// is what matters, and a machine with the capability gets exactly upstream's behaviour.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { isNodeCriticalPod } from '../static-pods/pod-source.js';
import { podQosClass } from './qos-class.js';
import { nanoOf, valueOf } from './resource-amounts.js';

/** Guaranteed and node-critical containers: killed last. */
export const guaranteedOomScoreAdj = -997;
/** BestEffort containers: killed first. */
export const bestEffortOomScoreAdj = 1000;

function memoryRequestBytes(c: Container): number {
  return valueOf(nanoOf(c.resources?.requests?.['memory']));
}

function isSidecar(pod: Pod, c: Container): boolean {
  return c.restartPolicy === 'Always' && (pod.spec?.initContainers ?? []).some((i) => i.name === c.name);
}

// The smallest memory request among regular containers: a sidecar must not outlive the containers
// it serves, so it never scores below the most exposed of them.
function minRegularMemoryRequest(pod: Pod): number {
  const requests = (pod.spec?.containers ?? []).map(memoryRequestBytes);
  return requests.length === 0 ? 0 : Math.min(...requests);
}

function burstableScore(requestBytes: number, memoryCapacityBytes: number): number {
  // Go's integer division truncates toward zero.
  return 1000 - Math.trunc((1000 * requestBytes) / memoryCapacityBytes);
}

/**
 * A container's oom_score_adj: -997 for Guaranteed and node-critical pods, 1000 for BestEffort,
 * and for Burstable 1000 minus the container's share of memory in thousandths, kept within
 * [3, 999] so it stays strictly between the other two classes.
 */
export function containerOomScoreAdjust(pod: Pod, container: Container, memoryCapacityBytes: number): number {
  if (isNodeCriticalPod(pod)) return guaranteedOomScoreAdj;
  const qos = podQosClass(pod);
  if (qos === 'Guaranteed') return guaranteedOomScoreAdj;
  if (qos === 'BestEffort') return bestEffortOomScoreAdj;
  if (memoryCapacityBytes <= 0) return bestEffortOomScoreAdj - 1;
  let score = burstableScore(memoryRequestBytes(container), memoryCapacityBytes);
  if (isSidecar(pod, container)) {
    score = Math.min(score, burstableScore(minRegularMemoryRequest(pod), memoryCapacityBytes));
  }
  if (score < 1000 + guaranteedOomScoreAdj) return 1000 + guaranteedOomScoreAdj;
  if (score === bestEffortOomScoreAdj) return score - 1;
  return score;
}
