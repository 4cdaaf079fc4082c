import type { Pod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { controllerRefOf } from '../shared/infra-pod.js';
import { scaledValue } from './pdb-math.js';

/** A controller of pods and the replicas it wants. */
export interface ControllerScale {
  readonly uid: string;
  readonly scale: number;
}

/** Finds the controller a pod's controller reference names and its scale; undefined when it is not one it knows. */
export type ScaleFinder = (ref: OwnerReference, namespace: string) => Promise<ControllerScale | undefined>;

/** What a PDB expects: the pods it covers, how many must stay healthy, and pods no controller owns. */
export interface ExpectedPods {
  readonly expectedCount: number;
  readonly desiredHealthy: number;
  readonly unmanagedPods: string[];
}

/**
 * The sum of the scales of the controllers of `pods` (getExpectedScale); pods without a
 * controller are reported, a controller no finder knows is an error.
 */
export async function expectedScale(
  pods: readonly Pod[],
  finders: readonly ScaleFinder[],
): Promise<{ expectedCount: number; unmanagedPods: string[] }> {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod.metadata);
    if (ref === undefined) {
      unmanagedPods.push(pod.metadata?.name ?? '');
      continue;
    }
    if (scales.has(ref.uid)) continue;
    let found: ControllerScale | undefined;
    for (const find of finders) {
      found = await find(ref, pod.metadata?.namespace ?? '');
      if (found !== undefined) break;
    }
    if (found === undefined) throw new Error(`found no controllers for pod "${pod.metadata?.name}"`);
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const n of scales.values()) expectedCount += n;
  return { expectedCount, unmanagedPods };
}

/**
 * expectedPods and desiredHealthy of a PDB (getExpectedPodCount): maxUnavailable and percentage
 * minAvailable scale against the controllers' replicas; an integer minAvailable against the
 * selected pods.
 */
export async function expectedPodCount(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  finders: readonly ScaleFinder[],
): Promise<ExpectedPods> {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = await expectedScale(pods, finders);
    const maxUnavailable = scaledValue(spec.maxUnavailable, expectedCount, true);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable), unmanagedPods };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number')
      return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const { expectedCount, unmanagedPods } = await expectedScale(pods, finders);
    return {
      expectedCount,
      desiredHealthy: scaledValue(spec.minAvailable, expectedCount, true),
      unmanagedPods,
    };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}
