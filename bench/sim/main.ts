/**
 * npm run bench:sim [-- --quick] [-- --json]      (node --expose-gc, for the heap figures)
 *
 * Simulated nodes against a real `k8ts server` (memory datastore, its own process): time until
 * 1,000 and then 5,000 simulated nodes are all Ready (seen by a separate watcher), the steady-state
 * CPU and RSS of the simulator process (and of the apiserver) with 5,000 idle nodes heartbeating,
 * and pods/s turned Running when 10,000 pods with spec.nodeName are created through a separate
 * client. The simulator runs in this process, exactly as `k8ts server --node-runtime sim` runs it.
 * Last, the simulator's own cost per pod without an apiserver (sim-core.ts: 150,000 pods).
 * Anchors (kwok CI): 5,000 nodes in 60 s, 10,000 pods in 60 s.
 */
import { readFile } from 'node:fs/promises';
import { setMaxListeners } from 'node:events';
import { parseArgs } from 'node:util';
import { createLogger } from '../../src/base/logger.js';
import { KubeClient } from '../../src/client/index.js';
import { SimCluster } from '../../src/kubelet/sim/index.js';
import { BenchApiClient } from '../support/api-client.js';
import { startK8tsProcess, type K8tsProcess } from '../support/k8ts-process.js';
import { elapsedMs, formatTable, rssMb, summarise } from '../support/stats.js';
import { simCore } from './sim-core.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

// --quick keeps within a minute on a 2-CPU machine: fewer nodes and pods, shorter idle window.
const sizes = values.quick
  ? { small: 500, large: 1000, settleS: 3, idleS: 5, pods: 2000, corePods: 30_000 }
  : { small: 1000, large: 5000, settleS: 20, idleS: 60, pods: 10_000, corePods: 150_000 };

type Row = { workload: string } & Record<string, string | number>;

const log = (m: string) => {
  if (!values.json) process.stderr.write(`${m}\n`);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) a process has used, from /proc/PID/stat. */
async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Sim {
  readonly cluster: SimCluster;
  readonly client: KubeClient;
  close(): Promise<void>;
}

async function startSim(server: K8tsProcess, nodes: number): Promise<Sim> {
  const qps = Math.min(5000, Math.max(100, nodes * 50));
  const client = await KubeClient.fromKubeconfig({
    path: server.kubeconfig,
    component: 'k8ts-sim',
    qps,
    burst: 2 * qps,
  });
  const cluster = await SimCluster.start({
    client,
    nodeCount: nodes,
    logger: createLogger('sim', { level: 'warn' }),
  });
  return {
    cluster,
    client,
    async close() {
      await cluster.close();
      client.close();
    },
  };
}

/** Watches nodes from a separate client and resolves when `count` of them report Ready. */
function watchReadyNodes(api: BenchApiClient, count: number, signal: AbortSignal): Promise<void> {
  const ready = new Set<string>();
  return new Promise((resolve, reject) => {
    api
      .watch(
        '/api/v1/nodes?watch=true&resourceVersion=0',
        (line) => {
          const event = JSON.parse(line) as {
            object: {
              metadata: { name: string };
              status?: { conditions?: { type: string; status: string }[] };
            };
          };
          const o = event.object;
          const isReady = o.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
          if (isReady) ready.add(o.metadata.name);
          else ready.delete(o.metadata.name);
          if (ready.size >= count) resolve();
        },
        signal,
      )
      .catch(reject);
  });
}

/**
 * Warms a fresh apiserver (JIT, certificate handling) with a few hundred writes, so the timings
 * measure the simulator rather than the server's first seconds.
 */
async function warmUp(api: BenchApiClient): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let i = next++; i < 500; i = next++) {
        const body = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `warm-${i}` },
          data: { a: 'b' },
        };
        await api.send('POST', '/api/v1/namespaces/default/configmaps', body);
        await api.send('DELETE', `/api/v1/namespaces/default/configmaps/warm-${i}`);
      }
    }),
  );
}

async function benchRegister(nodes: number): Promise<{ row: Row; server: K8tsProcess; sim: Sim }> {
  const server = await startK8tsProcess('memory');
  const api = new BenchApiClient(server.kubeconfig, 32);
  await warmUp(api);
  const controller = new AbortController();
  const allReady = watchReadyNodes(api, nodes, controller.signal);
  await sleep(200);
  const start = process.hrtime.bigint();
  const sim = await startSim(server, nodes);
  await allReady;
  const ms = elapsedMs(start);
  controller.abort();
  api.close();
  return {
    row: {
      workload: `register-${nodes}-nodes`,
      nodes,
      seconds: Math.round(ms / 10) / 100,
      nodes_per_s: Math.round((nodes / ms) * 1000),
    },
    server,
    sim,
  };
}

