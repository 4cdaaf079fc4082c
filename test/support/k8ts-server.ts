/**
 * Starts a real `k8ts server` (bin/k8ts from this repository) as a child process for end-to-end
 * tests: loopback only, a free port, a throw-away data directory unless one is given, stopped by
 * PID (SIGTERM, then SIGKILL) and killed on process exit so none outlives a crashed test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file compiles to dist/test/support/k8ts-server.js. */
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Options for startK8tsServer. */
export interface StartK8tsServerOptions {
  /** `--datastore` value: memory (default), sqlite, or etcd://HOST:PORT. */
  readonly datastore?: string;
  /** Data directory to use and keep; by default a temporary one removed by stop(). */
  readonly dataDir?: string;
  /** More flags for `k8ts server`. */
  readonly extraArgs?: readonly string[];
  /** How long to wait for the ready line (default 30 s). */
  readonly startTimeoutMs?: number;
  /**
   * Run the embedded scheduler and controller manager (default false: tests of the apiserver
   * alone see only what they create themselves, and the admission plugins whose effects need
   * controllers or that tests stand in for are off: ServiceAccount, TaintNodesByCondition, Priority,
   * StorageObjectInUseProtection).
   */
  readonly controlPlane?: boolean;
}

/** A running k8ts server; stop() is idempotent, restart() keeps the data dir, port and kubeconfig. */
export interface K8tsServer {
  /** The HTTPS URL the server printed, e.g. https://127.0.0.1:40123. */
  readonly url: string;
  /** The admin kubeconfig the server wrote. */
  readonly kubeconfig: string;
  readonly dataDir: string;
  /** PID of the current server process (changes on restart). */
  readonly pid: number;
  /** The server's stderr so far (the last 64 KiB), for diagnostics. */
  stderr(): string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

const readyLine = /ready at (https?:\/\/\S+) \(kubeconfig: (.+)\)/;

interface Running {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  readonly url: string;
  readonly kubeconfig: string;
  readonly stderrTail: () => string;
}

// Every server process this test process started and has not yet stopped, and the temporary data
// directories it created; both are cleaned up on exit.
const liveChildren = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) {
      if (child.pid !== undefined) signalPid(child.pid, 'SIGKILL');
    }
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
  // A signal would end the process without 'exit'; turn it into an exit so the hook above (and
  // etcd-server's) still runs — unless someone else already decided what the signal does.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(code));
  }
}

/**
 * Starts `node bin/k8ts server --node-runtime none` on 127.0.0.1 with a free port and resolves
 * once it prints its ready line; throws (with the server's stderr) when it exits or stays silent
 * for the start timeout.
 */
export async function startK8tsServer(options: StartK8tsServerOptions = {}): Promise<K8tsServer> {
  installExitHook();
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'k8ts-e2e-')));
  if (ownsDataDir) tempDirs.add(dataDir);
  const datastore = options.datastore ?? 'memory';
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const extraArgs = [
    // Without the controller manager nothing creates `default` ServiceAccounts, clears the new-node
    // not-ready taint or lifts the PVC/PV protection finalizers, and tests set pod priority fields
    // themselves: bare-apiserver tests turn those admission plugins off, as upstream's integration
    // tests do for a minimal pod/node setup.
    ...(options.controlPlane === true
      ? []
      : [
          '--disable-scheduler',
          '--disable-controller-manager',
          '--disable-admission-plugins=ServiceAccount,TaintNodesByCondition,Priority,StorageObjectInUseProtection',
        ]),
    ...(options.extraArgs ?? []),
  ];

  let current: Running;
  try {
    current = await spawnServer({ dataDir, datastore, port: 0, extraArgs, timeoutMs });
  } catch (err) {
    if (ownsDataDir) {
      tempDirs.delete(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    }
    throw err;
  }
  const port = Number(new URL(current.url).port);
  let stopped = false;
  // stderr of this server's processes, oldest first (restart() adds one).
  const stderrTails = [current.stderrTail];
  const stopProcess = (): Promise<void> => killByPid(current);

  const server: K8tsServer = {
    get url() {
      return current.url;
    },
    get kubeconfig() {
      return current.kubeconfig;
    },
    dataDir,
    get pid() {
      return current.pid;
    },
    stderr: () =>
      stderrTails
        .map((tail) => tail())
        .join('')
        .slice(-65_536),
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopProcess();
      if (ownsDataDir) {
        await rm(dataDir, { recursive: true, force: true });
        tempDirs.delete(dataDir);
      }
    },
    async restart() {
      if (stopped) throw new Error('restart() after stop()');
      await stopProcess();
      // The same port keeps the URL and kubeconfig valid for clients that reconnect.
      current = await spawnServer({ dataDir, datastore, port, extraArgs, timeoutMs });
      stderrTails.push(current.stderrTail);
    },
  };
  return server;
}

async function spawnServer(params: {
  dataDir: string;
  datastore: string;
  port: number;
  extraArgs: readonly string[];
  timeoutMs: number;
}): Promise<Running> {
  const args = [
    join(repoRoot, 'bin', 'k8ts'),
    'server',
    '--data-dir',
    params.dataDir,
    '--port',
    String(params.port),
    '--bind-address',
    '127.0.0.1',
    '--datastore',
    params.datastore,
    '--node-runtime',
    'none',
    ...params.extraArgs,
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn bin/k8ts server');
  liveChildren.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      liveChildren.delete(child);
      resolve();
    }),
  );

  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-65_536);
  });
  const stderrTail = (): string => stderr;

  let stdout = '';
  child.stdout?.setEncoding('utf8');
  const ready = new Promise<{ url: string; kubeconfig: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${params.timeoutMs} ms`)),
      params.timeoutMs,
    );
    child.stdout?.on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-65_536);
      const match = readyLine.exec(stdout);
      if (match?.[1] !== undefined && match[2] !== undefined) {
        clearTimeout(timer);
        resolve({ url: match[1], kubeconfig: match[2] });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${String(child.exitCode)}, signal ${String(child.signalCode)})`));
    });
  });

  try {
    const { url, kubeconfig } = await ready;
    return { child, pid, exited, url, kubeconfig, stderrTail };
  } catch (err) {
    await killByPid({ child, pid, exited });
    throw new Error(
      `k8ts server (${params.datastore}) did not become ready: ${(err as Error).message}\n` +
        `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
      { cause: err },
    );
  }
}

async function killByPid(proc: Pick<Running, 'child' | 'pid' | 'exited'>): Promise<void> {
  const { child, pid, exited } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  signalPid(pid, 'SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
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
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
