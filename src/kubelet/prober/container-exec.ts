// The one runtime call probes and exec hooks need. It has the shape of the CRI RuntimeService's
// execSync, so the runtime client satisfies it as is and tests pass a small fake.

/** ExecSync's request: `timeout` in seconds, 0 or absent for none. */
export interface ExecSyncCall {
  readonly containerId: string;
  readonly cmd: readonly string[];
  readonly timeout?: number;
}

/** ExecSync's answer; stdout and stderr are kept apart as the CRI returns them. */
export interface ExecSyncOutput {
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly exitCode: number;
}

/** Per-call options: a client deadline in ms and cancellation. */
export interface ExecCallOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Runs a command in a running container and waits for it (CRI ExecSync). A timeout rejects with an
 * error whose `code` is "DeadlineExceeded" (or gRPC's 4); any other rejection means the command
 * could not be run.
 */
export interface ContainerExec {
  execSync(call: ExecSyncCall, options?: ExecCallOptions): Promise<ExecSyncOutput>;
}

/** True for the rejection ExecSync gives when the command outlived its timeout. */
export function isExecTimeout(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'DeadlineExceeded' || code === 4;
}

// The kubelet gives ExecSync the runtime's deadline on top of the command's own, so the runtime has
// time to kill the command and answer DeadlineExceeded itself (remote_runtime.go's r.timeout).
const runtimeRequestTimeoutMs = 2 * 60 * 1000;

/** The client deadline for an exec with `timeoutSeconds` (none when 0: hooks wait as long as it takes). */
export function execClientTimeoutMs(timeoutSeconds: number): number | undefined {
  return timeoutSeconds > 0 ? timeoutSeconds * 1000 + runtimeRequestTimeoutMs : undefined;
}

/** The runtime's own ID from a status containerID ("containerd://abc" → "abc"). */
export function runtimeContainerId(containerId: string): string {
  const i = containerId.indexOf('://');
  return i < 0 ? containerId : containerId.slice(i + 3);
}
