/**
 * npm run bench:scheduler [-- --quick] [-- --json] [-- --datastore memory|sqlite] [-- --only NAME[/NODES],...]
 *
 * scheduler_perf-equivalent workloads against a real `k8ts server` (child process) with API-only
 * nodes: Node objects created directly (Ready, allocatable), no node agent. The scheduler runs in
 * this process, as `k8ts scheduler` would; a worker thread creates the pods. For the measured pods
 * it reports pods/s from the first creation request to the last pod seen bound by the scheduler's
 * informer, the per-second throughput samples (average and p50, like SchedulingThroughput), and
 * the latency from each pod's creation request to its binding being observed. It also reports the
 * CPU the API server and this process spent per measured pod, since on a small machine the
 * server's share (create, bind, event, watch) is what bounds the throughput.
 */
import { setMaxListeners } from 'node:events';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { systemClock } from '../../src/base/clock.js';
import { createLogger } from '../../src/base/logger.js';
import { KubeClient } from '../../src/client/index.js';
import { SharedInformerFactory } from '../../src/informers/index.js';
import { startScheduler, type RunningScheduler } from '../../src/scheduler/index.js';
import { createNodes, finalizeTerminatingPods, simNode } from '../../src/scheduler/testing/sim-cluster.js';
import { startK8tsProcess, type K8tsProcess } from '../support/k8ts-process.js';
import { formatTable, percentile } from '../support/stats.js';
import type { CreatorJob, CreatorMessage } from './pod-creator-worker.js';
import { workloads, type Workload } from './workloads.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    datastore: { type: 'string', default: 'memory' },
    /** Run only these workloads (comma-separated names, e.g. SchedulingBasic). */
    only: { type: 'string' },
  },
});

const log = (m: string) => {
  if (!values.json) process.stderr.write(`${m}\n`);
};
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const podsResource = { group: '', version: 'v1', resource: 'pods' };

interface Row {
  workload: string;
  nodes: number;
  pods: number;
  pods_per_s: number;
  sampled_avg_pods_per_s: number;
  sampled_p50_pods_per_s: number;
  p50_ms: number;
  p99_ms: number;
  attempts_per_pod: number;
  /** CPU the API server spent per measured pod (create, bind, event, watch). */
  apiserver_cpu_ms_per_pod: number;
  /** CPU this process spent per measured pod: the scheduler plus the pod-creating worker. */
  bench_cpu_ms_per_pod: number;
}

/** A cluster: the server, the scheduler under test and an informer that sees bindings. */
interface Cluster {
  readonly server: K8tsProcess;
  readonly client: KubeClient;
  readonly running: RunningScheduler;
  readonly stop: AbortController;
  /** Pod name → when the scheduler's informer saw it bound. */
  readonly boundAt: Map<string, number>;
  readonly nodes: number;
}

async function startCluster(nodes: Node[]): Promise<Cluster> {
  const server = await startK8tsProcess(values.datastore!);
  const client = await KubeClient.fromKubeconfig({
    path: server.kubeconfig,
    qps: Infinity,
    component: 'k8ts-scheduler',
  });
  const stop = new AbortController();
  setMaxListeners(200, stop.signal);
  const t0 = now();
  await createNodes(client, nodes, 128);
  log(`  ${nodes.length} nodes created in ${((now() - t0) / 1000).toFixed(1)} s`);
  const factory = new SharedInformerFactory({ client, freeze: false, clock: systemClock });
  const boundAt = new Map<string, number>();
  const noteBinding = (pod: Pod) => {
    const name = pod.metadata?.name;
    if (name && pod.spec?.nodeName && !boundAt.has(name)) boundAt.set(name, now());
  };
  factory
    .informerFor<Pod>(podsResource)
    .addEventHandler({ onAdd: noteBinding, onUpdate: (_o, p) => noteBinding(p) });
  const running = startScheduler({
    client,
    informers: factory,
    clock: systemClock,
    log: createLogger('scheduler', { level: 'error' }),
    signal: stop.signal,
    bindConcurrency: 128,
  });
  await running.ready;
  while (running.scheduler.cache.nodeCount < nodes.length) await sleep(50);
  return { server, client, running, stop, boundAt, nodes: nodes.length };
}

async function stopCluster(c: Cluster): Promise<void> {
  c.stop.abort();
  await c.running.done.catch(() => {});
  c.client.close();
  await c.server.stop();
}

/** Creates `count` pods from `template` in a worker thread; resolves with each pod's send time. */
function createPods(c: Cluster, template: Pod, prefix: string, count: number): Promise<Map<string, number>> {
  const sent = new Map<string, number>();
  const job: CreatorJob = {
    kubeconfig: c.server.kubeconfig,
    namespace: 'default',
    template,
    prefix,
    count,
    concurrency: 64,
  };
  const worker = new Worker(new URL('./pod-creator-worker.js', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    worker.on('message', (m: CreatorMessage) => {
      if (m.type === 'created') for (const [name, at] of m.pods) sent.set(name, at);
      else if (m.type === 'done') void worker.terminate().then(() => resolve(sent));
      else reject(new Error(`creating pods: ${m.message}`));
    });
    worker.on('error', reject);
  });
}

