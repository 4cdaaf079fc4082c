/**
 * npm run bench:kubelet [-- --quick] [-- --json]      (root, with containerd, runc and the test images)
 *
 * The kubelet on containerd, run in this process exactly as `k8ts agent` runs it (its own
 * supervised containerd and CNI network under a temp dir, the kubelet's client limits), against a
 * `k8ts server` (apiserver alone, memory datastore, its own process):
 *  - the containerd floor: the same pods' RunPodSandbox + CreateContainer + StartContainer straight
 *    through the CRI client (cri-floor.ts), one at a time and then all at once;
 *  - pod startup with the image present: pods created with spec.nodeName, one at a time and then
 *    all at once, create → Running as a separate watcher sees it (p50, p99, and p50 against the
 *    floor measured the same way);
 *  - density: that many pods Running, then the kubelet's (this process's) CPU and RSS over an idle
 *    window, beside containerd's and the apiserver's.
 * Targets (issue #9): p50 ≤ 350 ms, p99 ≤ 1 s, p50 ≤ 1.5× the floor.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { setMaxListeners } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../../src/base/logger.js';
import { KubeClient } from '../../src/client/index.js';
import { kubeletClientSettings } from '../../src/cmd/kubelet-command.js';
import {
  containerdUsable,
  startContainerdKubelet,
  uninstallContainerdNode,
  type ContainerdKubelet,
} from '../../src/kubelet/containerd-kubelet.js';
import { freeSubnet } from '../../test/support/containerd-node.js';
import { ensureTestImages, testImages } from '../../test/support/test-images.js';
import { BenchApiClient } from '../support/api-client.js';
import { startK8tsProcess, type K8tsProcess } from '../support/k8ts-process.js';
import { processCpuSeconds, processRssMb } from '../support/proc-stats.js';
import { elapsedMs, formatTable, rssMb, summarise } from '../support/stats.js';
import { criFloor, floorLogsRoot } from './cri-floor.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

// --quick keeps within a minute on a 2-CPU machine. `sequential` pods are also started one at a
// time, which shows each path's own latency without the contention of a burst.
const sizes = values.quick
  ? { pods: 20, sequential: 5, settleS: 3, idleS: 8 }
  : { pods: 100, sequential: 20, settleS: 10, idleS: 30 };
const nodeName = 'bench-node';

type Row = { workload: string } & Record<string, string | number>;

const log = (m: string) => {
  if (!values.json) process.stderr.write(`${m}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The pod every measurement starts: one small long-running container, nothing to mount or resolve. */
function benchPod(name: string, uid = ''): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(uid ? { uid } : {}) },
    spec: {
      nodeName,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'c',
          image: testImages.toolbox1,
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', '3600'],
        },
      ],
    },
  };
}

