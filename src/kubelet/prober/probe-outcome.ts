// What one run of a probe handler (exec, httpGet, tcpSocket, grpc) found, before thresholds.
// Upstream's handlers return (result, output, error): an error means the probe could not be run at
// all, and the prober then discards the run instead of counting it as a failure.

/** A handler's verdict; "warning" counts as success but is reported (an HTTP redirect not followed). */
export type ProbeVerdict = 'success' | 'warning' | 'failure' | 'unknown';

/** One handler run: its verdict, the text events quote, and the error when it could not run. */
export interface ProbeOutcome {
  readonly verdict: ProbeVerdict;
  readonly output: string;
  readonly error?: Error;
}

/** A run that produced a verdict. */
export function outcome(verdict: ProbeVerdict, output: string): ProbeOutcome {
  return { verdict, output };
}

/** A run that could not be made; the verdict is "unknown" unless a handler says otherwise. */
export function probeError(error: Error, verdict: ProbeVerdict = 'unknown'): ProbeOutcome {
  return { verdict, output: '', error };
}
