/**
 * Callbacks of a shared informer, client-go's ResourceEventHandler. Objects are the cache's own:
 * never mutate them (they are frozen under test). Handlers should only note what changed — enqueue
 * a key — and return; they run one at a time, in event order per handler.
 */
export interface ResourceEventHandler<T> {
  /** A new object; `isInInitialList` is true for objects of the first sync (or a late handler's catch-up). */
  onAdd?(object: T, isInInitialList: boolean): void;
  /** A changed object — or, on a resync, the same object twice. */
  onUpdate?(oldObject: T, newObject: T): void;
  /**
   * A deleted object. `finalStateUnknown` means the deletion was noticed by a relist, so `object` is
   * the last state this cache saw, not the state the object was deleted in.
   */
  onDelete?(object: T, finalStateUnknown: boolean): void;
}

/** A registered handler: its own sync status, and how to remove it. */
export interface HandlerRegistration {
  /** True once the informer synced and this handler was given every object of that sync. */
  hasSynced(): boolean;
  /** Stops notifications to this handler. */
  remove(): void;
}

/** Per-handler options. */
export interface HandlerOptions {
  /** Deliver every cached object as onUpdate(obj, obj) this often (0 = never; at least 1 s). */
  readonly resyncPeriodMs?: number;
}
