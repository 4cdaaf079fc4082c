import type { RequestInfo } from '../request/request-info.js';
import { oneSeat, type WorkEstimate } from './work-estimate.js';

/** What the estimator knows of a resource: how many objects it stores and how many watch it. */
export interface ResourceLoad {
  /** Stored objects of the resource, or undefined when it is not a stored resource. */
  objectCount(group: string, resource: string): number | undefined;
  /** Open watches of the resource. */
  watchCount(group: string, resource: string): number;
}

// Upstream's default work estimator configuration (1.32, count-based list cost).
const objectsPerSeat = 100;
const watchesPerSeat = 10;
const eventAdditionalMs = 5;
const maximumListSeats = 10;
const maximumMutatingSeats = 10;

/**
 * Upstream's work estimate of a request: a list costs a seat per 100 objects it has to go through
 * (up to 10), a write to a watched resource holds a seat per 10 watchers for the 5 ms each watcher's
 * notification takes, and everything else costs one seat. `levelMaxSeats` is the priority level's
 * own cap (0 for none).
 */
export function estimateWork(
  info: RequestInfo,
  query: URLSearchParams,
  load: ResourceLoad,
  levelMaxSeats: number,
): WorkEstimate {
  switch (info.verb) {
    case 'list':
    case 'watch':
      return estimateList(info, query, load, levelMaxSeats);
    case 'create':
    case 'update':
    case 'patch':
    case 'delete':
      return estimateMutating(info, load, levelMaxSeats);
    default:
      return oneSeat;
  }
}

function estimateList(
  info: RequestInfo,
  query: URLSearchParams,
  load: ResourceLoad,
  levelMaxSeats: number,
): WorkEstimate {
  const cap = levelMaxSeats === 0 || levelMaxSeats > maximumListSeats ? maximumListSeats : levelMaxSeats;
  const resourceVersion = query.get('resourceVersion') ?? '';
  if (info.verb === 'watch') {
    // A watch resuming from a resourceVersion has no initial list to send.
    const initialEvents = query.get('sendInitialEvents') === 'true';
    if (!initialEvents && resourceVersion !== '' && resourceVersion !== '0') return oneSeat;
  }
  const stored = load.objectCount(info.apiGroup, info.resource);
  if (stored === undefined) return oneSeat;
  const limit = Math.min(stored, positive(query.get('limit')) ?? stored);
  const selected = (query.get('fieldSelector') ?? '') !== '' || (query.get('labelSelector') ?? '') !== '';
  let objects: number;
  if (info.name !== '' || singleNameSelector(query)) objects = 1;
  else if (info.verb === 'watch' || servedFromCache(query, resourceVersion)) objects = stored;
  else if (selected) objects = stored + limit;
  else objects = 2 * limit;
  const seats = Math.min(cap, Math.max(1, Math.ceil(objects / objectsPerSeat)));
  return { initialSeats: seats, finalSeats: 0, additionalLatencyMs: 0 };
}

function estimateMutating(info: RequestInfo, load: ResourceLoad, levelMaxSeats: number): WorkEstimate {
  // Token requests notify no watcher of serviceaccounts.
  if (info.resource === 'serviceaccounts' && info.subresource === 'token') return oneSeat;
  const cap =
    levelMaxSeats === 0 || levelMaxSeats > maximumMutatingSeats ? maximumMutatingSeats : levelMaxSeats;
  const watchers = load.watchCount(info.apiGroup, info.resource);
  if (watchers < watchesPerSeat) return oneSeat;
  const wanted = Math.ceil(watchers / watchesPerSeat);
  const finalSeats = Math.min(wanted, cap);
  // The final work stays what the watchers need; fewer seats hold it for longer.
  return { initialSeats: 1, finalSeats, additionalLatencyMs: (wanted * eventAdditionalMs) / finalSeats };
}

/**
 * Whether the list is answered from the watch cache (upstream's ShouldDelegateList, with consistent
 * reads from the cache): exact-version and paged continuations go to storage.
 */
function servedFromCache(query: URLSearchParams, resourceVersion: string): boolean {
  const match = query.get('resourceVersionMatch') ?? '';
  if (match === 'Exact') return false;
  if (match === 'NotOlderThan') return true;
  if ((positive(query.get('limit')) ?? 0) > 0 && resourceVersion !== '' && resourceVersion !== '0')
    return false;
  return (query.get('continue') ?? '') === '';
}

/** A field selector of exactly metadata.name=x names one object, as upstream's RequestInfo sees it. */
function singleNameSelector(query: URLSearchParams): boolean {
  const selector = query.get('fieldSelector') ?? '';
  return /^metadata\.name==?[^,]*$/.test(selector);
}

function positive(text: string | null): number | undefined {
  if (text === null) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
