import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A `k8ts server` child process started for a benchmark. */
export interface K8tsProcess {
  readonly url: string;
  readonly kubeconfig: string;
  readonly pid: number;
  /** Resident set size of the server process in MiB. */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `bin/k8ts server` (the apiserver alone: no embedded scheduler or controller manager) on a
 * free port with the given datastore and waits for its ready line.
 */
export async function startK8tsProcess(datastore: string): Promise<K8tsProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'k8ts-bench-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // As bin/k8ts's own shebang runs it.
      '--max-semi-space-size=64',
      // Extra node flags for the server, e.g. K8TS_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p"
      // to profile it (node refuses --cpu-prof in NODE_OPTIONS).
      ...(process.env['K8TS_SERVER_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== ''),
      path.join(repoRoot, 'bin/k8ts'),
      'server',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--datastore',
      datastore,
      '--node-runtime',
      'none',
      '--disable-scheduler',
      '--disable-controller-manager',
      // Without controllers or kubelets, the plugins that rely on them (default ServiceAccount,
      // node-condition taints, priority classes, volume protection) are off, as in upstream's
      // minimal integration setup; benchmarks set those fields themselves.
      '--disable-admission-plugins=ServiceAccount,TaintNodesByCondition,Priority,StorageObjectInUseProtection',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, K8TS_LOG_LEVEL: 'warn' } },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`k8ts server did not become ready: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready at (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`k8ts server exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    kubeconfig: path.join(dataDir, 'kubeconfig'),
    pid: child.pid!,
    async rssMb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round((kb / 1024) * 10) / 10;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r(undefined);
        }, 5000);
        child.once('exit', () => {
          clearTimeout(t);
          r(undefined);
        });
      });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
