import type { Node, Taint } from 'kubernetes-types/core/v1.js';
import type { KubeClient } from '../../client/index.js';
import { nodesResource } from '../shared/infra-resources.js';
import { isConflict } from '../shared/infra-status-errors.js';
import { taintExists } from '../shared/infra-taints.js';

/** node.kubernetes.io/unreachable:NoExecute, for a node whose Ready is Unknown. */
export const unreachableTaint: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
/** node.kubernetes.io/not-ready:NoExecute, for a node whose Ready is False. */
export const notReadyTaint: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };

// Node conditions and the NoSchedule taint each status maps to (nodeConditionToTaintKeyStatusMap).
const conditionTaints: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: 'node.kubernetes.io/not-ready', Unknown: 'node.kubernetes.io/unreachable' },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const conditionTaintKeys = new Set(Object.values(conditionTaints).flatMap((m) => Object.values(m)));
const unschedulableKey = 'node.kubernetes.io/unschedulable';

/**
 * The NoSchedule taints a node's conditions and spec.unschedulable call for, compared with the
 * ones it has: which to add and which to remove (doNoScheduleTaintingPass).
 */
export function noScheduleTaintChanges(node: Node): { add: Taint[]; remove: Taint[] } {
  const want: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = conditionTaints[c.type]?.[c.status];
    if (key !== undefined) want.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) want.push({ key: unschedulableKey, effect: 'NoSchedule' });
  const have = (node.spec?.taints ?? []).filter(
    (t) => t.effect === 'NoSchedule' && (t.key === unschedulableKey || conditionTaintKeys.has(t.key)),
  );
  return {
    add: want.filter((t) => !taintExists(have, t)),
    remove: have.filter((t) => !taintExists(want, t)),
  };
}

/**
 * The taint list after adding `add` (replacing same key and effect) and removing `remove`
 * (AddOrUpdateTaint then RemoveTaint); undefined when nothing changes.
 */
export function swappedTaints(
  current: readonly Taint[] | undefined,
  add: readonly Taint[],
  remove: readonly Taint[],
): Taint[] | undefined {
  let taints = [...(current ?? [])];
  let changed = false;
  for (const t of add) {
    const i = taints.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (i < 0) {
      taints.push(t);
      changed = true;
    } else if (JSON.stringify(taints[i]) !== JSON.stringify(t)) {
      taints[i] = t;
      changed = true;
    }
  }
  for (const t of remove) {
    const kept = taints.filter((x) => !(x.key === t.key && x.effect === t.effect));
    if (kept.length !== taints.length) changed = true;
    taints = kept;
  }
  return changed ? taints : undefined;
}

/**
 * Adds `add` (stamped with timeAdded `nowIso`) to and removes `remove` from a node's taints,
 * retrying on conflicts (SwapNodeControllerTaint). Nothing is sent when the cached node shows there
 * is nothing to do.
 */
export async function swapNodeTaints(
  client: KubeClient,
  node: Node,
  add: readonly Taint[],
  remove: readonly Taint[],
  nowIso: string,
): Promise<void> {
  const stamped = add.map((t) => ({ ...t, timeAdded: nowIso }));
  if (stamped.length === 0 && !remove.some((t) => taintExists(node.spec?.taints, t))) return;
  const nodes = client.resource<Node>(nodesResource);
  const name = node.metadata?.name ?? '';
  for (let attempt = 0; ; attempt++) {
    // The first read may come from the apiserver's cache; retries read the latest.
    const current = await nodes.get(name, attempt === 0 ? { resourceVersion: '0' } : {});
    const taints = swappedTaints(current.spec?.taints, stamped, remove);
    if (taints === undefined) return;
    try {
      await nodes.patch(name, 'merge', {
        metadata: { resourceVersion: current.metadata?.resourceVersion },
        spec: { taints: taints.length > 0 ? taints : null },
      });
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= 4) throw err;
    }
  }
}
