/**
 * npm run bench:apiserver [-- --quick] [-- --json] [-- --datastores sqlite,etcd]
 *
 * Against a running `k8ts server` over HTTPS, per datastore in one run: pod creates/s at 64
 * concurrent clients (after a warm-up of creates in another namespace, reported on its own row:
 * the first few thousand requests of a fresh process run while V8 is still compiling the server), GET p50/p99 at a fixed 500 req/s, LIST of 10,000 pods p50/p99 (served from the
 * watch cache), watch fan-out (100 watchers, event delivery p50/p99), and the server's RSS before and after.
 */
import { setMaxListeners } from 'node:events';
import { parseArgs } from 'node:util';
import { type EtcdServer, startEtcd } from '../../test/support/etcd-server.js';
import { BenchApiClient } from '../support/api-client.js';
import { startK8tsProcess } from '../support/k8ts-process.js';
import { elapsedMs, formatTable, summarise } from '../support/stats.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    datastores: { type: 'string', default: 'sqlite,etcd' },
  },
});

const sizes = values.quick
  ? { warmupPods: 3_000, pods: 10_000, getSeconds: 3, listRepeats: 5, watchers: 100, watchWrites: 300 }
  : { warmupPods: 5_000, pods: 10_000, getSeconds: 10, listRepeats: 20, watchers: 100, watchWrites: 2000 };

/** Where the warm-up creates go, apart from the pods the other workloads read. */
const warmupNamespace = 'bench-warmup';

interface Row {
  datastore: string;
  workload: string;
  ops_per_s?: number;
  p50_ms?: number;
  p99_ms?: number;
  [k: string]: string | number | undefined;
}

const log = (m: string) => {
  if (!values.json) process.stderr.write(`${m}\n`);
};

function pod(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'bench', tier: 'web' } },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'registry.local/app:1',
          resources: { requests: { cpu: '100m', memory: '64Mi' } },
        },
      ],
    },
  };
}

async function benchCreates(
  api: BenchApiClient,
  datastore: string,
  namespace: string,
  count: number,
  workload: string,
): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = process.hrtime.bigint();
        const r = await api.send('POST', `/api/v1/namespaces/${namespace}/pods`, pod(`p-${i}`));
        if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
        latencies.push(elapsedMs(t));
      }
    }),
  );
  const seconds = elapsedMs(start) / 1000;
  return {
    datastore,
    workload,
    ops_per_s: Math.round(count / seconds),
    ...summarise(latencies),
  };
}

async function benchGets(api: BenchApiClient, datastore: string): Promise<Row> {
  // Open loop: requests are sent on a fixed schedule whatever the latency, so queueing shows in p99.
  const rate = 500;
  const total = rate * sizes.getSeconds;
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const start = Date.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = process.hrtime.bigint();
    inflight.push(
      api.send('GET', `/api/v1/namespaces/default/pods/p-${i % sizes.pods}`).then((r) => {
        if (r.status !== 200) throw new Error(`get failed: ${r.status}`);
        latencies.push(elapsedMs(t));
      }),
    );
  }
  await Promise.all(inflight);
  return {
    datastore,
    workload: 'get-pod-500-rps',
    ops_per_s: Math.round(total / ((Date.now() - start) / 1000)),
    ...summarise(latencies),
  };
}

async function benchLists(api: BenchApiClient, datastore: string): Promise<Row> {
  const latencies: number[] = [];
  for (let i = 0; i < sizes.listRepeats; i++) {
    const t = process.hrtime.bigint();
    const r = await api.send('GET', '/api/v1/namespaces/default/pods');
    latencies.push(elapsedMs(t));
    const count = (JSON.parse(r.body) as { items: unknown[] }).items.length;
    if (count !== sizes.pods) throw new Error(`list returned ${count} pods`);
  }
  const s = summarise(latencies);
  return {
    datastore,
    workload: `list-${sizes.pods}-pods`,
    ops_per_s: Math.round((1000 / s.p50_ms) * 10) / 10,
    ...s,
  };
}

async function benchWatch(api: BenchApiClient, datastore: string): Promise<Row> {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const sent = new Map<string, bigint>();
  const lags: number[] = [];
  let delivered = 0;
  const rv = (
    JSON.parse((await api.send('GET', '/api/v1/namespaces/default/configmaps?limit=1')).body) as {
      metadata: { resourceVersion: string };
    }
  ).metadata.resourceVersion;
  await Promise.all(
    Array.from({ length: sizes.watchers }, () =>
      api.watch(
        `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`,
        (line) => {
          const name = /"name":"(w-\d+)"/.exec(line)?.[1];
          const t = name ? sent.get(name) : undefined;
          if (t !== undefined) lags.push(Number(process.hrtime.bigint() - t) / 1e6);
          delivered++;
        },
        controller.signal,
      ),
    ),
  );
  const start = process.hrtime.bigint();
  for (let i = 0; i < sizes.watchWrites; i++) {
    const name = `w-${i}`;
    sent.set(name, process.hrtime.bigint());
    const r = await api.send('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name },
      data: { i: String(i) },
    });
    if (r.status !== 201) throw new Error(`configmap create failed: ${r.status}`);
  }
  const expected = sizes.watchWrites * sizes.watchers;
  const deadline = Date.now() + 30_000;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const seconds = elapsedMs(start) / 1000;
  controller.abort();
  if (delivered < expected) throw new Error(`watchers got ${delivered} of ${expected} events`);
  return {
    datastore,
    workload: `watch-fanout-${sizes.watchers}`,
    ops_per_s: Math.round(delivered / seconds),
    ...summarise(lags),
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const datastore of values.datastores.split(',')) {
    let etcd: EtcdServer | undefined;
    if (datastore === 'etcd') etcd = await startEtcd({ name: 'bench-apiserver' });
    const server = await startK8tsProcess(etcd ? `etcd://${new URL(etcd.endpoint).host}` : datastore);
    const api = new BenchApiClient(server.kubeconfig);
    try {
      const rssBefore = await server.rssMb();
      log(`${datastore}: warming up with ${sizes.warmupPods} creates ...`);
      const ns = await api.send('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: warmupNamespace },
      });
      if (ns.status !== 201) throw new Error(`namespace create failed: ${ns.status} ${ns.body}`);
      rows.push(
        await benchCreates(api, datastore, warmupNamespace, sizes.warmupPods, 'create-pods-cold-warmup'),
      );
      log(`${datastore}: creating ${sizes.pods} pods ...`);
      rows.push(await benchCreates(api, datastore, 'default', sizes.pods, 'create-pods-64-clients'));
      log(`${datastore}: GET at 500 req/s ...`);
      rows.push(await benchGets(api, datastore));
      log(`${datastore}: LIST ...`);
      rows.push(await benchLists(api, datastore));
      log(`${datastore}: watch fan-out ...`);
      rows.push(await benchWatch(api, datastore));
      rows.push({
        datastore,
        workload: 'server-rss',
        rss_before_mb: rssBefore,
        rss_after_mb: await server.rssMb(),
      });
    } finally {
      api.close();
      await server.stop();
      await etcd?.stop();
    }
  }
  if (values.json) for (const r of rows) console.log(JSON.stringify({ name: r.workload, ...r }));
  else
    console.log(
      formatTable(
        ['datastore', 'workload', 'ops_per_s', 'p50_ms', 'p99_ms', 'rss_before_mb', 'rss_after_mb'],
        rows,
      ),
    );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
