/** Decides how long an item waits before its next retry (client-go's workqueue.RateLimiter). */
export interface RateLimiter<T> {
  /** Records a failure of `item` and returns how long to wait before retrying it, in milliseconds. */
  when(item: T): number;
  /** Stops tracking `item` (it succeeded or was given up on); its backoff starts over. */
  forget(item: T): void;
  /** How many times `item` has been retried since it was last forgotten. */
  numRequeues(item: T): number;
}
