import {
  isConnectionError,
  isConnectionRefused,
  isResourceExpired,
  isTooLargeResourceVersion,
} from '../client/index.js';
import { isStatusError } from '../machinery/errors/index.js';

/**
 * Where a Reflector is. Each state names the request it will make next:
 * - Listing: a LIST at `resourceVersion` ("0" = any cached state, "" = consistent, else at least that
 *   version), then Replace of the store;
 * - WatchListing: a watch with sendInitialEvents (the store is replaced at the initial-events-end
 *   bookmark), then Watching on the same stream;
 * - Watching: a watch from `resourceVersion`, applying events to the store;
 * - Backoff: waiting `delayMs` before `next`;
 * - Stopped: the run's signal was aborted.
 */
export type ReflectorState =
  | { readonly phase: 'Listing'; readonly resourceVersion: string }
  | { readonly phase: 'WatchListing'; readonly resourceVersion: string }
  | { readonly phase: 'Watching'; readonly resourceVersion: string }
  | { readonly phase: 'Backoff'; readonly delayMs: number; readonly next: ReflectorState }
  | { readonly phase: 'Stopped' };

/** What came of running one state. */
export type ReflectorOutcome =
  | { readonly kind: 'listed'; readonly resourceVersion: string }
  | { readonly kind: 'listFailed'; readonly error: unknown }
  | { readonly kind: 'initialEventsEnded'; readonly resourceVersion: string }
  /** The stream ended without an error; `resourceVersion` is the last one seen. */
  | {
      readonly kind: 'watchEnded';
      readonly resourceVersion: string;
      readonly events: number;
      readonly durationMs: number;
    }
  /** `opened` tells a failure to start the watch from one during the stream. */
  | {
      readonly kind: 'watchFailed';
      readonly error: unknown;
      readonly opened: boolean;
      readonly resourceVersion: string;
      readonly events: number;
      readonly durationMs: number;
    }
  | { readonly kind: 'waited' }
  | { readonly kind: 'stopped' };

/** What a transition needs besides the state: configuration and the next backoff delay. */
export interface TransitionContext {
  /** The last resourceVersion the store is known to reflect ("" before the first sync). */
  readonly lastSyncResourceVersion: string;
  /** Use watch-list (sendInitialEvents) instead of LIST to (re)fill the store. */
  readonly watchList: boolean;
  /** The next delay of the reflector's exponential backoff (called only when backing off). */
  readonly backoff: () => number;
}

/** client-go treats a watch that ends within a second without a single event as a failure. */
export const shortWatchMs = 1000;

/** The state a reflector starts in (client-go: LIST at "0", or a consistent watch-list). */
export function initialReflectorState(watchList: boolean): ReflectorState {
  return watchList
    ? { phase: 'WatchListing', resourceVersion: '' }
    : { phase: 'Listing', resourceVersion: '0' };
}

/** How to refill the store from scratch, resuming from the last synced version when there is one. */
function relist(ctx: TransitionContext): ReflectorState {
  const rv = ctx.lastSyncResourceVersion;
  return ctx.watchList
    ? { phase: 'WatchListing', resourceVersion: rv }
    : { phase: 'Listing', resourceVersion: rv === '' ? '0' : rv };
}

function backoff(ctx: TransitionContext, next: ReflectorState): ReflectorState {
  return { phase: 'Backoff', delayMs: ctx.backoff(), next };
}

/** Errors after which the stored version is unusable and the next read must be consistent (""). */
function versionUnusable(err: unknown): boolean {
  return isResourceExpired(err) || isTooLargeResourceVersion(err);
}

/** client-go's isWatchErrorRetriable: the watch can be retried at the same version after a backoff. */
function watchRetriable(err: unknown): boolean {
  return isConnectionRefused(err) || isStatusError(err, 'TooManyRequests');
}

/**
 * The reflector's transition function, following client-go 1.32's Reflector:
 * - a LIST that fails because its version is too old (410) or too new is retried at once as a
 *   consistent LIST (""); any other LIST failure backs off and retries the same LIST;
 * - a watch that ends cleanly resumes from the last seen version at once — unless it lasted under a
 *   second without events, which counts as a failure;
 * - a watch that cannot start because the server is unreachable or throttling (429) backs off and
 *   retries at the same version; a broken connection mid-stream resumes like a clean end;
 * - any other watch failure — 410 Expired included — backs off and relists from the last version;
 * - watch-list failures with an unusable version retry consistently at once; unreachable or 429
 *   back off; anything else falls back to LIST, as client-go does.
 * Stopping wins from every state.
 */
export function nextReflectorState(
  state: ReflectorState,
  outcome: ReflectorOutcome,
  ctx: TransitionContext,
): ReflectorState {
  if (outcome.kind === 'stopped' || state.phase === 'Stopped') return { phase: 'Stopped' };
  switch (state.phase) {
    case 'Backoff':
      return outcome.kind === 'waited' ? state.next : state;
    case 'Listing':
      if (outcome.kind === 'listed') return { phase: 'Watching', resourceVersion: outcome.resourceVersion };
      if (outcome.kind === 'listFailed') {
        if (versionUnusable(outcome.error) && state.resourceVersion !== '')
          return { phase: 'Listing', resourceVersion: '' };
        return backoff(ctx, state);
      }
      return state;
    case 'WatchListing':
      if (outcome.kind === 'initialEventsEnded')
        return { phase: 'Watching', resourceVersion: outcome.resourceVersion };
      if (outcome.kind === 'watchFailed') {
        if (versionUnusable(outcome.error) && state.resourceVersion !== '')
          return { phase: 'WatchListing', resourceVersion: '' };
        if (watchRetriable(outcome.error) || isConnectionError(outcome.error)) return backoff(ctx, state);
        const rv = ctx.lastSyncResourceVersion;
        return { phase: 'Listing', resourceVersion: rv === '' ? '0' : rv };
      }
      // The stream closed before the initial events ended: try again after a pause.
      if (outcome.kind === 'watchEnded') return backoff(ctx, state);
      return state;
    case 'Watching':
      if (outcome.kind === 'watchEnded') {
        if (outcome.events === 0 && outcome.durationMs < shortWatchMs) return backoff(ctx, relist(ctx));
        return { phase: 'Watching', resourceVersion: outcome.resourceVersion };
      }
      if (outcome.kind === 'watchFailed') {
        const resume: ReflectorState = { phase: 'Watching', resourceVersion: outcome.resourceVersion };
        if (!outcome.opened && watchRetriable(outcome.error)) return backoff(ctx, resume);
        if (outcome.opened && isStatusError(outcome.error, 'TooManyRequests')) return backoff(ctx, resume);
        if (outcome.opened && isConnectionError(outcome.error)) {
          if (outcome.events === 0 && outcome.durationMs < shortWatchMs) return backoff(ctx, relist(ctx));
          return resume;
        }
        return backoff(ctx, relist(ctx));
      }
      return state;
  }
}
