import type { NodeToStatus } from './node-to-status.js';

/** Why a pod fits no node: per-node statuses and the plugins that turned it down. */
export interface Diagnosis {
  readonly nodeToStatus: NodeToStatus;
  /** Plugins that rejected the pod (Unschedulable or UnschedulableAndUnresolvable). */
  readonly unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending. */
  readonly pendingPlugins: Set<string>;
  /** The message of a PreFilter rejection, which then applies to every node. */
  preFilterMsg: string;
  /** The message of the PostFilter plugins (preemption). */
  postFilterMsg: string;
}

/** An empty Diagnosis over `nodeToStatus`. */
export function newDiagnosis(nodeToStatus: NodeToStatus): Diagnosis {
  return {
    nodeToStatus,
    unschedulablePlugins: new Set(),
    pendingPlugins: new Set(),
    preFilterMsg: '',
    postFilterMsg: '',
  };
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Upstream's FitError.Error(): "0/N nodes are available: " then either the PreFilter message or a
 * histogram of the nodes' reasons ("2 Insufficient cpu, 3 node(s) had untolerated taint ..."),
 * sorted as strings, then the PostFilter message, each part ending with ".".
 */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg !== '') {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    const statuses = diagnosis.nodeToStatus;
    for (const [, status] of statuses.entries())
      for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    if (statuses.size < numAllNodes) {
      const absent = numAllNodes - statuses.size;
      for (const reason of statuses.absentStatus.reasons)
        counts.set(reason, (counts.get(reason) ?? 0) + absent);
    }
    const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort(byteOrder);
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (diagnosis.postFilterMsg !== '') msg += ` ${diagnosis.postFilterMsg}.`;
  return msg;
}

/** What schedulePod reports when no node fits; the message is derived as PostFilter adds to it. */
export class FitError {
  readonly numAllNodes: number;
  readonly diagnosis: Diagnosis;

  constructor(numAllNodes: number, diagnosis: Diagnosis) {
    this.numAllNodes = numAllNodes;
    this.diagnosis = diagnosis;
  }

  /** Upstream's FitError.Error() text. */
  message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}
