// Indexed Jobs: each pod runs one completion index, carried in an annotation and label, its
// hostname and the JOB_COMPLETION_INDEX variable; which indexes still need a pod; duplicates to
// remove; and per-index failure counts (upstream's indexed_job_utils.go).
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Container, Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { compareActivePodsForRemoval } from '../shared/workload-active-pods.js';
import {
  completionIndexAnnotation,
  completionIndexEnv,
  indexFailureCountAnnotation,
  indexIgnoredFailureCountAnnotation,
} from './job-labels.js';
import { mergeIntervals, withIndexes, type OrderedIntervals } from './ordered-intervals.js';

/** Upstream's names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
export const maxGeneratedNameLength = 58;

/** True for completionMode Indexed. */
export function isIndexedJob(job: Job): boolean {
  return job.spec?.completionMode === 'Indexed';
}

/** The pod's completion index, or -1 when it has none or it is not a non-negative integer. */
export function completionIndexOf(pod: Pod): number {
  const value = pod.metadata?.annotations?.[completionIndexAnnotation];
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return -1;
  const n = Number(value);
  return n >= 0 && Number.isSafeInteger(n) ? n : -1;
}

/** The completion indexes of `pods`, ascending. */
export function indexesOf(pods: readonly Pod[]): number[] {
  const set = new Set<number>();
  for (const pod of pods) {
    const ix = completionIndexOf(pod);
    if (ix >= 0) set.add(ix);
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * The first `count` indexes below `completions` that no active (or, when only failed pods are
 * replaced, terminating) pod runs and that have not succeeded or failed for good.
 */
export function firstPendingIndexes(input: {
  readonly count: number;
  readonly completions: number;
  readonly activePods: readonly Pod[];
  readonly terminatingPods?: readonly Pod[];
  readonly succeeded: OrderedIntervals;
  readonly failed?: OrderedIntervals;
}): number[] {
  if (input.count === 0) return [];
  let nonPending = withIndexes(input.succeeded, indexesOf(input.activePods));
  if (input.terminatingPods !== undefined)
    nonPending = withIndexes(nonPending, indexesOf(input.terminatingPods));
  if (input.failed !== undefined) nonPending = mergeIntervals(nonPending, input.failed);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < input.completions && result.length < input.count && candidate < iv.first; candidate++)
      result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < input.completions && result.length < input.count; candidate++) result.push(candidate);
  return result;
}

/**
 * Splits active pods into those to remove (no index, an index out of range, or a repeated index —
 * keeping the one that would be removed last) and those left.
 */
export function duplicatedIndexPodsForRemoval(
  pods: readonly Pod[],
  completions: number,
): { remove: Pod[]; left: Pod[] } {
  const remove: Pod[] = [];
  const left: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const pod of pods) {
    const ix = completionIndexOf(pod);
    if (ix < 0 || ix >= completions) {
      remove.push(pod);
      continue;
    }
    const group = byIndex.get(ix) ?? [];
    group.push(pod);
    byIndex.set(ix, group);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const group = byIndex.get(ix)!.sort(compareActivePodsForRemoval);
    remove.push(...group.slice(0, -1));
    left.push(group[group.length - 1]!);
  }
  return { remove, left };
}

/** The generateName of an index's pods: `<job>-<index>-`, the job name cut to fit. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  if (prefix.length <= maxGeneratedNameLength) return prefix;
  return prefix.slice(0, maxGeneratedNameLength - suffix.length) + suffix;
}

function addIndexEnv(container: Container): void {
  if ((container.env ?? []).some((e) => e.name === completionIndexEnv)) return;
  // PodIndexLabel is on by default: the variable reads the label (the annotation before 1.28).
  container.env = [
    ...(container.env ?? []),
    {
      name: completionIndexEnv,
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${completionIndexAnnotation}']` } },
    },
  ];
}

/** Gives every container of the template the JOB_COMPLETION_INDEX variable. */
export function addCompletionIndexEnv(template: PodTemplateSpec): void {
  for (const c of template.spec?.initContainers ?? []) addIndexEnv(c);
  for (const c of template.spec?.containers ?? []) addIndexEnv(c);
}

/** Marks the template with its index: annotation, label and hostname `<job>-<index>`. */
export function setCompletionIndex(template: PodTemplateSpec, jobName: string, index: number): void {
  template.metadata = {
    ...template.metadata,
    annotations: { ...template.metadata?.annotations, [completionIndexAnnotation]: String(index) },
    labels: { ...template.metadata?.labels, [completionIndexAnnotation]: String(index) },
  };
  if (template.spec) template.spec.hostname = `${jobName}-${index}`;
}

function annotationCount(pod: Pod, key: string): number {
  const value = pod.metadata?.annotations?.[key];
  if (value === undefined || !/^\d+$/.test(value)) return 0;
  const n = Number(value);
  return n <= 2147483647 ? n : 0;
}

/** The counted failures of the pod's index so far (its index-failure-count annotation). */
export function indexFailureCount(pod: Pod): number {
  return annotationCount(pod, indexFailureCountAnnotation);
}

/** Counted plus ignored failures of the pod's index so far. */
export function indexAbsoluteFailureCount(pod: Pod): number {
  return (
    annotationCount(pod, indexFailureCountAnnotation) +
    annotationCount(pod, indexIgnoredFailureCountAnnotation)
  );
}

/** Sets the failure-count annotations of a replacement for `replaced` (0 for a first pod). */
export function setIndexFailureCounts(
  template: PodTemplateSpec,
  replaced: Pod | undefined,
  countFailed: boolean,
): void {
  let failures = 0;
  let ignored = 0;
  if (replaced !== undefined) {
    failures = annotationCount(replaced, indexFailureCountAnnotation);
    ignored = annotationCount(replaced, indexIgnoredFailureCountAnnotation);
    if (countFailed) failures++;
    else ignored++;
  }
  const annotations: Record<string, string> = {
    ...template.metadata?.annotations,
    [indexFailureCountAnnotation]: String(failures),
  };
  if (ignored > 0) annotations[indexIgnoredFailureCountAnnotation] = String(ignored);
  template.metadata = { ...template.metadata, annotations };
}
