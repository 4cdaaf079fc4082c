/**
 * Runs the real kubectl (the one on the PATH) against a test server. Every kubeconfig gets its own
 * temporary HOME and --cache-dir, so discovery and HTTP caches never leak from one server (or one
 * port reused by a later server) into another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options for one kubectl run. */
export interface KubectlOptions {
  /** The kubeconfig to use (passed as --kubeconfig). */
  readonly kubeconfig: string;
  /** Written to kubectl's stdin, which is then closed (for `-f -`). */
  readonly stdin?: string;
  /** Kill kubectl (SIGKILL by PID) and throw after this long (default 60 s). */
  readonly timeoutMs?: number;
}

/** What one kubectl run printed, and its exit code (-1 when killed by a signal). */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const homes = new Map<string, string>();
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) {
      if (child.pid !== undefined) signalPid(child.pid, 'SIGKILL');
    }
    for (const home of homes.values()) rmSync(home, { recursive: true, force: true });
  });
}

/** The private HOME used for every kubectl run against this kubeconfig. */
export function kubectlHome(kubeconfig: string): string {
  installExitHook();
  let home = homes.get(kubeconfig);
  if (home === undefined) {
    home = mkdtempSync(join(tmpdir(), 'k8ts-kubectl-home-'));
    homes.set(kubeconfig, home);
  }
  return home;
}

function spawnKubectl(args: readonly string[], opts: KubectlOptions): ChildProcess {
  const home = kubectlHome(opts.kubeconfig);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, KUBECONFIG: opts.kubeconfig };
  // Settings from the developer's shell must not change what kubectl prints.
  delete env['KUBECTL_EXTERNAL_DIFF'];
  delete env['KUBE_EDITOR'];
  const fullArgs = ['--kubeconfig', opts.kubeconfig, '--cache-dir', join(home, 'cache'), ...args];
  const child = spawn('kubectl', fullArgs, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  child.stdin?.on('error', () => {
    // kubectl may exit before reading stdin; the exit code tells what happened.
  });
  if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  else child.stdin?.end();
  return child;
}

/** Runs kubectl to completion; throws only when it cannot start or exceeds the timeout. */
export function kubectl(args: readonly string[], opts: KubectlOptions): Promise<KubectlResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawnKubectl(args, opts);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => (stdout += c));
    child.stderr?.on('data', (c: string) => (stderr += c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) signalPid(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new Error(
            `kubectl ${args.join(' ')} did not finish within ${timeoutMs} ms\n` +
              `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
          ),
        );
        return;
      }
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Runs kubectl and throws, showing both streams, unless it exits 0. */
export async function kubectlOk(args: readonly string[], opts: KubectlOptions): Promise<KubectlResult> {
  const result = await kubectl(args, opts);
  if (result.code !== 0) {
    throw new Error(
      `kubectl ${args.join(' ')} exited ${result.code}\n` +
        `--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return result;
}

/** A kubectl left running in the background (get -w, wait): its output so far, and a way to end it. */
export interface BackgroundKubectl {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with stdout once it satisfies the test; rejects (with both streams) after timeoutMs. */
  waitForStdout(test: RegExp | ((stdout: string) => boolean), timeoutMs?: number): Promise<string>;
  /** The same for stderr (e.g. the request log of `-v=6`). */
  waitForStderr(test: RegExp | ((stderr: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Resolves when kubectl exits by itself. */
  readonly done: Promise<KubectlResult>;
  /** Ends kubectl (SIGTERM, then SIGKILL by PID) and returns what it printed. */
  stop(): Promise<KubectlResult>;
}

/** Starts kubectl without waiting for it, for commands that stream (get -w) or block (wait). */
export function startKubectl(args: readonly string[], opts: KubectlOptions): BackgroundKubectl {
  const child = spawnKubectl(args, opts);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn kubectl');
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (c: string) => {
    stdout += c;
    for (const l of listeners) l();
  });
  child.stderr?.on('data', (c: string) => {
    stderr += c;
    for (const l of listeners) l();
  });
  const done = new Promise<KubectlResult>((resolve) => {
    child.once('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
      for (const l of listeners) l();
    });
  });
  let exited = false;
  void done.then(() => (exited = true));

  const waitFor = (
    stream: 'stdout' | 'stderr',
    test: RegExp | ((out: string) => boolean),
    timeoutMs = 20_000,
  ): Promise<string> =>
    new Promise((resolve, reject) => {
      const text = (): string => (stream === 'stdout' ? stdout : stderr);
      const matches = (): boolean => (typeof test === 'function' ? test(text()) : test.test(text()));
      const check = (): void => {
        if (matches()) {
          finish();
          resolve(text());
        } else if (exited) {
          finish();
          reject(
            new Error(
              `kubectl ${args.join(' ')} exited before its ${stream} matched ${String(test)}\n` +
                `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `kubectl ${args.join(' ')}: ${stream} did not match ${String(test)} within ${timeoutMs} ms\n` +
              `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
          ),
        );
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const stop = async (): Promise<KubectlResult> => {
    if (!exited) {
      signalPid(pid, 'SIGTERM');
      const graceful = await Promise.race([
        done.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref()),
      ]);
      if (!graceful) signalPid(pid, 'SIGKILL');
    }
    return done;
  };

  return {
    pid,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStdout: (test, timeoutMs) => waitFor('stdout', test, timeoutMs),
    waitForStderr: (test, timeoutMs) => waitFor('stderr', test, timeoutMs),
    done,
    stop,
  };
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
