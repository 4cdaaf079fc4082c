import {
  exponentialBuckets,
  type HistogramChild,
  type MetricFamily,
  type Registry,
} from '../base/metrics/index.js';
import type { FrameworkMetrics } from './framework/framework.js';
import type { QueueName } from './queue/scheduling-queue.js';

/** The outcome of one scheduling attempt, as the metrics label it. */
export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';

/** Sizes read at scrape time. */
export interface SchedulerGauges {
  pendingPods(): Record<QueueName, number>;
  cacheSize(): { nodes: number; pods: number; assumedPods: number };
}

/**
 * The scheduler's Prometheus metrics, with upstream's names, labels and buckets:
 * attempts and their latency by result and profile, end-to-end and SLI latency, framework
 * extension point durations, pending pods per queue, queue arrivals, preemption and cache size.
 */
export class SchedulerMetrics implements FrameworkMetrics {
  private readonly attempts;
  private readonly attemptDuration;
  private readonly e2eDuration;
  private readonly sliDuration;
  private readonly podAttempts;
  private readonly extensionPoints;
  private readonly incoming;
  private readonly preemptionAttempts;
  private readonly pointChildren = new Map<string, HistogramChild>();

  constructor(registry: Registry, gauges: SchedulerGauges) {
    this.attempts = registry.counter({
      name: 'scheduler_schedule_attempts_total',
      help: "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.",
      labelNames: ['result', 'profile'],
    });
    this.attemptDuration = registry.histogram({
      name: 'scheduler_scheduling_attempt_duration_seconds',
      help: 'Scheduling attempt latency in seconds (scheduling algorithm + binding)',
      labelNames: ['result', 'profile'],
      buckets: exponentialBuckets(0.001, 2, 15),
    });
    this.e2eDuration = registry.histogram({
      name: 'scheduler_e2e_scheduling_duration_seconds',
      help: 'E2e scheduling latency in seconds (scheduling algorithm + binding). This metric is replaced by scheduling_attempt_duration_seconds.',
      labelNames: ['result', 'profile'],
      buckets: exponentialBuckets(0.001, 2, 15),
    });
    this.sliDuration = registry.histogram({
      name: 'scheduler_pod_scheduling_sli_duration_seconds',
      help: 'E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve multiple scheduling attempts.',
      labelNames: ['attempts'],
      buckets: exponentialBuckets(0.01, 2, 20),
    });
    this.podAttempts = registry.histogram({
      name: 'scheduler_pod_scheduling_attempts',
      help: 'Number of attempts to successfully schedule a pod.',
      buckets: exponentialBuckets(1, 2, 5),
    });
    this.extensionPoints = registry.histogram({
      name: 'scheduler_framework_extension_point_duration_seconds',
      help: 'Latency for running all plugins of a specific extension point.',
      labelNames: ['extension_point', 'status', 'profile'],
      buckets: exponentialBuckets(0.0001, 2, 12),
    });
    this.incoming = registry.counter({
      name: 'scheduler_queue_incoming_pods_total',
      help: 'Number of pods added to scheduling queues by event and queue type.',
      labelNames: ['queue', 'event'],
    });
    this.preemptionAttempts = registry.counter({
      name: 'scheduler_preemption_attempts_total',
      help: 'Total preemption attempts in the cluster till now',
    });
    registry.register({
      name: 'scheduler_pending_pods',
      collect: (): MetricFamily => {
        const counts = gauges.pendingPods();
        return {
          name: 'scheduler_pending_pods',
          help: "Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
          type: 'gauge',
          samples: (['active', 'backoff', 'gated', 'unschedulable'] as const).map((q) => ({
            name: 'scheduler_pending_pods',
            labels: [['queue', q]],
            value: counts[q],
          })),
        };
      },
    });
    registry.register({
      name: 'scheduler_scheduler_cache_size',
      collect: (): MetricFamily => {
        const s = gauges.cacheSize();
        return {
          name: 'scheduler_scheduler_cache_size',
          help: 'Number of nodes, pods, and assumed (bound) pods in the scheduler cache.',
          type: 'gauge',
          samples: [
            {
              name: 'scheduler_scheduler_cache_size',
              labels: [['type', 'assumed_pods']],
              value: s.assumedPods,
            },
            { name: 'scheduler_scheduler_cache_size', labels: [['type', 'nodes']], value: s.nodes },
            { name: 'scheduler_scheduler_cache_size', labels: [['type', 'pods']], value: s.pods },
          ],
        };
      },
    });
  }

  extensionPoint(point: string, code: string, profile: string, seconds: number): void {
    const key = `${point}\0${code}\0${profile}`;
    let child = this.pointChildren.get(key);
    if (child === undefined) {
      child = this.extensionPoints.labels(point, code, profile);
      this.pointChildren.set(key, child);
    }
    child.observe(seconds);
  }

  /** One scheduling attempt ended with `result` after `seconds`. */
  attempt(result: AttemptResult, profile: string, seconds: number): void {
    this.attempts.labels(result, profile).inc();
    this.attemptDuration.labels(result, profile).observe(seconds);
    this.e2eDuration.labels(result, profile).observe(seconds);
  }

  /** A pod was bound after `attempts` attempts, `seconds` after it was first queued. */
  podScheduled(attempts: number, seconds: number): void {
    this.podAttempts.observe(attempts);
    this.sliDuration.labels(String(attempts)).observe(seconds);
  }

  /** A pod entered a sub-queue because of `event`. */
  queueIncoming(queue: QueueName, event: string): void {
    this.incoming.labels(queue, event).inc();
  }

  /** A pod ran PostFilter (preemption). */
  preemptionAttempt(): void {
    this.preemptionAttempts.inc();
  }
}
