import { goQuote } from '../../api/validation/go-quote.js';
import {
  execClientTimeoutMs,
  isExecTimeout,
  runtimeContainerId,
  type ContainerExec,
} from './container-exec.js';
import { outcome, probeError, type ProbeOutcome } from './probe-outcome.js';

/** Upstream keeps at most 10 KiB of an exec probe's output. */
export const maxExecOutputBytes = 10 * 1024;

/** stdout then stderr (the CRI does not interleave them), cut to the limit. */
export function combinedOutput(stdout: Uint8Array, stderr: Uint8Array, limit = maxExecOutputBytes): string {
  return Buffer.concat([stdout, stderr]).subarray(0, limit).toString('utf8');
}

/**
 * One exec probe: exit 0 succeeds and any other exit fails, both with the combined output; a timeout
 * fails with `command "..." timed out`; an exec that could not run is an error (the run is then
 * discarded by the prober).
 */
export async function runExecProbe(
  exec: ContainerExec,
  containerId: string,
  command: readonly string[],
  timeoutSeconds: number,
  signal?: AbortSignal,
): Promise<ProbeOutcome> {
  const timeoutMs = execClientTimeoutMs(timeoutSeconds);
  try {
    const res = await exec.execSync(
      { containerId: runtimeContainerId(containerId), cmd: command, timeout: timeoutSeconds },
      { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(signal ? { signal } : {}) },
    );
    const output = combinedOutput(res.stdout, res.stderr);
    return outcome(res.exitCode === 0 ? 'success' : 'failure', output);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (isExecTimeout(err)) return outcome('failure', `command ${goQuote(command.join(' '))} timed out`);
    return probeError(err instanceof Error ? err : new Error(String(err)));
  }
}
