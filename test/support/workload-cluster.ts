/**
 * The cluster the workload e2e tests run against: `k8ts server` with its scheduler, controller
 * manager and three simulated nodes, driven with the real kubectl. Gives kubectl helpers (run, ok,
 * apply, JSON reads), `k8ts sim node stop|start`, and a watch of one object's JSON stream.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { eventually } from '../../src/client/testing/eventually.js';
import { kubectl, kubectlOk, startKubectl, type BackgroundKubectl, type KubectlResult } from './kubectl.js';
import { parseJsonStream, parseTable, type PrintedTable } from './kubectl-output.js';
import { repoRoot, startK8tsServer, type K8tsServer } from './k8ts-server.js';

const execFileAsync = promisify(execFile);

/** A running all-in-one server with simulated nodes, and kubectl bound to it. */
export interface WorkloadCluster {
  readonly server: K8tsServer;
  /** Runs kubectl, whatever its exit code. */
  run(args: readonly string[], stdin?: string): Promise<KubectlResult>;
  /** Runs kubectl and throws (showing both streams) unless it exits 0. */
  ok(args: readonly string[], stdin?: string): Promise<KubectlResult>;
  /** `kubectl apply -f -` of these objects (YAML documents). */
  apply(...objects: object[]): Promise<KubectlResult>;
  /** `kubectl get ARGS -o json`, parsed. */
  json<T>(args: readonly string[]): Promise<T>;
  /** `kubectl get ARGS` as a table. */
  table(args: readonly string[]): Promise<PrintedTable>;
  /** kubectl left running in the background (get -w, delete that waits). */
  background(args: readonly string[]): BackgroundKubectl;
  /** `k8ts sim node stop|start NAME`: what it printed. */
  simNode(action: 'stop' | 'start', node: string): Promise<string>;
  stop(): Promise<void>;
}

/** Options of startWorkloadCluster. */
export interface WorkloadClusterOptions {
  /** More `k8ts server` flags (e.g. --node-monitor-grace-period). */
  readonly extraArgs?: readonly string[];
  /** Simulated nodes (default 3). */
  readonly nodes?: number;
}

/**
 * Starts `k8ts server --node-runtime sim --sim-nodes 3` with the control plane, and returns once
 * every node is Ready and the default namespace has its ServiceAccount (pods are admitted).
 */
export async function startWorkloadCluster(options: WorkloadClusterOptions = {}): Promise<WorkloadCluster> {
  const nodes = options.nodes ?? 3;
  const server = await startK8tsServer({
    controlPlane: true,
    extraArgs: ['--node-runtime', 'sim', '--sim-nodes', String(nodes), ...(options.extraArgs ?? [])],
  });
  const kubeconfig = server.kubeconfig;
  const run = (args: readonly string[], stdin?: string) =>
    kubectl(args, { kubeconfig, ...(stdin === undefined ? {} : { stdin }) });
  const ok = (args: readonly string[], stdin?: string) =>
    kubectlOk(args, { kubeconfig, ...(stdin === undefined ? {} : { stdin }) });
  const cluster: WorkloadCluster = {
    server,
    run,
    ok,
    apply: (...objects) => ok(['apply', '-f', '-'], objects.map((o) => stringify(o)).join('---\n')),
    json: async <T>(args: readonly string[]) =>
      JSON.parse((await ok(['get', ...args, '-o', 'json'])).stdout) as T,
    table: async (args) => parseTable((await ok(['get', ...args])).stdout),
    background: (args) => startKubectl(args, { kubeconfig }),
    async simNode(action, node) {
      const { stdout } = await execFileAsync(process.execPath, [
        join(repoRoot, 'bin', 'k8ts'),
        'sim',
        'node',
        action,
        node,
        '--kubeconfig',
        kubeconfig,
      ]);
      return stdout.trim();
    },
    stop: () => server.stop(),
  };
  try {
    await eventually(async () => {
      const t = await cluster.table(['nodes']);
      assert.equal(t.records.filter((r) => r['STATUS'] === 'Ready').length, nodes);
      await ok(['get', 'serviceaccount', 'default']);
    }, 30_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return cluster;
}

/** The objects a `kubectl get -w -o json` printed so far. */
export function watchedObjects<T>(watch: BackgroundKubectl): T[] {
  return parseJsonStream(watch.stdout()) as T[];
}

/** A Deployment of `replicas` pods labelled app=NAME running `image` (one container named NAME). */
export function deployment(
  name: string,
  image: string,
  replicas: number,
  extra: {
    spec?: Record<string, unknown>;
    podSpec?: Record<string, unknown>;
    annotations?: Record<string, string>;
  } = {},
): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
        spec: { containers: [{ name, image }], ...extra.podSpec },
      },
      ...extra.spec,
    },
  };
}