async function benchIdle(server: K8tsProcess, sim: Sim): Promise<Row> {
  await sleep(sizes.settleS * 1000);
  const before = sim.cluster.stats();
  const cpu0 = process.cpuUsage();
  const apiCpu0 = await processCpuSeconds(server.pid);
  const start = process.hrtime.bigint();
  await sleep(sizes.idleS * 1000);
  const seconds = elapsedMs(start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const apiCpu = (await processCpuSeconds(server.pid)) - apiCpu0;
  const after = sim.cluster.stats();
  const writes = after.leaseWrites + after.nodeStatusWrites - (before.leaseWrites + before.nodeStatusWrites);
  return {
    workload: `idle-${sim.cluster.nodeNames.length}-nodes`,
    nodes: sim.cluster.nodeNames.length,
    seconds: Math.round(seconds),
    sim_cpu_percent: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 1000) / 10,
    sim_rss_mb: rssMb(),
    apiserver_cpu_percent: Math.round((apiCpu / seconds) * 1000) / 10,
    apiserver_rss_mb: await server.rssMb(),
    heartbeat_writes_per_s: Math.round(writes / seconds),
  };
}

function podBody(name: string, node: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench' } },
    spec: {
      nodeName: node,
      containers: [
        { name: 'c', image: 'registry.local/app:1', resources: { requests: { cpu: '10m', memory: '16Mi' } } },
      ],
    },
  };
}

async function benchPods(server: K8tsProcess, sim: Sim): Promise<Row> {
  const names = sim.cluster.nodeNames;
  const total = sizes.pods;
  const api = new BenchApiClient(server.kubeconfig, 128);
  const controller = new AbortController();
  const createdAt = new Map<string, bigint>();
  const latencies: number[] = [];
  const running = new Set<string>();
  let allRunning: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allRunning = resolve));
  await api.watch(
    '/api/v1/namespaces/default/pods?watch=true&resourceVersion=0',
    (line) => {
      const event = JSON.parse(line) as {
        object: { metadata: { name: string }; status?: { phase?: string } };
      };
      const o = event.object;
      if (o.status?.phase !== 'Running' || running.has(o.metadata.name)) return;
      running.add(o.metadata.name);
      const t = createdAt.get(o.metadata.name);
      if (t !== undefined) latencies.push(elapsedMs(t));
      if (running.size >= total) allRunning();
    },
    controller.signal,
  );
  const before = sim.cluster.stats();
  const cpu0 = process.cpuUsage();
  const apiCpu0 = await processCpuSeconds(server.pid);
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let i = next++; i < total; i = next++) {
        const name = `bench-${i}`;
        createdAt.set(name, process.hrtime.bigint());
        const r = await api.send(
          'POST',
          '/api/v1/namespaces/default/pods',
          podBody(name, names[i % names.length]!),
        );
        if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
      }
    }),
  );
  const createMs = elapsedMs(start);
  await done;
  const ms = elapsedMs(start);
  const cpu = process.cpuUsage(cpu0);
  const apiCpu = (await processCpuSeconds(server.pid)) - apiCpu0;
  const after = sim.cluster.stats();
  controller.abort();
  api.close();
  const { p50_ms, p99_ms } = summarise(latencies);
  return {
    workload: `run-${total}-pods`,
    pods: total,
    seconds: Math.round(ms / 10) / 100,
    pods_per_s: Math.round((total / ms) * 1000),
    creates_per_s: Math.round((total / createMs) * 1000),
    p50_ms: Math.round(p50_ms),
    p99_ms: Math.round(p99_ms),
    status_writes_per_pod: Math.round(((after.podStatusWrites - before.podStatusWrites) / total) * 100) / 100,
    sim_cpu_percent: Math.round(((cpu.user + cpu.system) / 1e6 / (ms / 1000)) * 1000) / 10,
    sim_rss_mb: rssMb(),
    apiserver_cpu_percent: Math.round((apiCpu / (ms / 1000)) * 1000) / 10,
  };
}

async function main(): Promise<void> {
  setMaxListeners(0);
  const rows: Row[] = [];
  const emit = (row: Row) => {
    rows.push(row);
    if (values.json) console.log(JSON.stringify({ name: row.workload, ...row }));
    else log(`  ${JSON.stringify(row)}`);
  };

  log(`registering ${sizes.small} nodes`);
  const small = await benchRegister(sizes.small);
  emit(small.row);
  await small.sim.close();
  await small.server.stop();

  log(`registering ${sizes.large} nodes`);
  const large = await benchRegister(sizes.large);
  emit(large.row);
  try {
    log(`idle with ${sizes.large} nodes for ${sizes.settleS + sizes.idleS} s`);
    emit(await benchIdle(large.server, large.sim));
    log(`creating ${sizes.pods} pods`);
    emit(await benchPods(large.server, large.sim));
  } finally {
    await large.sim.close();
    await large.server.stop();
  }

  // Last, so its heap does not inflate the RSS figures above (its own are taken after a full GC).
  log(`simulator core alone: ${sizes.corePods} pods on 5000 nodes`);
  emit({ workload: `sim-core-${sizes.corePods}-pods`, ...(await simCore(sizes.corePods)) });

  if (!values.json) {
    const columns = [
      'workload',
      'seconds',
      'nodes_per_s',
      'pods_per_s',
      'p50_ms',
      'p99_ms',
      'sim_cpu_percent',
      'sim_rss_mb',
      'apiserver_cpu_percent',
      'apiserver_rss_mb',
      'heartbeat_writes_per_s',
      'cpu_us_per_pod',
      'state_kb_per_pod',
      'running_kb_per_pod',
      'cache_kb_per_pod',
    ];
    console.log(formatTable(columns, rows));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
