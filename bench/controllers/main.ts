/**
 * npm run bench:controllers [-- --quick] [-- --json] [-- --datastore memory|sqlite]
 *                           [-- --transport in-process|https|both] [-- --nodes N] [-- --replicas N]
 *                           [-- --breakdown] [-- --phases create[,rolling[,delete]]]
 *                           [-- --components thread|main]
 *
 * The all-in-one control plane in one process, as `k8ts server --node-runtime sim` runs it: the
 * apiserver (memory datastore by default) in the main thread, and the scheduler, every controller
 * and N simulated nodes in its components thread (--components main puts them beside the apiserver).
 * On 1,000 nodes it measures a Deployment of 10,000 replicas from create to all Ready (pods/s; the
 * target is ≥ 500), a rolling update of it (pods/s replaced) and the deletion of its namespace
 * (objects/s) — and, to see the transport alone, 5,000 small GETs through it (requests/s) — with
 * the process's CPU and RSS per phase, its CPU time per node, pod or object
 * (cpu_ms_per_unit: what bounds the rates when the process has one core to itself), the API
 * requests served per unit (from the apiserver's metrics) and the p99 event-loop delay of the
 * main thread (how long the work sharing the apiserver's loop keeps each other waiting).
 *
 * The components reach the apiserver in-process (the default of `k8ts server`) or over HTTPS on
 * loopback; both run, each in a fresh child process, unless --transport picks one. CPU and RSS
 * are the whole process's, both threads together. An observer polls the Deployment's status, as
 * `kubectl rollout status` does. Node flags pass on to the
 * children: `node --cpu-prof dist/bench/controllers/main.js --transport in-process` profiles a run.
 */
import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { ApiServer } from '../../src/apiserver/api-server.js';
import { createLogger } from '../../src/base/logger.js';
import type { KubeClient } from '../../src/client/index.js';
import { startComponentsThread } from '../../src/cmd/components-thread/components-thread.js';
import { startControlPlane } from '../../src/cmd/control-plane.js';
import { startEmbeddedSimNodes } from '../../src/cmd/embedded-sim-nodes.js';
import { ADMIN_IDENTITY, embeddedClient, type EmbeddedConnection } from '../../src/cmd/embedded-client.js';
import { LARGE_SIM_CLUSTER_CIDR } from '../../src/cmd/server-command.js';
import { isStatusError } from '../../src/machinery/errors/index.js';
import { elapsedMs, formatTable, rssMb } from '../support/stats.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    datastore: { type: 'string', default: 'memory' },
    transport: { type: 'string', default: 'both' },
    nodes: { type: 'string' },
    replicas: { type: 'string' },
    /** Internal: run one transport's cluster in this process and print its rows as JSON. */
    child: { type: 'boolean', default: false },
    /** Also print, per phase, the requests served by verb and resource (what the components cost). */
    breakdown: { type: 'boolean', default: false },
    /** The workload phases to run, in order (each needs the ones before it): e.g. "create" to profile one. */
    phases: { type: 'string', default: 'create,rolling,delete' },
    /**
     * Where the scheduler, controllers and simulated nodes run: "thread" (a worker thread, as
     * `k8ts server` runs them) or "main" (the apiserver's own thread, as before the thread existed).
     */
    components: { type: 'string', default: 'thread' },
  },
});

// --quick keeps both transports within about a minute on an idle 2-CPU machine.
const sizes = {
  nodes: Number(values.nodes ?? (values.quick ? 50 : 1000)),
  replicas: Number(values.replicas ?? (values.quick ? 300 : 10_000)),
};
const phases = new Set(values.phases!.split(','));
const knownPhases = ['create', 'rolling', 'delete'];
if (![...phases].every((p) => knownPhases.includes(p)))
  throw new Error(`--phases takes a list of ${knownPhases.join(', ')}, got "${values.phases}"`);
if (values.components !== 'thread' && values.components !== 'main')
  throw new Error(`--components must be thread or main, got "${values.components}"`);
