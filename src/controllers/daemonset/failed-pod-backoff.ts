// client-go's flowcontrol.Backoff as the DaemonSet controller uses it for failed pods: deleting a
// failed daemon pod (which the kubelet may reject again at once) is spaced out per node, doubling
// from 1 s to 15 min.

/** What a FailedPodBackoff is created with. */
export interface FailedPodBackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
}

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

/** Per-key exponential backoff measured from the last attempt. */
export class FailedPodBackoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: FailedPodBackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1000;
    this.maxMs = options.maxMs ?? 15 * 60 * 1000;
  }

  // An entry untouched for twice the maximum starts over.
  private expired(e: Entry, now: number): boolean {
    return now - e.lastUpdate > 2 * this.maxMs;
  }

  /** The current delay of `key` (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Records an attempt at `now`: starts at the initial delay or doubles it. */
  next(key: string, now: number): void {
    const e = this.entries.get(key);
    if (e === undefined || this.expired(e, now))
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: now });
    else {
      e.backoffMs = Math.min(e.backoffMs * 2, this.maxMs);
      e.lastUpdate = now;
    }
  }

  /** True while `now` is within the delay since the last attempt. */
  inBackoffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return e !== undefined && !this.expired(e, now) && now - e.lastUpdate < e.backoffMs;
  }
}
