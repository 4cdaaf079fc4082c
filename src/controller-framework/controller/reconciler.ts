/**
 * What a reconcile asks of the loop when it succeeds: nothing (the key is forgotten until an event
 * adds it again), a requeue after a delay (periodic re-checks), or a rate-limited requeue.
 */
export interface ReconcileResult {
  /** Reconcile the key again after this many milliseconds; the key's backoff is reset. */
  readonly requeueAfter?: number;
  /** Reconcile the key again after its rate-limited backoff, without it counting as an error. */
  readonly requeue?: boolean;
}

/**
 * Brings the world in line with the desired state of one key. It is level-driven: it is told
 * only the key, never why, so it must read current state and be idempotent. A thrown error
 * requeues the key with backoff; a TerminalError is logged and not retried.
 */
export type Reconciler<T> = (key: T, signal: AbortSignal) => Promise<ReconcileResult | void>;

/** An error a reconciler throws when retrying cannot help: the loop logs it and forgets the key. */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