const transports: EmbeddedConnection[] =
  values.transport === 'both' ? ['in-process', 'https'] : [values.transport as EmbeddedConnection];
if (!transports.every((t) => t === 'in-process' || t === 'https'))
  throw new Error(`--transport must be in-process, https or both, got "${values.transport}"`);

const namespace = 'bench';
const deploymentsType = { group: 'apps', version: 'v1', resource: 'deployments' };
const namespacesType = { group: '', version: 'v1', resource: 'namespaces' };
const configMapsType = { group: '', version: 'v1', resource: 'configmaps' };
// The components' own errors: the first few shown, the rest counted (a namespace deletion makes
// every event recorder fail for a while, as upstream's do).
let componentErrors = 0;
const quiet = createLogger('bench', {
  level: 'error',
  write: (line) => {
    if (++componentErrors <= 5) process.stderr.write(`${line}\n`);
  },
});
const pollMs = 100;

type Row = { workload: string } & Record<string, string | number>;

const log = (m: string) => {
  if (!values.json) process.stderr.write(`${m}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The apiserver, the embedded control plane and the simulated nodes, all in this process. */
interface Cluster {
  readonly server: ApiServer;
  /** The observer: polls status, creates and deletes the workload. */
  readonly client: KubeClient;
  /** How many simulated nodes are Ready. */
  readyNodes(): Promise<number>;
  stop(): Promise<void>;
}

async function startCluster(transport: EmbeddedConnection): Promise<Cluster> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'k8ts-bench-controllers-'));
  const server = await ApiServer.start({
    dataDir,
    datastore: values.datastore!,
    bindAddress: '127.0.0.1',
    port: 0,
    log: quiet,
  });
  // As `k8ts server --node-runtime sim --sim-nodes N` configures node-ipam for N nodes.
  const planeOptions = {
    scheduler: true,
    controllers: ['*'],
    connection: transport,
    ...(sizes.nodes > 256 ? { clusterCidrs: [LARGE_SIM_CLUSTER_CIDR] } : {}),
  };
  const client = await embeddedClient(server, ADMIN_IDENTITY, 'in-process', {
    component: 'bench',
    qps: Infinity,
  });
  const stopServer = async () => {
    client.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  if (values.components === 'thread') {
    // As `k8ts server` runs them: the components in their own thread.
    const thread = await startComponentsThread(
      server,
      { plane: planeOptions, sim: { count: sizes.nodes }, logLevel: 'error' },
      quiet,
    );
    return {
      server,
      client,
      readyNodes: async () => (await thread.simStats())?.readyNodes ?? 0,
      async stop() {
        await thread.stop();
        await stopServer();
      },
    };
  }
  const plane = await startControlPlane(server, planeOptions, quiet);
  const nodes = await startEmbeddedSimNodes(server, {
    count: sizes.nodes,
    allocatesPodCidrs: plane.allocatesPodCidrs,
    logger: quiet,
    connection: transport,
  });
  return {
    server,
    client,
    readyNodes: async () => nodes.sim.stats().readyNodes,
    async stop() {
      await nodes.close();
      await plane.stop();
      await stopServer();
    },
  };
}

/** CPU and wall time of one phase, as a row's common columns. */
class PhaseMeter {
  private readonly cpu0 = process.cpuUsage();
  private readonly start = process.hrtime.bigint();
  // How late timers fire on the main thread: what shares the apiserver's loop (and, with
  // --components main, the components too) keeps the rest waiting this long.
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.loopDelay.enable();
  }

  /** Seconds since the phase began. */
  seconds(): number {
    return elapsedMs(this.start) / 1000;
  }

  /** CPU seconds this process spent since the phase began. */
  cpuSeconds(): number {
    const cpu = process.cpuUsage(this.cpu0);
    return (cpu.user + cpu.system) / 1e6;
  }

  /**
   * seconds, CPU percent of one core, RSS now and at peak, and the CPU milliseconds per unit of
   * work (pod or object), which a busy machine distorts less than the rates.
   */
  columns(units: number): Record<string, number> {
    const seconds = this.seconds();
    const cpuSeconds = this.cpuSeconds();
    this.loopDelay.disable();
    return {
      seconds: Math.round(seconds * 100) / 100,
      cpu_percent: Math.round((cpuSeconds / seconds) * 1000) / 10,
      cpu_ms_per_unit: Math.round((cpuSeconds / units) * 1e5) / 100,
      rss_mb: rssMb(),
      peak_rss_mb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
      loop_delay_p99_ms: Math.round(this.loopDelay.percentile(99) / 1e6),
    };
  }
}

/** A metric's samples summed by "VERB resource[/subresource]". */
async function metricByRequest(client: KubeClient, metric: string): Promise<Map<string, number>> {
  const res = await client.stream({ method: 'GET', path: '/metrics' });
  let text = '';
  for await (const chunk of res.body) text += Buffer.from(chunk).toString('utf8');
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`)) continue;
    const label = (name: string) => new RegExp(`[{,]${name}="([^"]*)"`).exec(line)?.[1] ?? '';
    const sub = label('subresource');
    const key = `${label('verb')} ${label('resource')}${sub ? `/${sub}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return counts;
}

