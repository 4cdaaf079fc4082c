import type { ApiRequest } from './api-request.js';
import type { LimiterOutcome, RequestLimiter } from './request-limiter.js';
import { writeTooManyRequests } from './write-response.js';

/**
 * Caps of concurrently served requests, per kind (upstream's --max-requests-inflight and
 * --max-mutating-requests-inflight); 0 leaves that kind unlimited.
 */
export interface InFlightLimits {
  readonly readOnly: number;
  readonly mutating: number;
}

const readOnlyVerbs = new Set(['get', 'list', 'watch', 'head', 'options']);
const admittedFree: LimiterOutcome = { admitted: true, finish: () => {} };

/**
 * The limiter with priority and fairness disabled (--enable-priority-and-fairness=false): requests
 * beyond the in-flight caps are refused at once with 429 and Retry-After 1, as upstream's
 * WithMaxInFlightLimit does. Long-running requests are not counted.
 */
export class InFlightLimiter implements RequestLimiter {
  private readOnly = 0;
  private mutating = 0;

  constructor(private readonly limits: InFlightLimits) {}

  async admit(areq: ApiRequest): Promise<LimiterOutcome> {
    if (areq.longRunning) return admittedFree;
    const readOnly = readOnlyVerbs.has(areq.info.verb);
    const [count, cap] = readOnly
      ? [this.readOnly, this.limits.readOnly]
      : [this.mutating, this.limits.mutating];
    if (cap > 0 && count >= cap) {
      writeTooManyRequests(areq.res, 1);
      return { admitted: false };
    }
    if (readOnly) this.readOnly++;
    else this.mutating++;
    let done = false;
    return {
      admitted: true,
      finish: () => {
        if (done) return;
        done = true;
        if (readOnly) this.readOnly--;
        else this.mutating--;
      },
    };
  }

  /** Without priority and fairness there is nothing to dump (upstream does not serve the paths). */
  debugDump(): string | undefined {
    return undefined;
  }

  stop(): void {}
}
