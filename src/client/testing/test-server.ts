// Starts the real `k8ts server` from this checkout's bin/k8ts for integration tests of the client
// and informers (which may not import the apiserver). Needs `npm run build` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../base/logger.js';
import { KubeClient } from '../kube-client.js';

/** This file runs from dist/src/client/testing/, four levels below the repository root. */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** How to start a test server. */
export interface TestServerOptions {
  /** `--datastore`: memory (default) or sqlite. */
  readonly datastore?: 'memory' | 'sqlite';
  /** Data directory; default a fresh temporary one, removed by stop(). */
  readonly dataDir?: string;
  /** Port; default 0 (any free port). Restarts reuse the first port. */
  readonly port?: number;
  /** How long to wait for the ready line (default 30 s). */
  readonly startTimeoutMs?: number;
}

/** A running server; stop() is idempotent. */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly kubeconfig: string;
  readonly dataDir: string;
  /** Stops the process (SIGTERM, SIGKILL after 10 s), keeping the data directory. */
  kill(): Promise<void>;
  /** Starts the process again on the same data directory and port. */
  restart(): Promise<void>;
  /** Stops the process and removes a temporary data directory. */
  stop(): Promise<void>;
  /** The server's recent stderr, for failure messages. */
  stderr(): string;
}

const readyLine = /ready at (https?:\/\/\S+) \(kubeconfig: (.+)\)/;

// Servers this process started and has not stopped: killed on exit so none outlives a crashed test.
const live = new Set<ChildProcess>();
let exitHook = false;

function trackChild(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

interface Process {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  readonly url: string;
  readonly kubeconfig: string;
}

/** Starts `bin/k8ts server --node-runtime none` on 127.0.0.1 and resolves when it is ready. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'k8ts-client-test-')));
  const datastore = options.datastore ?? 'memory';
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let stderr = '';
  const spawnServer = async (port: number): Promise<Process> => {
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bin', 'k8ts'),
        'server',
        '--data-dir',
        dataDir,
        '--port',
        String(port),
        '--bind-address',
        '127.0.0.1',
        '--datastore',
        datastore,
        '--node-runtime',
        'none',
        // The apiserver alone: tests run the controllers they need themselves. Without the
        // controller manager nothing creates `default` ServiceAccounts, clears the new-node
        // not-ready taint or lifts PVC/PV protection finalizers, and tests set pod priority
        // themselves: those admission plugins are off, as in upstream's minimal integration setup.
        '--disable-scheduler',
        '--disable-controller-manager',
        '--disable-admission-plugins=ServiceAccount,TaintNodesByCondition,Priority,StorageObjectInUseProtection',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    trackChild(child);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-32_768)));
    child.stdout?.setEncoding('utf8');
    let stdout = '';
    try {
      const [url, kubeconfig] = await new Promise<[string, string]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line in ${timeoutMs} ms`)), timeoutMs);
        child.stdout?.on('data', (chunk: string) => {
          stdout += chunk;
          const m = readyLine.exec(stdout);
          if (m?.[1] !== undefined && m[2] !== undefined) {
            clearTimeout(timer);
            resolve([m[1], m[2]]);
          }
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`server exited with ${String(child.exitCode ?? child.signalCode)}`));
        });
      });
      return { child, exited, url, kubeconfig };
    } catch (err) {
      await killProcess({ child, exited });
      throw new Error(`k8ts server did not start: ${(err as Error).message}\n${stderr}`, { cause: err });
    }
  };

  let current: Process | undefined = await spawnServer(options.port ?? 0);
  const port = Number(new URL(current.url).port);
  const kubeconfig = current.kubeconfig;
  const url = current.url;
  const kill = async (): Promise<void> => {
    if (current === undefined) return;
    const p = current;
    current = undefined;
    await killProcess(p);
  };
  return {
    url,
    port,
    kubeconfig,
    dataDir,
    kill,
    async restart() {
      await kill();
      current = await spawnServer(port);
    },
    async stop() {
      await kill();
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
    },
    stderr: () => stderr,
  };
}

async function killProcess(p: Pick<Process, 'child' | 'exited'>): Promise<void> {
  const { child } = p;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(timer);
}

/** A client of `server` as `component`, unthrottled and silent: what integration tests drive it with. */
export function testClientOf(server: TestServer, component: string): Promise<KubeClient> {
  return KubeClient.fromKubeconfig({
    path: server.kubeconfig,
    component,
    qps: Infinity,
    logger: createLogger('test', { write: () => {} }),
  });
}
