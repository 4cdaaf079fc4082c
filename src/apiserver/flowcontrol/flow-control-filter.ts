import type { Logger } from '../../base/logger.js';
import { systemClock, type Clock } from '../../base/clock.js';
import type { Registry } from '../../base/metrics/index.js';
import type { ApiRequest } from '../http/api-request.js';
import type { LimiterOutcome, RequestLimiter } from '../http/request-limiter.js';
import { writeTooManyRequests } from '../http/write-response.js';
import type { ResourceStore } from '../registry/resource-store.js';
import type { ResourceRegistry } from '../resource-registry.js';
import {
  mandatoryFlowSchemas,
  mandatoryPriorityLevels,
  suggestedFlowSchemas,
  suggestedPriorityLevels,
} from './bootstrap-configuration.js';
import { dumpPriorityLevels } from './debug-dump.js';
import { feedFlowControl } from './flowcontrol-config-feed.js';
import { FlowControlMetrics } from './flowcontrol-metrics.js';
import { PriorityAndFairness } from './priority-and-fairness.js';
import { estimateWork, type ResourceLoad } from './work-estimator.js';

/** Settings of the filter. */
export interface FlowControlFilterOptions {
  readonly registry: ResourceRegistry;
  readonly metrics: Registry;
  readonly log: Logger;
  /** The request timeout; a request waits in a queue for at most a quarter of it. */
  readonly requestTimeoutMs: number;
  /** The server's seats (upstream: --max-requests-inflight + --max-mutating-requests-inflight). */
  readonly serverConcurrencyLimit?: number;
  readonly clock?: Clock;
}

/**
 * The handler chain's API Priority and Fairness step, between impersonation and authorization as
 * upstream places it: classifies the request, waits for a seat, sets the X-Kubernetes-PF-* headers,
 * and answers a refused request 429 (plain text, with Retry-After) itself. A watch gives its seat
 * back once it is initialized; other long-running requests (exec, logs, proxy) are not limited.
 */
export class FlowControlFilter implements RequestLimiter {
  private readonly apf: PriorityAndFairness;
  private readonly load: ResourceLoad;
  private readonly stopFeed: () => void;

  constructor(options: FlowControlFilterOptions) {
    const { registry } = options;
    this.apf = new PriorityAndFairness({
      clock: options.clock ?? systemClock,
      serverConcurrencyLimit: options.serverConcurrencyLimit ?? 600,
      requestWaitLimitMs: Math.min(options.requestTimeoutMs / 4, 60_000),
      metrics: new FlowControlMetrics(options.metrics),
      log: options.log,
    });
    // Until the stored configuration is read, the one the server is about to ensure applies.
    this.apf.configure(
      [...mandatoryFlowSchemas, ...suggestedFlowSchemas],
      [...mandatoryPriorityLevels, ...suggestedPriorityLevels],
    );
    const stores = new Map<string, ResourceStore | undefined>();
    const storeOf = (group: string, resource: string) => {
      const key = `${group}/${resource}`;
      if (!stores.has(key)) stores.set(key, lookupStore(registry, group, resource));
      return stores.get(key);
    };
    this.load = {
      objectCount: (group, resource) => storeOf(group, resource)?.objectCount,
      watchCount: (group, resource) => storeOf(group, resource)?.watcherCount ?? 0,
    };
    this.stopFeed = feedFlowControl(this.apf, registry, options.log);
  }

  /** Admits the request, or answers it 429 and returns not admitted. */
  async admit(areq: ApiRequest): Promise<LimiterOutcome> {
    const { info, res } = areq;
    if (areq.longRunning && info.verb !== 'watch') return { admitted: true, finish: () => {} };
    const decision = await this.apf.admit(
      { info, user: areq.user },
      (maxSeats) => estimateWork(info, areq.url.searchParams, this.load, maxSeats),
      (cancel) => {
        res.once('close', cancel);
        return () => res.off('close', cancel);
      },
    );
    const c = decision.classification;
    res.setHeader('X-Kubernetes-PF-FlowSchema-UID', c.flowSchemaUid);
    res.setHeader('X-Kubernetes-PF-PriorityLevel-UID', c.priorityLevelUid);
    if (decision.kind === 'reject') {
      writeTooManyRequests(res, decision.retryAfterSeconds);
      return { admitted: false };
    }
    return { admitted: true, finish: decision.finish };
  }

  /** The dumps upstream serves under /debug/api_priority_and_fairness/ (dump_priority_levels). */
  debugDump(name: string): string | undefined {
    return name === 'dump_priority_levels' ? dumpPriorityLevels(this.apf.priorityLevels) : undefined;
  }

  /** Stops following the configuration. */
  stop(): void {
    this.stopFeed();
  }
}

function lookupStore(registry: ResourceRegistry, group: string, resource: string): ResourceStore | undefined {
  try {
    return registry.preferred(group, resource).store;
  } catch {
    return undefined;
  }
}
