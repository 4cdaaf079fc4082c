// What one Job sync works with: the dependencies of the controller and the state gathered about
// the Job and its pods (upstream's syncJobCtx).
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import type { ResourceClient } from '../../client/index.js';
import type { EventRecorder } from '../../controller-framework/index.js';
import type { ControllerExpectations } from '../shared/workload-expectations.js';
import type { PodControl } from '../shared/workload-pod-control.js';
import type { BackoffRecord, BackoffStore } from './job-backoff.js';
import type { FinalizerExpectations } from './finalizer-expectations.js';
import type { Interval } from './ordered-intervals.js';

/** Upstream's syncJobBatchPeriod: pod events are folded into one sync per second. */
export const syncJobBatchPeriodMs = 1000;

/** Upstream's MaxUncountedPods: keeps status.uncountedTerminatedPods under ~20 KB. */
export const maxUncountedPods = 500;

/** Upstream's MaxPodCreateDeletePerSync. */
export const maxPodCreateDeletePerSync = 500;

/** The controller's collaborators a sync uses. */
export interface JobDeps {
  readonly clock: Clock;
  readonly recorder: EventRecorder;
  readonly podControl: PodControl;
  readonly jobs: ResourceClient<Job>;
  readonly expectations: ControllerExpectations;
  readonly finalizerExpectations: FinalizerExpectations;
  readonly backoff: BackoffStore;
  /** Syncs the Job again after `ms` (never sooner than the batch period when delayed). */
  readonly enqueueAfter: (key: string, ms: number) => void;
}

/** The state of one sync of one Job. */
export interface SyncJobCtx {
  readonly key: string;
  job: Job;
  readonly pods: readonly Pod[];
  readonly activePods: readonly Pod[];
  finishedCondition: JobCondition | undefined;
  succeeded: number;
  failed: number;
  prevSucceededIndexes: Interval[];
  succeededIndexes: Interval[];
  failedIndexes: Interval[] | undefined;
  newBackoffRecord: BackoffRecord;
  readonly expectedRmFinalizers: ReadonlySet<string>;
  readonly uncountedSucceeded: ReadonlySet<string>;
  readonly uncountedFailed: ReadonlySet<string>;
  podsWithDelayedDeletionPerIndex: Map<number, Pod>;
  terminating: number;
  ready: number;
}