/** Requests the apiserver has served so far, by "VERB resource[/subresource]". */
function apiRequests(client: KubeClient): Promise<Map<string, number>> {
  return metricByRequest(client, 'apiserver_request_total');
}

const sum = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/**
 * The api_requests_per_unit column: requests served since `before`, per node, pod or object; with
 * --breakdown the busiest verb/resource pairs are logged too.
 */
async function requestsPerUnit(
  client: KubeClient,
  before: Map<string, number>,
  units: number,
): Promise<Record<string, number>> {
  const now = await apiRequests(client);
  if (values.breakdown) {
    const deltas = [...now].map(([key, n]) => [key, n - (before.get(key) ?? 0)] as const);
    for (const [key, n] of deltas.sort((a, b) => b[1] - a[1]).slice(0, 12)) {
      if (n > 0) log(`    ${(n / units).toFixed(2).padStart(8)} per unit  ${key}`);
    }
  }
  return { api_requests_per_unit: Math.round(((sum(now) - sum(before)) / units) * 10) / 10 };
}

/** Polls until `done` holds, logging progress every few seconds; resolves with the last value. */
async function pollUntil<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  progress: (v: T) => string,
): Promise<T> {
  let lastLog = Date.now();
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() - lastLog > 5000) {
      log(`    ${progress(v)}`);
      lastLog = Date.now();
    }
    await sleep(pollMs);
  }
}

async function benchNodes(cluster: Cluster, transport: EmbeddedConnection, meter: PhaseMeter): Promise<Row> {
  await pollUntil(
    () => cluster.readyNodes(),
    (ready) => ready >= sizes.nodes,
    (ready) => `${ready}/${sizes.nodes} nodes Ready`,
  );
  const columns = meter.columns(sizes.nodes);
  if (values.breakdown) {
    // Every watch multiplies the cost of each write of its resource.
    const watches = await metricByRequest(cluster.client, 'apiserver_longrunning_requests');
    for (const [key, n] of [...watches].sort((a, b) => b[1] - a[1])) if (n > 0) log(`    ${n} open: ${key}`);
  }
  return {
    workload: `register-${sizes.nodes}-nodes`,
    transport,
    ...columns,
    // Counted from the server's start.
    ...(await requestsPerUnit(cluster.client, new Map(), sizes.nodes)),
  };
}

function deployment(replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.local/app:1',
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
    },
  };
}

/** True when every replica runs the current template and is ready, and no old pod is left. */
function rolledOut(d: Deployment, replicas: number): boolean {
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
    s.updatedReplicas === replicas &&
    s.readyReplicas === replicas &&
    s.availableReplicas === replicas &&
    s.replicas === replicas
  );
}

function describe(d: Deployment): string {
  const s = d.status ?? {};
  return `replicas ${s.replicas ?? 0}, updated ${s.updatedReplicas ?? 0}, ready ${s.readyReplicas ?? 0}`;
}

