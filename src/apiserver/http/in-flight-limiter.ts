/** Caps of concurrently served requests, per kind (upstream's --max-requests-inflight and --max-mutating-requests-inflight). */
export interface InFlightLimits {
  readonly readOnly: number;
  readonly mutating: number;
}

const readOnlyVerbs = new Set(['get', 'list', 'watch', 'head', 'options']);

/** Admits requests up to the limits; beyond them the caller answers 429 with Retry-After, as upstream. */
export class InFlightLimiter {
  private readOnly = 0;
  private mutating = 0;

  constructor(private readonly limits: InFlightLimits) {}

  /** A release function when admitted, null when over the limit. */
  tryAcquire(verb: string): (() => void) | null {
    if (readOnlyVerbs.has(verb)) {
      if (this.readOnly >= this.limits.readOnly) return null;
      this.readOnly++;
      return once(() => this.readOnly--);
    }
    if (this.mutating >= this.limits.mutating) return null;
    this.mutating++;
    return once(() => this.mutating--);
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
