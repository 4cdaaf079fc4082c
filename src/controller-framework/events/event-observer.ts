import type { Event } from 'kubernetes-types/core/v1.js';
import { eventKey } from './event-keys.js';
import type { EventPatch } from './event-sink.js';
import { LruCache } from './lru-cache.js';

interface Observation {
  readonly count: number;
  readonly firstTimestamp: string | undefined;
  readonly name: string | undefined;
  readonly resourceVersion: string | undefined;
}

/**
 * Counts repeats of an event (client-go's eventLogger): a repeat takes the first occurrence's
 * name and firstTimestamp with count+1, and comes with the patch that updates the stored event
 * instead of creating a new one.
 */
export class EventObserver {
  private readonly cache: LruCache<Observation>;

  constructor(options: { readonly cacheSize: number }) {
    this.cache = new LruCache(options.cacheSize);
  }

  /** The event to write under `key`, and a patch when an earlier occurrence exists. */
  observe(input: Event, key: string): { event: Event; patch?: EventPatch } {
    const last = this.cache.get(key);
    let event = input;
    let patch: EventPatch | undefined;
    if (last !== undefined && last.count > 0) {
      event = {
        ...input,
        metadata: { ...input.metadata, name: last.name, resourceVersion: last.resourceVersion },
        firstTimestamp: last.firstTimestamp,
        count: last.count + 1,
      };
      patch = { count: event.count!, lastTimestamp: event.lastTimestamp ?? '', message: event.message ?? '' };
    }
    this.remember(key, event);
    return patch ? { event, patch } : { event };
  }

  /** Records the server's copy after a successful write, so later patches name it correctly. */
  updateState(stored: Event): void {
    this.remember(eventKey(stored), stored);
  }

  private remember(key: string, event: Event): void {
    this.cache.add(key, {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name,
      resourceVersion: event.metadata.resourceVersion,
    });
  }
}