async function waitBound(c: Cluster, names: Iterable<string>, timeoutMs: number): Promise<void> {
  const list = [...names];
  const deadline = now() + timeoutMs;
  for (;;) {
    const missing = list.filter((n) => !c.boundAt.has(n)).length;
    if (missing === 0) return;
    if (now() > deadline) {
      const q = c.running.scheduler.queue.pendingCounts();
      throw new Error(`${missing} pods still unbound (queue ${JSON.stringify(q)})`);
    }
    await sleep(20);
  }
}

async function deleteAllPods(c: Cluster): Promise<void> {
  await c.client.resource<Pod>(podsResource).namespace('default').deleteCollection({ gracePeriodSeconds: 0 });
  while (c.running.scheduler.cache.podCount > 0 || c.running.scheduler.queue.pendingCounts().active > 0)
    await sleep(50);
  c.boundAt.clear();
}

async function run(c: Cluster, w: Workload): Promise<Row> {
  const stopKubelet = new AbortController();
  if (w.needsKubelet) await finalizeTerminatingPods(c.client, stopKubelet.signal);
  try {
    if (w.initPods > 0) {
      const init = await createPods(c, w.initTemplate, 'init', w.initPods);
      await waitBound(c, init.keys(), 300_000);
    }
    const attemptsBefore = scheduleAttempts(c);
    const serverCpuBefore = await processCpuMs(c.server.pid);
    const cpuBefore = process.cpuUsage();
    const sent = await createPods(c, w.measuredTemplate, 'measured', w.measuredPods).then(async (s) => {
      await waitBound(c, s.keys(), 600_000);
      return s;
    });
    const serverCpu = (await processCpuMs(c.server.pid)) - serverCpuBefore;
    const cpu = process.cpuUsage(cpuBefore);
    const start = Math.min(...sent.values());
    let end = 0;
    const latencies: number[] = [];
    for (const [name, at] of sent) {
      const b = c.boundAt.get(name)!;
      end = Math.max(end, b);
      latencies.push(b - at);
    }
    // SchedulingThroughput: pods bound per one-second window from the first creation.
    const windows = new Array<number>(Math.max(1, Math.ceil((end - start) / 1000))).fill(0);
    for (const name of sent.keys())
      windows[Math.min(windows.length - 1, Math.floor((c.boundAt.get(name)! - start) / 1000))]!++;
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      workload: w.name,
      nodes: w.nodes,
      pods: w.measuredPods,
      pods_per_s: round(w.measuredPods / ((end - start) / 1000)),
      sampled_avg_pods_per_s: round(windows.reduce((a, b) => a + b, 0) / windows.length),
      sampled_p50_pods_per_s: percentile(windows, 50),
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      attempts_per_pod: round((scheduleAttempts(c) - attemptsBefore) / w.measuredPods),
      apiserver_cpu_ms_per_pod: Math.round((serverCpu / w.measuredPods) * 100) / 100,
      bench_cpu_ms_per_pod: Math.round(((cpu.user + cpu.system) / 1000 / w.measuredPods) * 100) / 100,
    };
  } finally {
    stopKubelet.abort();
  }
}

/** User + system CPU of a process in ms, from /proc (Linux). */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function scheduleAttempts(c: Cluster): number {
  const family = c.running.metrics.collect().find((f) => f.name === 'scheduler_schedule_attempts_total');
  return (family?.samples ?? []).reduce((sum, s) => sum + s.value, 0);
}

function nodesFor(count: number, large: boolean): Node[] {
  const zones = ['zone-a', 'zone-b', 'zone-c'];
  return Array.from({ length: count }, (_, i) =>
    simNode(`node-${i}`, {
      cpu: '4',
      memory: '32Gi',
      pods: '110',
      labels: {
        'topology.kubernetes.io/zone': zones[i % 3]!,
        ...(large ? { 'bench.k8ts.io/group': i % 2 === 0 ? 'a' : 'b' } : {}),
      },
    }),
  );
}

async function main(): Promise<void> {
  const all = workloads(values.quick!);
  const only = values.only?.split(',');
  const pick = (list: Workload[]) =>
    only ? list.filter((w) => only.includes(w.name) || only.includes(`${w.name}/${w.nodes}`)) : list;
  const small = pick(all.small);
  const large = pick(all.large);
  const rows: Row[] = [];
  for (const [phase, list, n] of [
    ['500 nodes', small, 500],
    ['5000 nodes', large, 5000],
  ] as const) {
    if (list.length === 0) continue;
    log(`${phase}: starting a server (${values.datastore}) and the scheduler`);
    const cluster = await startCluster(nodesFor(n, n === 5000));
    try {
      for (const w of list) {
        log(`  ${w.name}: ${w.initPods} init pods, ${w.measuredPods} measured`);
        const t = now();
        const row = await run(cluster, w);
        rows.push(row);
        if (values.json) process.stdout.write(`${JSON.stringify(row)}\n`);
        else log(`    ${row.pods_per_s} pods/s, p99 ${row.p99_ms} ms (${((now() - t) / 1000).toFixed(1)} s)`);
        await deleteAllPods(cluster);
      }
    } finally {
      await stopCluster(cluster);
    }
  }
  if (!values.json) {
    console.log(
      formatTable(
        [
          'workload',
          'nodes',
          'pods',
          'pods_per_s',
          'sampled_avg_pods_per_s',
          'sampled_p50_pods_per_s',
          'p50_ms',
          'p99_ms',
          'attempts_per_pod',
          'apiserver_cpu_ms_per_pod',
          'bench_cpu_ms_per_pod',
        ],
        rows as unknown as Record<string, unknown>[],
      ),
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
