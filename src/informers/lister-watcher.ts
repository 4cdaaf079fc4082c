import type { ListOptions, ObjectList, WatchEvent, WatchOptions } from '../client/index.js';

/** An open watch: events until the stream ends; stop() cancels it. */
export interface Watch<T> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

/** The two calls a Reflector makes; a ResourceClient is one. */
export interface ListerWatcher<T> {
  list(opts: ListOptions): Promise<ObjectList<T>>;
  watch(opts: WatchOptions): Promise<Watch<T>>;
}

/** Where a Reflector writes what it observes. */
export interface ReflectorStore<T> {
  add(object: T): void;
  update(object: T): void;
  delete(object: T): void;
  /** The store must now hold exactly `objects`, the state at `resourceVersion`. */
  replace(objects: readonly T[], resourceVersion: string): void;
}
