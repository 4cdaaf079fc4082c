/**
 * Runs `bin/k8ts agent` (a node joining a cluster) as a child process for end-to-end tests: either
 * until it prints its ready line (a long-running agent, stopped by PID), or to its exit (a join
 * that fails). Agents still running when the test process exits are killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './k8ts-server.js';

/** A running agent. */
export interface K8tsAgent {
  readonly pid: number;
  /** What the agent printed to stderr so far (its logs). */
  stderr(): string;
  /** SIGTERM, SIGKILL after 10 s; resolves once it exited. Idempotent. */
  stop(): Promise<void>;
}

/** How an agent run ended when it did not become ready. */
export interface AgentExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const live = new Set<ChildProcess>();
let exitHook = false;

function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of live) if (c.pid !== undefined) signal(c.pid, 'SIGKILL');
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

function spawnAgent(args: readonly string[]): {
  child: ChildProcess;
  exited: Promise<number | null>;
  out: { stdout: string; stderr: string };
} {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'k8ts'), 'agent', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  const out = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => (out.stdout += chunk));
  child.stderr?.on('data', (chunk: string) => (out.stderr = (out.stderr + chunk).slice(-65_536)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, out };
}

/** Starts `k8ts agent ARGS` and resolves once it printed its ready line; throws if it exits first. */
export async function startK8tsAgent(args: readonly string[], timeoutMs = 30_000): Promise<K8tsAgent> {
  const { child, exited, out } = spawnAgent(args);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn bin/k8ts agent');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signal(pid, 'SIGTERM');
    const timer = setTimeout(() => signal(pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const check = () => {
      if (!/k8ts agent ready: /.test(out.stdout)) return;
      clearTimeout(timer);
      resolve(true);
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    await stop();
    throw new Error(`k8ts agent did not become ready:\n${out.stdout}\n${out.stderr}`);
  }
  return { pid, stderr: () => out.stderr, stop };
}

/** Runs `k8ts agent ARGS` expecting it to give up: resolves with how it exited (killed after `timeoutMs`). */
export async function runK8tsAgent(args: readonly string[], timeoutMs = 30_000): Promise<AgentExit> {
  const { child, exited, out } = spawnAgent(args);
  const timer = setTimeout(() => child.pid !== undefined && signal(child.pid, 'SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, stdout: out.stdout, stderr: out.stderr };
}