async function benchCreate(cluster: Cluster, transport: EmbeddedConnection): Promise<Row> {
  const { replicas } = sizes;
  const deployments = cluster.client.resource<Deployment>(deploymentsType).namespace(namespace);
  const requests0 = await apiRequests(cluster.client);
  const meter = new PhaseMeter();
  await deployments.create(deployment(replicas));
  let allCreatedS = 0;
  await pollUntil(
    () => deployments.get('web'),
    (d) => {
      if (allCreatedS === 0 && (d.status?.replicas ?? 0) >= replicas) allCreatedS = meter.seconds();
      return rolledOut(d, replicas);
    },
    describe,
  );
  const columns = meter.columns(replicas);
  return {
    workload: `deployment-${replicas}-to-ready`,
    transport,
    pods_per_s: Math.round(replicas / columns['seconds']!),
    all_created_s: Math.round(allCreatedS * 100) / 100,
    ...columns,
    ...(await requestsPerUnit(cluster.client, requests0, replicas)),
  };
}

async function benchRollingUpdate(cluster: Cluster, transport: EmbeddedConnection): Promise<Row> {
  const { replicas } = sizes;
  const deployments = cluster.client.resource<Deployment>(deploymentsType).namespace(namespace);
  const requests0 = await apiRequests(cluster.client);
  const meter = new PhaseMeter();
  await deployments.patch('web', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.local/app:2' }] } } },
  });
  await pollUntil(
    () => deployments.get('web'),
    (d) => rolledOut(d, replicas),
    describe,
  );
  const columns = meter.columns(replicas);
  return {
    workload: `rolling-update-${replicas}`,
    transport,
    pods_per_s: Math.round(replicas / columns['seconds']!),
    ...columns,
    ...(await requestsPerUnit(cluster.client, requests0, replicas)),
  };
}

const requestCount = 5000;

/**
 * The transport alone: GETs of one ConfigMap, 16 at a time, from a client on the components'
 * transport (one of the many small requests the components make), while the nodes heartbeat.
 */
async function benchRequests(cluster: Cluster, transport: EmbeddedConnection): Promise<Row> {
  const client = await embeddedClient(cluster.server, ADMIN_IDENTITY, transport, {
    component: 'bench-requests',
    qps: Infinity,
  });
  try {
    const configMaps = client.resource(configMapsType).namespace(namespace);
    await configMaps.create({ metadata: { name: 'probe' }, data: { a: 'b' } });
    const meter = new PhaseMeter();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next++ < requestCount) await configMaps.get('probe');
      }),
    );
    const columns = meter.columns(requestCount);
    return {
      workload: `get-configmap-x${requestCount}`,
      transport,
      requests_per_s: Math.round(requestCount / columns['seconds']!),
      ...columns,
    };
  } finally {
    client.close();
  }
}

/** How many objects the namespace holds among the kinds this workload fills it with. */
async function countObjects(client: KubeClient): Promise<number> {
  const kinds = [
    { group: '', version: 'v1', resource: 'pods' },
    { group: 'apps', version: 'v1', resource: 'replicasets' },
    deploymentsType,
    { group: '', version: 'v1', resource: 'events' },
    { group: 'events.k8s.io', version: 'v1', resource: 'events' },
    { group: '', version: 'v1', resource: 'configmaps' },
    { group: '', version: 'v1', resource: 'serviceaccounts' },
  ].filter((k, i) => i !== 4); // core and events.k8s.io events are the same objects
  let total = 0;
  for (const kind of kinds) {
    const page = await client.resource(kind).namespace(namespace).list({ limit: 1 });
    total += page.items.length + (page.remainingItemCount ?? 0);
  }
  return total;
}

