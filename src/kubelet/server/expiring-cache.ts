// A small cache whose entries expire after a per-entry lifetime on the injected clock, bounded in
// size (the oldest entry goes first): what the webhook authenticator and authorizer keep their
// TokenReview and SubjectAccessReview answers in.
import type { Clock } from '../../base/clock.js';

/** Key → value with expiry. */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value under `key` unless it expired. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.expires <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Keeps `value` for `ttlMs`. */
  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expires: this.clock.now() + ttlMs });
  }

  /** Number of entries (expired ones included until read). */
  get size(): number {
    return this.entries.size;
  }
}
