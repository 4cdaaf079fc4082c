import type { Container, LifecycleHandler, Pod } from 'kubernetes-types/core/v1.js';
import { goQuote } from '../../api/validation/go-quote.js';
import type { Clock } from '../../base/clock.js';
import { podRef, formatPod, type KubeletEventSink } from '../prober/container-event.js';
import { runtimeContainerId, type ContainerExec } from '../prober/container-exec.js';
import { HttpGetError, httpGet } from '../prober/http-get.js';
import { httpGetRequest, type HttpGetRequest } from '../prober/http-get-request.js';

/** The container a hook runs for. */
export interface HookTarget {
  readonly pod: Pod;
  readonly container: Container;
  /** The container's ID, bare or as "containerd://..." */
  readonly containerId: string;
  /** The pod's IPs; the first is the default host of httpGet hooks. */
  readonly podIps: readonly string[];
}

/** A hook that failed: upstream's message (for the container status) and the error behind it. */
export interface HookFailure {
  readonly message: string;
  readonly error: Error;
}

/** What a hook runner needs. */
export interface HookRunnerOptions {
  readonly exec: ContainerExec;
  readonly clock: Clock;
  /** Receives LifecycleHTTPFallback events. */
  readonly onEvent?: KubeletEventSink;
}

// Go prints a []string with %v as "[a b c]".
function goStrings(list: readonly string[]): string {
  return `[${list.join(' ')}]`;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Runs postStart and preStop handlers as upstream's handler runner does: exec (no timeout of its
 * own; a non-zero exit fails), httpGet (any HTTP answer succeeds, whatever its status; an HTTPS
 * hook answered in plain HTTP is retried over HTTP with a LifecycleHTTPFallback warning) and sleep.
 * Aborting `signal` ends a sleep early (as a failure) and cancels exec and HTTP calls.
 */
export class LifecycleHookRunner {
  private readonly exec: ContainerExec;
  private readonly clock: Clock;
  private readonly onEvent: KubeletEventSink | undefined;

  constructor(options: HookRunnerOptions) {
    this.exec = options.exec;
    this.clock = options.clock;
    this.onEvent = options.onEvent;
  }

  /** Runs `handler`; resolves undefined on success, or the failure with upstream's message. */
  async run(
    target: HookTarget,
    handler: LifecycleHandler,
    signal?: AbortSignal,
  ): Promise<HookFailure | undefined> {
    const where = `for Container ${goQuote(target.container.name)} in Pod ${goQuote(formatPod(target.pod))}`;
    if (handler.exec !== undefined) {
      const command = handler.exec.command ?? [];
      const { error, output } = await this.runExec(target, command, signal);
      if (error === undefined) return undefined;
      const message = `Exec lifecycle hook (${goStrings(command)}) ${where} failed - error: ${error.message}, message: ${goQuote(output)}`;
      return { message, error };
    }
    if (handler.httpGet !== undefined) {
      const error = await this.runHttp(target, handler, signal);
      if (error === undefined) return undefined;
      const message = `HTTP lifecycle hook (${handler.httpGet.path ?? ''}) ${where} failed - error: ${error.message}`;
      return { message, error };
    }
    if (handler.sleep !== undefined) {
      const seconds = handler.sleep.seconds;
      try {
        await this.clock.sleep(seconds * 1000, signal);
        return undefined;
      } catch {
        const error = new Error('container terminated before sleep hook finished');
        return {
          message: `Sleep lifecycle hook (${seconds}) ${where} failed - error: ${error.message}`,
          error,
        };
      }
    }
    // tcpSocket is accepted by the API for compatibility but never run by the kubelet.
    const error = new Error(`invalid handler: ${JSON.stringify(handler)}`);
    return { message: `Cannot run handler: ${error.message}`, error };
  }

  private async runExec(
    target: HookTarget,
    command: readonly string[],
    signal: AbortSignal | undefined,
  ): Promise<{ error?: Error; output: string }> {
    try {
      const res = await this.exec.execSync(
        { containerId: runtimeContainerId(target.containerId), cmd: command, timeout: 0 },
        signal ? { signal } : {},
      );
      const output = Buffer.concat([res.stdout, res.stderr]).toString('utf8');
      if (res.exitCode === 0) return { output };
      const stderr = Buffer.from(res.stderr).toString('utf8');
      return {
        error: new Error(`command '${command.join(' ')}' exited with ${res.exitCode}: ${stderr}`),
        output,
      };
    } catch (err) {
      return { error: asError(err), output: '' };
    }
  }

  private async runHttp(
    target: HookTarget,
    handler: LifecycleHandler,
    signal: AbortSignal | undefined,
  ): Promise<Error | undefined> {
    const action = handler.httpGet!;
    let host = action.host ?? '';
    if (host === '') {
      const ip = target.podIps[0];
      if (ip === undefined) return new Error('failed to find networking container: the pod has no IP');
      host = ip;
    }
    let request: HttpGetRequest;
    try {
      request = httpGetRequest(action, target.container, host, 'lifecycle');
    } catch (err) {
      return asError(err);
    }
    // Hooks have no timeout of their own: preStop is bounded by the grace period, postStart by nothing.
    const options = { clock: this.clock, ...(signal ? { signal } : {}) };
    try {
      await httpGet(request, options);
      return undefined;
    } catch (err) {
      if (!(err instanceof HttpGetError) || !err.plainHttpAnswer) return asError(err);
      const url = new URL(request.url);
      // Same host and port, plain HTTP (an implicit 443 must stay 443, not become 80).
      const port = url.port === '' ? '443' : url.port;
      url.protocol = 'http:';
      url.port = port;
      const fallback: HttpGetRequest = {
        ...request,
        url,
        headers: request.headers.filter(([name]) => name !== 'Authorization'),
      };
      try {
        await httpGet(fallback, options);
      } catch {
        return err;
      }
      const hostPort = err.url.replace(/^https:\/\//, '').replace(/\/.*$/, '');
      this.onEvent?.({
        involvedObject: podRef(target.pod),
        type: 'Warning',
        reason: 'LifecycleHTTPFallback',
        message: `request to HTTPS lifecycle hook ${hostPort} got HTTP response, retry with HTTP succeeded`,
      });
      return undefined;
    }
  }
}
