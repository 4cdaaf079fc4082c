/**
 * How much of a priority level's concurrency a request occupies: `initialSeats` while it runs, then
 * `finalSeats` for `additionalLatencyMs` after it finished (a write's watch notifications still
 * going out). Seats are held at the larger of the two throughout.
 */
export interface WorkEstimate {
  readonly initialSeats: number;
  readonly finalSeats: number;
  readonly additionalLatencyMs: number;
}

/** The seats a request holds from dispatch until its final phase ends. */
export function maxSeats(estimate: WorkEstimate): number {
  return Math.max(estimate.initialSeats, estimate.finalSeats);
}

/** One seat, no final phase: gets, non-resource requests and anything without a better estimate. */
export const oneSeat: WorkEstimate = { initialSeats: 1, finalSeats: 0, additionalLatencyMs: 0 };
