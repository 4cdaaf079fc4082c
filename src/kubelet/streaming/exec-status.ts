// The outcome of an exec/attach session as the error stream (channel 3) carries it. Protocol v4
// and later send the metav1.Status as JSON (no kind/apiVersion, as upstream marshals
// StatusError.Status()); v1-v3 send only the message text of a failure and nothing on success
// (the kubelet's v1WriteStatusFunc/v4WriteStatusFunc). Messages follow the kubelet's ServeExec and
// containerd's exec error ("error executing command [sh -c exit 3], exit code 3").
import type { StatusDetails } from '../../machinery/errors/status.js';

/** metav1.Status as written on the error stream (key order as Go marshals it). */
export interface ExecStatus {
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: StatusDetails;
  readonly code?: number;
}

/** The command ran (or the attach ended) without error. */
export function execSucceeded(): ExecStatus {
  return { metadata: {}, status: 'Success' };
}

/**
 * The command exited with `exitCode`: Success for 0, else upstream's NonZeroExitCode Status with
 * the ExitCode cause kubectl turns into its own exit code.
 */
export function execExited(exitCode: number, command: readonly string[] = []): ExecStatus {
  if (exitCode === 0) return execSucceeded();
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command ${goList(command)}, exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** The session failed for another reason: apierrors.NewInternalError("error executing command in container: …"). */
export function execInternalError(cause: string): ExecStatus {
  const err = `error executing command in container: ${cause}`;
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${err}`,
    reason: 'InternalError',
    details: { causes: [{ message: err }] },
    code: 500,
  };
}

/** The exit code a Status carries: 0 for Success, the ExitCode cause, else undefined. */
export function exitCodeOf(status: ExecStatus): number | undefined {
  if (status.status === 'Success') return 0;
  if (status.reason !== 'NonZeroExitCode') return undefined;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = Number(cause?.message);
  return Number.isInteger(code) ? code : undefined;
}

/** The error-stream payload for a remotecommand version (empty: send nothing). */
export function encodeExecStatus(status: ExecStatus, version: number): Buffer {
  if (version >= 4) return Buffer.from(JSON.stringify(status), 'utf8');
  if (status.status === 'Success') return Buffer.alloc(0);
  return Buffer.from(status.message ?? '', 'utf8');
}

/**
 * Reads the error stream a runtime wrote (all of it, at EOF) back into a Status: v4+ JSON is kept
 * as sent; an empty stream is Success (as client-go reads it); v1-v3 text becomes a Failure.
 */
export function decodeExecStatus(payload: Buffer, version: number): ExecStatus {
  const text = payload.toString('utf8');
  if (text.trim() === '') return execSucceeded();
  if (version >= 4) {
    try {
      const parsed = JSON.parse(text) as Partial<ExecStatus>;
      if (parsed.status === 'Success' || parsed.status === 'Failure') {
        // Rebuilt in Go's field order so that re-encoding gives what upstream would send.
        return {
          metadata: {},
          status: parsed.status,
          ...(parsed.message ? { message: parsed.message } : {}),
          ...(parsed.reason ? { reason: parsed.reason } : {}),
          ...(parsed.details ? { details: parsed.details } : {}),
          ...(parsed.code ? { code: parsed.code } : {}),
        };
      }
    } catch {
      // not JSON: fall through to the protocol error below
    }
    return {
      metadata: {},
      status: 'Failure',
      message: `error stream protocol error: invalid status ${JSON.stringify(text)}`,
    };
  }
  return { metadata: {}, status: 'Failure', message: text };
}

function goList(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}