/** Watches pods from a separate client: the time each first shows phase Running. */
function watchRunning(api: BenchApiClient, signal: AbortSignal): Map<string, bigint> {
  const runningAt = new Map<string, bigint>();
  void api
    .watch(
      '/api/v1/namespaces/default/pods?watch=true&resourceVersion=0',
      (line) => {
        const o = (
          JSON.parse(line) as { object: { metadata: { name: string }; status?: { phase?: string } } }
        ).object;
        if (o.status?.phase === 'Running' && !runningAt.has(o.metadata.name))
          runningAt.set(o.metadata.name, process.hrtime.bigint());
      },
      signal,
    )
    .catch(() => {
      // Aborted at the end.
    });
  return runningAt;
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function createPods(api: BenchApiClient, names: readonly string[]): Promise<Map<string, bigint>> {
  const createdAt = new Map<string, bigint>();
  await Promise.all(
    names.map(async (name) => {
      createdAt.set(name, process.hrtime.bigint());
      const r = await api.send('POST', '/api/v1/namespaces/default/pods', benchPod(name));
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
    }),
  );
  return createdAt;
}

async function deleteAllPods(api: BenchApiClient): Promise<void> {
  const list = JSON.parse((await api.send('GET', '/api/v1/namespaces/default/pods')).body) as {
    items: { metadata: { name: string } }[];
  };
  await Promise.all(
    list.items.map((p) => api.send('DELETE', `/api/v1/namespaces/default/pods/${p.metadata.name}`)),
  );
  await until(
    async () =>
      (JSON.parse((await api.send('GET', '/api/v1/namespaces/default/pods')).body) as { items: unknown[] })
        .items.length === 0,
    120_000,
    'every pod deleted',
  );
}

/** Pods created one after another, each once the one before is Running. */
async function benchSequential(
  api: BenchApiClient,
  runningAt: Map<string, bigint>,
  floorP50: number,
): Promise<Row> {
  const latencies: number[] = [];
  for (let i = 0; i < sizes.sequential; i++) {
    const name = `seq-${i}`;
    const createdAt = await createPods(api, [name]);
    await until(() => runningAt.has(name), 60_000, `${name} Running`);
    latencies.push(Number(runningAt.get(name)! - createdAt.get(name)!) / 1e6);
  }
  await deleteAllPods(api);
  const { p50_ms, p99_ms } = summarise(latencies);
  return {
    workload: `startup-sequential-${sizes.sequential}-pods`,
    pods: sizes.sequential,
    p50_ms: round(p50_ms),
    p99_ms: round(p99_ms),
    p50_vs_floor: round(p50_ms / floorP50, 2),
  };
}

async function benchStartup(
  api: BenchApiClient,
  runningAt: Map<string, bigint>,
  floorP50: number,
): Promise<Row> {
  const names = Array.from({ length: sizes.pods }, (_, i) => `bench-${i}`);
  const start = process.hrtime.bigint();
  const createdAt = await createPods(api, names);
  await until(() => names.every((n) => runningAt.has(n)), 120_000, 'every pod Running');
  const ms = elapsedMs(start);
  const latencies = names.map((n) => Number(runningAt.get(n)! - createdAt.get(n)!) / 1e6);
  const { p50_ms, p99_ms } = summarise(latencies);
  return {
    workload: `startup-${sizes.pods}-pods`,
    pods: sizes.pods,
    seconds: round(ms / 1000, 2),
    pods_per_s: round((sizes.pods / ms) * 1000, 1),
    p50_ms: round(p50_ms),
    p99_ms: round(p99_ms),
    p50_vs_floor: round(p50_ms / floorP50, 2),
  };
}

async function benchDensity(server: K8tsProcess, node: ContainerdKubelet): Promise<Row> {
  await sleep(sizes.settleS * 1000);
  const containerdPid = node.runtime.supervisor?.pid;
  const cpu0 = process.cpuUsage();
  const ctr0 = containerdPid !== undefined ? await processCpuSeconds(containerdPid) : 0;
  const api0 = await processCpuSeconds(server.pid);
  const start = process.hrtime.bigint();
  await sleep(sizes.idleS * 1000);
  const seconds = elapsedMs(start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const percent = (cpuSeconds: number) => round((cpuSeconds / seconds) * 100, 1);
  return {
    workload: `density-${sizes.pods}-pods`,
    pods: sizes.pods,
    seconds: round(seconds),
    kubelet_cpu_percent: percent((cpu.user + cpu.system) / 1e6),
    kubelet_rss_mb: rssMb(),
    ...(containerdPid !== undefined
      ? {
          containerd_cpu_percent: percent((await processCpuSeconds(containerdPid)) - ctr0),
          containerd_rss_mb: await processRssMb(containerdPid),
        }
      : {}),
    apiserver_cpu_percent: percent((await processCpuSeconds(server.pid)) - api0),
    apiserver_rss_mb: await server.rssMb(),
  };
}

async function main(): Promise<void> {
  setMaxListeners(0);
  const usable = await containerdUsable();
  if (!usable.usable) throw new Error(`bench:kubelet needs containerd: ${usable.reason ?? ''}`);
  await ensureTestImages();
  const rows: Row[] = [];
  const emit = (row: Row) => {
    rows.push(row);
    if (values.json) console.log(JSON.stringify({ name: row.workload, ...row }));
    else log(`  ${JSON.stringify(row)}`);
  };

  const dataDir = await mkdtemp(path.join(tmpdir(), 'k8ts-bench-kubelet-'));
  const cgroupRoot = `/k8ts-bench-${process.pid}`;
  const server = await startK8tsProcess('memory');
  const client = await KubeClient.fromKubeconfig({ path: server.kubeconfig, ...kubeletClientSettings });
  const api = new BenchApiClient(server.kubeconfig, 32);
  const watch = new AbortController();
  let node: ContainerdKubelet | undefined;
  try {
    log('starting containerd and the kubelet');
    node = await startContainerdKubelet({
      client,
      nodeName,
      dataDir,
      cgroupRoot,
      podCidr: `10.251.${freeSubnet()}.0/24`,
      logger: createLogger('kubelet', { level: 'warn' }),
    });
    await node.kubelet.whenReady();
    // The images are present before anything is timed.
    for (const image of [testImages.pause, testImages.toolbox1])
      await node.runtime.runtime.pullImage({ image: { image } });
    const runningAt = watchRunning(api, watch.signal);

    log('warming up: one pod through the kubelet, one straight through CRI');
    await createPods(api, ['warm-up']);
    await until(() => runningAt.has('warm-up'), 60_000, 'the warm-up pod Running');
    await deleteAllPods(api);
    const floorSettings = {
      runtime: node.runtime.runtime,
      logsRoot: floorLogsRoot(dataDir),
      cgroupParent: `${cgroupRoot}/floor`,
    };
    await criFloor(floorSettings, [benchPod('floor-warm-up', 'floor-warm-up')]);

    log(`containerd floor: ${sizes.sequential} pods one at a time`);
    const sequentialFloor: number[] = [];
    for (let i = 0; i < sizes.sequential; i++)
      sequentialFloor.push(
        ...(await criFloor(floorSettings, [benchPod(`floor-seq-${i}`, `floor-seq-${i}`)])),
      );
    const seqFloor = summarise(sequentialFloor);
    emit({
      workload: `cri-floor-sequential-${sizes.sequential}-pods`,
      pods: sizes.sequential,
      p50_ms: round(seqFloor.p50_ms),
      p99_ms: round(seqFloor.p99_ms),
    });
    log(`kubelet: ${sizes.sequential} pods one at a time`);
    emit(await benchSequential(api, runningAt, seqFloor.p50_ms));

    log(`containerd floor: ${sizes.pods} pods at once`);
    const floor = summarise(
      await criFloor(
        floorSettings,
        Array.from({ length: sizes.pods }, (_, i) => benchPod(`floor-${i}`, `floor-${i}`)),
      ),
    );
    emit({
      workload: `cri-floor-${sizes.pods}-pods`,
      pods: sizes.pods,
      p50_ms: round(floor.p50_ms),
      p99_ms: round(floor.p99_ms),
    });

    log(`kubelet: ${sizes.pods} pods at once`);
    emit(await benchStartup(api, runningAt, floor.p50_ms));
    log(`density: ${sizes.pods} pods running, ${sizes.settleS + sizes.idleS} s`);
    emit(await benchDensity(server, node));
  } finally {
    log('cleaning up');
    await deleteAllPods(api).catch((err: unknown) => log(`pods not deleted: ${String(err)}`));
    watch.abort();
    api.close();
    if (node !== undefined) {
      await node.stop();
      await uninstallContainerdNode(node.network, cgroupRoot);
    }
    client.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  if (!values.json) {
    const columns = [
      'workload',
      'pods',
      'seconds',
      'pods_per_s',
      'p50_ms',
      'p99_ms',
      'p50_vs_floor',
      'kubelet_cpu_percent',
      'kubelet_rss_mb',
      'containerd_cpu_percent',
      'containerd_rss_mb',
      'apiserver_cpu_percent',
      'apiserver_rss_mb',
    ];
    console.log(formatTable(columns, rows));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
