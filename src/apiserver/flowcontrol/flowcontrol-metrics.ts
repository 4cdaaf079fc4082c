import { Counter, Gauge, Histogram, type Registry } from '../../base/metrics/index.js';

const flowLabels = ['flow_schema', 'priority_level'] as const;
const levelLabels = ['priority_level'] as const;

/** API Priority and Fairness metrics, named and labelled as upstream's apiserver_flowcontrol_*. */
export class FlowControlMetrics {
  readonly rejected: Counter<readonly ['flow_schema', 'priority_level', 'reason']>;
  readonly dispatched: Counter<typeof flowLabels>;
  readonly inQueue: Gauge<typeof flowLabels>;
  readonly executing: Gauge<typeof flowLabels>;
  readonly executingSeats: Gauge<typeof flowLabels>;
  readonly waitDuration: Histogram<readonly ['execute', 'flow_schema', 'priority_level']>;
  readonly nominalLimit: Gauge<typeof levelLabels>;
  readonly lowerLimit: Gauge<typeof levelLabels>;
  readonly upperLimit: Gauge<typeof levelLabels>;
  readonly currentLimit: Gauge<typeof levelLabels>;

  constructor(registry: Registry) {
    this.rejected = registry.register(
      new Counter({
        name: 'apiserver_flowcontrol_rejected_requests_total',
        help: 'Number of requests rejected by API Priority and Fairness subsystem',
        labelNames: ['flow_schema', 'priority_level', 'reason'] as const,
      }),
    );
    const flow = (name: string, help: string) =>
      registry.register(new Gauge({ name, help, labelNames: flowLabels }));
    this.dispatched = registry.register(
      new Counter({
        name: 'apiserver_flowcontrol_dispatched_requests_total',
        help: 'Number of requests executed by API Priority and Fairness subsystem',
        labelNames: flowLabels,
      }),
    );
    this.inQueue = flow(
      'apiserver_flowcontrol_current_inqueue_requests',
      'Number of requests currently pending in queues of the API Priority and Fairness subsystem',
    );
    this.executing = flow(
      'apiserver_flowcontrol_current_executing_requests',
      'Number of requests in initial (for a WATCH) or any (for a non-WATCH) execution stage in the API Priority and Fairness subsystem',
    );
    this.executingSeats = flow(
      'apiserver_flowcontrol_current_executing_seats',
      'Concurrency (number of seats) occupied by the currently executing (initial stage for a WATCH, any stage otherwise) requests in the API Priority and Fairness subsystem',
    );
    this.waitDuration = registry.register(
      new Histogram({
        name: 'apiserver_flowcontrol_request_wait_duration_seconds',
        help: 'Length of time a request spent waiting in its queue',
        labelNames: ['execute', 'flow_schema', 'priority_level'] as const,
        buckets: [0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30],
      }),
    );
    const level = (name: string, help: string) =>
      registry.register(new Gauge({ name, help, labelNames: levelLabels }));
    this.nominalLimit = level(
      'apiserver_flowcontrol_nominal_limit_seats',
      'Nominal number of execution seats configured for each priority level',
    );
    this.lowerLimit = level(
      'apiserver_flowcontrol_lower_limit_seats',
      'Configured lower bound on number of execution seats available to each priority level',
    );
    this.upperLimit = level(
      'apiserver_flowcontrol_upper_limit_seats',
      'Configured upper bound on number of execution seats available to each priority level',
    );
    this.currentLimit = level(
      'apiserver_flowcontrol_current_limit_seats',
      'current derived number of execution seats available to each priority level',
    );
  }
}
