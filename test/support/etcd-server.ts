/**
 * Starts a real, single-member etcd (Debian's /usr/bin/etcd) for tests and benchmarks: loopback
 * only, free ports, a throw-away data directory, stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's `etcd-server` package installs the binary. */
export const etcdBinary = '/usr/bin/etcd';

/** A running etcd; `stop` is idempotent and removes its data directory. */
export interface EtcdServer {
  /** Client URL, e.g. http://127.0.0.1:40123. */
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Options for startEtcd. */
export interface StartEtcdOptions {
  /** Member name, also used in the data directory name (default "k8ts-test"). */
  readonly name?: string;
  /** How long to wait until etcd reports healthy (default 30 s). */
  readonly startTimeoutMs?: number;
}

// Every etcd this process started and has not yet stopped, killed on exit so none outlives a crashed test.
const running = new Map<ChildProcess, string>();
let exitHookInstalled = false;

/**
 * Starts etcd on 127.0.0.1 and resolves once it answers /health; throws when /usr/bin/etcd is
 * missing (install it with `apt-get install etcd-server`) or when it does not come up.
 */
export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdServer> {
  if (!existsSync(etcdBinary)) {
    throw new Error(`etcd is not installed at ${etcdBinary}: run \`apt-get install etcd-server\``);
  }
  const name = options.name ?? 'k8ts-test';
  // Free ports are picked by probing, so another process can grab one before etcd binds it: retry.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(name, options.startTimeoutMs ?? 30_000);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOnce(name: string, startTimeoutMs: number): Promise<EtcdServer> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const dataDir = await mkdtemp(join(tmpdir(), `k8ts-etcd-${name.replace(/[^\w.-]/g, '_')}-`));
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    ['--name', name],
    ['--data-dir', dataDir],
    ['--listen-client-urls', endpoint],
    ['--advertise-client-urls', endpoint],
    ['--listen-peer-urls', peerUrl],
    ['--initial-advertise-peer-urls', peerUrl],
    ['--initial-cluster', `${name}=${peerUrl}`],
    ['--initial-cluster-state', 'new'],
    ['--logger', 'zap'],
    ['--log-outputs', 'stderr'],
    ['--log-level', 'warn'],
  ].flat();
  // ETCD_* variables from the caller's environment would silently override these flags.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ETCD_')));
  const child = spawn(etcdBinary, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`could not start ${etcdBinary}`);
  }
  track(child, dataDir);
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderrTail = (stderrTail + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await killByPid(child, pid, exited);
      running.delete(child);
      await rm(dataDir, { recursive: true, force: true });
    })());

  try {
    await waitHealthy(endpoint, exited, startTimeoutMs);
  } catch (err) {
    await stop();
    throw new Error(`etcd did not start: ${(err as Error).message}\n${stderrTail}`, { cause: err });
  }
  return { endpoint, pid, stop };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

async function waitHealthy(endpoint: string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (hasExited) throw new Error('etcd exited during start-up');
    try {
      const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: unknown };
      // /health turns true only once the member has a leader, i.e. it serves linearizable requests.
      if (body.health === 'true' || body.health === true) return;
      last = JSON.stringify(body);
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not healthy after ${timeoutMs} ms (${last})`);
}

async function killByPid(child: ChildProcess, pid: number, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  signalPid(pid, 'SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
  if (!graceful) {
    signalPid(pid, 'SIGKILL');
    await exited;
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

function track(child: ChildProcess, dataDir: string): void {
  running.set(child, dataDir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const [c, dir] of running) {
      if (c.pid !== undefined) signalPid(c.pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