async function benchNamespaceDeletion(cluster: Cluster, transport: EmbeddedConnection): Promise<Row> {
  const objects = await countObjects(cluster.client);
  const namespaces = cluster.client.resource<Namespace>(namespacesType);
  const requests0 = await apiRequests(cluster.client);
  const meter = new PhaseMeter();
  await namespaces.delete(namespace);
  await pollUntil(
    async () => {
      try {
        await namespaces.get(namespace);
        return false;
      } catch (err) {
        if (isStatusError(err, 'NotFound')) return true;
        throw err;
      }
    },
    (gone) => gone,
    () => `namespace ${namespace} still terminating`,
  );
  const columns = meter.columns(objects);
  return {
    workload: `namespace-delete-${objects}-objects`,
    transport,
    objects_per_s: Math.round(objects / columns['seconds']!),
    ...columns,
    ...(await requestsPerUnit(cluster.client, requests0, objects)),
  };
}

/** One transport's run, in this (fresh) process: every phase, each row printed as a JSON line. */
async function runChild(transport: EmbeddedConnection): Promise<void> {
  setMaxListeners(0);
  const emit = (row: Row) => console.log(JSON.stringify(row));
  log(`components ${transport}: starting, ${sizes.nodes} nodes registering`);
  const meter = new PhaseMeter();
  const cluster = await startCluster(transport);
  try {
    emit(await benchNodes(cluster, transport, meter));
    await cluster.client.resource<Namespace>(namespacesType).create({ metadata: { name: namespace } });
    log(`${requestCount} requests through the ${transport} transport`);
    emit(await benchRequests(cluster, transport));
    if (phases.has('create')) {
      log(`deployment of ${sizes.replicas} replicas`);
      emit(await benchCreate(cluster, transport));
    }
    if (phases.has('rolling')) {
      log('rolling update');
      emit(await benchRollingUpdate(cluster, transport));
    }
    if (phases.has('delete')) {
      log(`deleting namespace ${namespace}`);
      emit(await benchNamespaceDeletion(cluster, transport));
    }
  } finally {
    await cluster.stop();
  }
  if (componentErrors > 5) log(`(${componentErrors - 5} more component errors not shown)`);
}

/**
 * Runs one transport in a child process (same node flags, e.g. --cpu-prof), so each
 * configuration's RSS and CPU are its own; resolves with its rows.
 */
function runInChild(transport: EmbeddedConnection): Promise<Row[]> {
  const args = [
    // The heap bin/k8ts runs the server with (its shebang), unless the caller chose.
    ...(process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))
      ? []
      : ['--max-semi-space-size=64']),
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    '--child',
    '--transport',
    transport,
    '--datastore',
    values.datastore!,
    '--nodes',
    String(sizes.nodes),
    '--replicas',
    String(sizes.replicas),
    ...(values.json ? ['--json'] : []),
    ...(values.breakdown ? ['--breakdown'] : []),
    '--phases',
    values.phases!,
    '--components',
    values.components!,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const rows: Row[] = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const row = JSON.parse(line) as Row;
    rows.push(row);
    if (values.json) console.log(JSON.stringify({ name: `${row.workload}/${row.transport}`, ...row }));
    else log(`  ${line}`);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(rows) : reject(new Error(`the ${transport} run exited with ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  if (values.child) {
    await runChild(transports[0]!);
    // Stray handles (watch retries, timers) must not keep a finished run alive.
    process.exit(0);
  }
  log(`datastore ${values.datastore}; ${sizes.nodes} simulated nodes; ${sizes.replicas} replicas`);
  const rows: Row[] = [];
  for (const transport of transports) rows.push(...(await runInChild(transport)));
  if (!values.json) {
    const columns = [
      'workload',
      'transport',
      'seconds',
      'requests_per_s',
      'pods_per_s',
      'objects_per_s',
      'all_created_s',
      'cpu_percent',
      'cpu_ms_per_unit',
      'api_requests_per_unit',
      'rss_mb',
      'peak_rss_mb',
      'loop_delay_p99_ms',
    ];
    console.log(`datastore ${values.datastore}, ${sizes.nodes} simulated nodes, one process`);
    console.log(formatTable(columns, rows));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
