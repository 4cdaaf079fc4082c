import type { CallSinks } from './review-call.js';
import type { ServedLookup } from './versioned-objects.js';
import type { MatchContext } from './webhook-invocation.js';

/** What the dispatchers need for one request: matching, version conversion and the call's outputs. */
export interface DispatchContext {
  readonly match: MatchContext;
  readonly lookup: ServedLookup;
  readonly sinks: CallSinks;
  /** Receives a failed call that failurePolicy Ignore let pass (upstream logs it). */
  readonly ignored: (message: string) => void;
}
