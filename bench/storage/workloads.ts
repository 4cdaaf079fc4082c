import { setMaxListeners } from 'node:events';
import { elapsedMs, summarise } from '../support/stats.js';
import type { StorageTarget } from './target.js';

/** One measured line of the storage benchmark (the `--json` object). */
export interface StorageResult {
  readonly backend: string;
  readonly op: string;
  readonly concurrency: number;
  readonly ops_per_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly [extra: string]: string | number;
}

/** How long and how big each workload runs. */
export interface WorkloadSizes {
  readonly writeMs: number;
  readonly readMs: number;
  readonly listKeys: number;
  readonly listRepeats: number;
  readonly watchers: number;
  readonly watchMs: number;
  readonly valueBytes: number;
}

const value = (bytes: number, seed: number): Uint8Array => {
  const v = new Uint8Array(bytes);
  v.fill(97 + (seed % 26));
  return v;
};

/** Runs `workers` loops until `ms` elapsed, timing each call of `op(worker, i)`. */
async function closedLoop(
  workers: number,
  ms: number,
  op: (worker: number, i: number) => Promise<void>,
): Promise<{ ops: number; seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  const deadline = Date.now() + ms;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const t = process.hrtime.bigint();
        await op(w, i);
        latencies.push(elapsedMs(t));
      }
    }),
  );
  return { ops: latencies.length, seconds: elapsedMs(start) / 1000, latencies };
}

function result(
  backend: string,
  op: string,
  concurrency: number,
  r: { ops: number; seconds: number; latencies: number[] },
): StorageResult {
  const s = summarise(r.latencies);
  return {
    backend,
    op,
    concurrency,
    ops_per_s: Math.round(r.ops / r.seconds),
    p50_ms: s.p50_ms,
    p99_ms: s.p99_ms,
  };
}

/** Creates of fresh keys by `concurrency` writers. */
export async function benchCreate(
  t: StorageTarget,
  run: string,
  concurrency: number,
  sizes: WorkloadSizes,
): Promise<StorageResult> {
  const v = value(sizes.valueBytes, concurrency);
  const r = await closedLoop(concurrency, sizes.writeMs, async (w, i) => {
    await t.create(`/bench/${run}/create-${concurrency}/${w}/${i}`, v);
  });
  return result(t.name, 'create', concurrency, r);
}

/** Compare-and-swap updates, each writer on its own key (no conflicts: this measures the write path). */
export async function benchUpdate(
  t: StorageTarget,
  run: string,
  concurrency: number,
  sizes: WorkloadSizes,
): Promise<StorageResult> {
  const revs = await Promise.all(
    Array.from({ length: concurrency }, (_, w) =>
      t.create(`/bench/${run}/update-${concurrency}/${w}`, value(sizes.valueBytes, w)),
    ),
  );
  const r = await closedLoop(concurrency, sizes.writeMs, async (w, i) => {
    const next = await t.update(
      `/bench/${run}/update-${concurrency}/${w}`,
      value(sizes.valueBytes, i),
      revs[w]!,
    );
    if (next === undefined) throw new Error(`unexpected conflict on writer ${w}`);
    revs[w] = next;
  });
  return result(t.name, 'update', concurrency, r);
}

/** Point reads of existing keys by `concurrency` readers. */
export async function benchGet(
  t: StorageTarget,
  run: string,
  concurrency: number,
  sizes: WorkloadSizes,
): Promise<StorageResult> {
  const keys = 256;
  await Promise.all(
    Array.from({ length: keys }, (_, i) =>
      t.create(`/bench/${run}/get-${concurrency}/${i}`, value(sizes.valueBytes, i)),
    ),
  );
  const r = await closedLoop(concurrency, sizes.readMs, async (w, i) => {
    const rev = await t.get(`/bench/${run}/get-${concurrency}/${(w * 31 + i) % keys}`);
    if (rev === undefined) throw new Error('missing key in get benchmark');
  });
  return result(t.name, 'get', concurrency, r);
}

/** Full lists of a prefix holding `sizes.listKeys` keys; ops_per_s is lists per second. */
export async function benchList(t: StorageTarget, run: string, sizes: WorkloadSizes): Promise<StorageResult> {
  const prefix = `/bench/${run}/list/`;
  const fillers = 128;
  let next = 0;
  await Promise.all(
    Array.from({ length: fillers }, async () => {
      for (let i = next++; i < sizes.listKeys; i = next++)
        await t.create(`${prefix}${String(i).padStart(6, '0')}`, value(sizes.valueBytes, i));
    }),
  );
  // One untimed list first: it prepares statements and warms caches, as any long-running server has.
  await t.list(prefix);
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < sizes.listRepeats; i++) {
    const t0 = process.hrtime.bigint();
    const n = await t.list(prefix);
    latencies.push(elapsedMs(t0));
    if (n !== sizes.listKeys) throw new Error(`list returned ${n} keys, expected ${sizes.listKeys}`);
  }
  const r = { ops: latencies.length, seconds: elapsedMs(start) / 1000, latencies };
  return { ...result(t.name, `list-${sizes.listKeys}`, 1, r) };
}

/**
 * One writer, many watchers: every event must reach every watcher. Reports events delivered per
 * second (summed over watchers) and the delivery lag from the write's start to each arrival.
 */
export async function benchWatch(
  t: StorageTarget,
  run: string,
  sizes: WorkloadSizes,
): Promise<StorageResult> {
  const prefix = `/bench/${run}/watch/`;
  const controller = new AbortController();
  // One signal ends all watchers, so it legitimately has many listeners.
  setMaxListeners(0, controller.signal);
  const sentAt = new Map<string, bigint>();
  const lags: number[] = [];
  let delivered = 0;
  const seenReady = new Set<number>();
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (readyResolve = r));
  await Promise.all(
    Array.from({ length: sizes.watchers }, (_, w) =>
      t.watch(
        prefix,
        (key) => {
          if (key.endsWith('/ready')) {
            seenReady.add(w);
            if (seenReady.size === sizes.watchers) readyResolve();
            return;
          }
          const sent = sentAt.get(key);
          if (sent !== undefined) lags.push(Number(process.hrtime.bigint() - sent) / 1e6);
          delivered++;
        },
        controller.signal,
      ),
    ),
  );
  // Every watcher must be live before measuring: wait until all of them saw a sentinel write.
  await t.create(`${prefix}ready`, value(8, 0));
  await ready;
  const start = process.hrtime.bigint();
  const deadline = Date.now() + sizes.watchMs;
  let writes = 0;
  while (Date.now() < deadline) {
    const key = `${prefix}${writes++}`;
    sentAt.set(key, process.hrtime.bigint());
    await t.create(key, value(sizes.valueBytes, writes));
  }
  const expected = writes * sizes.watchers;
  const drainDeadline = Date.now() + 10_000;
  while (delivered < expected && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 5));
  const seconds = elapsedMs(start) / 1000;
  controller.abort();
  if (delivered < expected) throw new Error(`watch delivered ${delivered} of ${expected} events`);
  const s = summarise(lags);
  return {
    backend: t.name,
    op: `watch-fanout-${sizes.watchers}`,
    concurrency: 1,
    ops_per_s: Math.round(delivered / seconds),
    p50_ms: s.p50_ms,
    p99_ms: s.p99_ms,
    writes_per_s: Math.round(writes / seconds),
  };
}
