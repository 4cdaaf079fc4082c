// The labels, annotations and finalizer the Job controller puts on Jobs' pods.

/** The Job kind as controller references and events name it. */
export const jobKind = { apiVersion: 'batch/v1', kind: 'Job' } as const;

/** Finalizer that keeps a pod until the controller counted it (batch.JobTrackingFinalizer). */
export const jobTrackingFinalizer = 'batch.kubernetes.io/job-tracking';

/** Annotation and label with an Indexed Job pod's completion index. */
export const completionIndexAnnotation = 'batch.kubernetes.io/job-completion-index';

/** Annotation counting the failures of an index so far (backoffLimitPerIndex). */
export const indexFailureCountAnnotation = 'batch.kubernetes.io/job-index-failure-count';

/** Annotation counting the ignored failures of an index so far. */
export const indexIgnoredFailureCountAnnotation = 'batch.kubernetes.io/job-index-ignored-failure-count';

/** The environment variable an Indexed Job's containers read their index from. */
export const completionIndexEnv = 'JOB_COMPLETION_INDEX';

/** The controller name a Job's spec.managedBy names when this controller manages it. */
export const jobControllerName = 'kubernetes.io/job-controller';
