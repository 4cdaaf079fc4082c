/** Something a Manager runs: `start` returns once the signal has aborted and it has stopped. */
export interface Runnable {
  start(signal: AbortSignal): Promise<void>;
  /** False to run on every replica; by default a runnable runs only while this replica leads. */
  readonly needLeaderElection?: boolean;
}

/** Wraps a function as a Runnable. */
export function runnableFunc(
  start: (signal: AbortSignal) => Promise<void>,
  options: { readonly needLeaderElection?: boolean } = {},
): Runnable {
  return {
    start,
    ...(options.needLeaderElection === undefined ? {} : { needLeaderElection: options.needLeaderElection }),
  };
}
