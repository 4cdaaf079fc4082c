/**
 * npm run bench:storage [-- --quick] [-- --json] [-- --backends memory,sqlite,etcd,etcd-raw]
 *
 * The same workloads, in one run, against our three backends and against etcd driven directly
 * (etcd-raw, the reference): create and CAS-update throughput at 1/16/256 writers, get latency,
 * a list of 10,000 keys, and watch fan-out to 100 watchers. Prints a table with each result's
 * ratio to etcd-raw, or one JSON object per result with --json.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EtcdBackend } from '../../src/storage/etcd/etcd-backend.js';
import { MemoryBackend } from '../../src/storage/memory/memory-backend.js';
import { SqliteBackend } from '../../src/storage/sqlite/sqlite-backend.js';
import { type EtcdServer, startEtcd } from '../../test/support/etcd-server.js';
import { formatTable, rssMb } from '../support/stats.js';
import { backendTarget } from './backend-target.js';
import { rawEtcdTarget } from './raw-etcd-target.js';
import type { StorageTarget } from './target.js';
import {
  benchCreate,
  benchGet,
  benchList,
  benchUpdate,
  benchWatch,
  type StorageResult,
  type WorkloadSizes,
} from './workloads.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    backends: { type: 'string', default: 'memory,sqlite,etcd,etcd-raw' },
  },
});

const sizes: WorkloadSizes = values.quick
  ? {
      writeMs: 500,
      readMs: 300,
      listKeys: 10_000,
      listRepeats: 5,
      watchers: 100,
      watchMs: 600,
      valueBytes: 1024,
    }
  : {
      writeMs: 3000,
      readMs: 2000,
      listKeys: 10_000,
      listRepeats: 20,
      watchers: 100,
      watchMs: 3000,
      valueBytes: 1024,
    };
const writerCounts = [1, 16, 256];
const wanted = values.backends.split(',').map((s) => s.trim());

const log = (msg: string) => {
  if (!values.json) process.stderr.write(`${msg}\n`);
};

async function measure(target: StorageTarget): Promise<StorageResult[]> {
  const run = `${target.name}-${Date.now()}`;
  const out: StorageResult[] = [];
  for (const c of writerCounts) out.push(await benchCreate(target, run, c, sizes));
  for (const c of writerCounts) out.push(await benchUpdate(target, run, c, sizes));
  out.push(await benchGet(target, run, 1, sizes));
  out.push(await benchGet(target, run, 16, sizes));
  out.push(await benchList(target, run, sizes));
  out.push(await benchWatch(target, run, sizes));
  return out;
}

async function main(): Promise<void> {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-bench-storage-'));
  let etcd: EtcdServer | undefined;
  const results: StorageResult[] = [];
  try {
    if (wanted.includes('etcd') || wanted.includes('etcd-raw')) etcd = await startEtcd({ name: 'bench' });
    for (const name of wanted) {
      log(`measuring ${name} ...`);
      let target: StorageTarget;
      switch (name) {
        case 'memory':
          target = backendTarget(name, new MemoryBackend());
          break;
        case 'sqlite':
          target = backendTarget(name, await SqliteBackend.open({ path: join(dir, 'bench.db') }));
          break;
        case 'etcd':
          target = backendTarget(name, await EtcdBackend.open({ endpoints: [etcd!.endpoint] }));
          break;
        case 'etcd-raw':
          target = rawEtcdTarget(etcd!.endpoint);
          break;
        default:
          throw new Error(`unknown backend ${name}`);
      }
      try {
        results.push(...(await measure(target)));
      } finally {
        await target.close();
      }
    }
  } finally {
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const reference = new Map(
    results.filter((r) => r.backend === 'etcd-raw').map((r) => [`${r.op}/${r.concurrency}`, r.ops_per_s]),
  );
  const withRatio = results.map((r) => {
    const ref = reference.get(`${r.op}/${r.concurrency}`);
    return ref ? { ...r, ratio_to_etcd_raw: Math.round((r.ops_per_s / ref) * 100) / 100 } : r;
  });
  if (values.json) {
    for (const r of withRatio) console.log(JSON.stringify(r));
    console.log(
      JSON.stringify({
        name: 'process',
        rss_mb: rssMb(),
        seconds: Math.round((Date.now() - started) / 100) / 10,
      }),
    );
  } else {
    console.log(
      formatTable(
        ['backend', 'op', 'concurrency', 'ops_per_s', 'p50_ms', 'p99_ms', 'ratio_to_etcd_raw'],
        withRatio,
      ),
    );
    console.log(`\nrss ${rssMb()} MiB, ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
