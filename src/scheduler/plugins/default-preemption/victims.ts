import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { LabelMatcher } from '../../corev1/label-matcher.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { Handle } from '../../framework/handle.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status, isSuccess } from '../../framework/status.js';

/** The pods to evict from one node and how many of them a PDB would rather keep. */
export interface Victims {
  readonly pods: PodInfo[];
  readonly numPDBViolations: number;
}

/** A node where preemption makes room, with its victims. */
export interface Candidate {
  readonly name: string;
  readonly victims: Victims;
}

/** When a pod started (status.startTime), or `now` for pods not started yet, in ms. */
export function podStartTime(p: PodInfo, now: number): number {
  const t = p.pod.status?.startTime;
  return t ? Date.parse(t) : now;
}

/** Higher priority first; among equals, the one that started earlier (upstream's MoreImportantPod). */
export function moreImportant(a: PodInfo, b: PodInfo, now: number): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return podStartTime(a, now) < podStartTime(b, now);
}

/**
 * Splits pods into those whose eviction would exceed a matching PDB's disruptionsAllowed
 * (counting down as pods are taken, in order) and the rest (upstream's filterPodsWithPDBViolation).
 */
export function splitByPDBViolation(
  pods: readonly PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => {
    try {
      return LabelMatcher.fromLabelSelector(p.spec?.selector);
    } catch {
      return LabelMatcher.nothingMatcher();
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.labels).length > 0) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i]!;
        if ((pdb.metadata?.namespace ?? '') !== p.namespace) continue;
        const sel = selectors[i]!;
        // A PDB with a nil or empty selector matches nothing.
        if (sel.empty || sel.nothing || !sel.matches(p.labels)) continue;
        if (pdb.status?.disruptedPods?.[p.name] !== undefined) continue;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      }
    }
    (violated ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

/**
 * The victims on one node (upstream's SelectVictimsOnNode): remove every lower-priority pod, check
 * that the preemptor then fits, and add pods back — PDB-protected ones first, most important first —
 * while it still fits. Works on copies of the node and the cycle state.
 */
export function selectVictimsOnNode(
  handle: Handle,
  state: CycleState,
  pod: PodInfo,
  node: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
  now: number,
): { victims?: Victims; status: Status | undefined } {
  const potential: PodInfo[] = [];
  for (const p of [...node.pods]) {
    if (p.priority >= pod.priority) continue;
    potential.push(p);
    node.removePod(p);
    const s = handle.runPreFilterExtensionRemovePod(state, pod, p, node);
    if (!isSuccess(s)) return { status: s };
  }
  if (potential.length === 0)
    return { status: Status.unresolvable('No preemption victims found for incoming pod') };
  const fits = handle.runFilterPluginsWithNominatedPods(state, pod, node);
  if (!isSuccess(fits)) return { status: fits };
  potential.sort((a, b) => (moreImportant(a, b, now) ? -1 : moreImportant(b, a, now) ? 1 : 0));
  const { violating, nonViolating } = splitByPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numViolating = 0;
  const reprieve = (p: PodInfo): boolean => {
    node.addPod(p);
    const added = handle.runPreFilterExtensionAddPod(state, pod, p, node);
    if (!isSuccess(added)) throw new Error(added!.message());
    if (isSuccess(handle.runFilterPluginsWithNominatedPods(state, pod, node))) return true;
    node.removePod(p);
    const removed = handle.runPreFilterExtensionRemovePod(state, pod, p, node);
    if (!isSuccess(removed)) throw new Error(removed!.message());
    victims.push(p);
    return false;
  };
  try {
    for (const p of violating) if (!reprieve(p)) numViolating++;
    for (const p of nonViolating) reprieve(p);
  } catch (err) {
    return { status: Status.fromError(err) };
  }
  return { victims: { pods: victims, numPDBViolations: numViolating }, status: undefined };
}

/** Earliest start time among the victims of the highest priority (GetEarliestPodStartTime). */
function earliestStartOfTopVictims(v: Victims, now: number): number {
  let top = -Infinity;
  for (const p of v.pods) top = Math.max(top, p.priority);
  let earliest = Infinity;
  for (const p of v.pods) if (p.priority === top) earliest = Math.min(earliest, podStartTime(p, now));
  return earliest;
}

/**
 * The candidate to preempt on (upstream's pickOneNodeForPreemption): fewest PDB violations, then
 * the lowest highest-priority victim, the smallest priority sum, the fewest victims, the latest
 * start of the top victims, then the first.
 */
export function pickOneNodeForPreemption(
  candidates: readonly Candidate[],
  now: number,
): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const offset = 2 ** 31;
  const criteria: ((c: Candidate) => number)[] = [
    (c) => -c.victims.numPDBViolations,
    (c) => -(c.victims.pods[0]?.priority ?? 0),
    (c) => -c.victims.pods.reduce((sum, p) => sum + p.priority + offset, 0),
    (c) => -c.victims.pods.length,
    (c) => earliestStartOfTopVictims(c.victims, now),
  ];
  let remaining = [...candidates];
  for (const score of criteria) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const s = score(c);
      if (s > best) {
        best = s;
        selected = [];
      }
      if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}
