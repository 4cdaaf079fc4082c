import type { ContainerExec, ExecCallOptions, ExecSyncCall, ExecSyncOutput } from './container-exec.js';

/** What a fake exec answers: an output, or an error to reject with. */
export type FakeExecAnswer = ExecSyncOutput | Error;

/** An exec output for tests. */
export function execOutput(exitCode: number, stdout = '', stderr = ''): ExecSyncOutput {
  return { exitCode, stdout: Buffer.from(stdout), stderr: Buffer.from(stderr) };
}

/** A runtime error with a gRPC code name, like the CRI client's ("DeadlineExceeded" for timeouts). */
export function execError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A ContainerExec for tests: records each call and answers from a function (exit 0 by default). */
export class FakeContainerExec implements ContainerExec {
  /** Every call, oldest first. */
  readonly calls: { call: ExecSyncCall; options: ExecCallOptions | undefined }[] = [];

  constructor(
    public answer: (call: ExecSyncCall) => FakeExecAnswer | Promise<FakeExecAnswer> = () => execOutput(0),
  ) {}

  /** Runs the fake; rejects when the answer is an Error or the signal aborts first. */
  async execSync(call: ExecSyncCall, options?: ExecCallOptions): Promise<ExecSyncOutput> {
    this.calls.push({ call, options });
    const signal = options?.signal;
    const answer = await Promise.race([
      Promise.resolve(this.answer(call)),
      new Promise<never>((_, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    ]);
    if (answer instanceof Error) throw answer;
    return answer;
  }
}
