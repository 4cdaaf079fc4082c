import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { KeyValue } from '../backend.js';
import { describeBackendConformance } from '../conformance/backend-conformance.js';
import { isStorageError } from '../errors.js';
import type { CompactionClock } from './compaction-schedule.js';
import { SqliteBackend } from './sqlite-backend.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempFile = (): string => path.join(dir, `store-${++files}.db`);

async function mustWrite(p: Promise<{ succeeded: boolean }>): Promise<KeyValue> {
  const r = (await p) as { succeeded: boolean; kv?: KeyValue };
  assert.equal(r.succeeded, true, 'write should succeed');
  return r.kv!;
}

async function rejectsWith(p: Promise<unknown>, code: string, mentions?: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(isStorageError(err, code as never), `expected StorageError ${code}, got ${String(err)}`);
    if (mentions !== undefined)
      assert.ok(err.message.includes(mentions), `${err.message} should name ${mentions}`);
    return true;
  });
}

/** A clock the test moves by hand; timers fire synchronously inside advance(). */
class FakeClock implements CompactionClock {
  private time = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.time;
  }
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fn();
    }
    this.time = until;
  }
}

// Opens the file in a separate node process and reports what happened, as JSON on stdout.
function openFromChild(file: string): Promise<{ ok: boolean; code?: string; message?: string }> {
  const backendUrl = new URL('./sqlite-backend.js', import.meta.url).href;
  const script = `
    import { SqliteBackend } from ${JSON.stringify(backendUrl)};
    try {
      const b = await SqliteBackend.open({ path: ${JSON.stringify(file)}, compaction: false });
      await b.close();
      console.log(JSON.stringify({ ok: true }));
    } catch (err) {
      console.log(JSON.stringify({ ok: false, code: err.code, message: err.message }));
    }`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], (err, stdout) => {
      if (err) reject(err);
      else resolve(JSON.parse(stdout.trim()) as { ok: boolean; code?: string; message?: string });
    });
  });
}

describeBackendConformance('sqlite', () => SqliteBackend.open({ path: tempFile(), compaction: false }));

describe('SqliteBackend', () => {
  it('lets only one opener own a file, in this process and in another', async () => {
    const file = tempFile();
    const owner = await SqliteBackend.open({ path: file, compaction: false });
    await mustWrite(owner.create('/a', enc('1')));
    await rejectsWith(SqliteBackend.open({ path: file, compaction: false }), 'Locked', file);
    const child = await openFromChild(file);
    assert.equal(child.ok, false);
    assert.equal(child.code, 'Locked');
    assert.ok(child.message?.includes(file));
    // The failed openers did not disturb the owner.
    await mustWrite(owner.create('/b', enc('2')));
    await owner.close();
    assert.deepEqual(await openFromChild(file), { ok: true });
    const again = await SqliteBackend.open({ path: file, compaction: false });
    assert.equal((await again.list('/')).items.length, 2);
    await again.close();
  });

  it('rejects a garbage file as Corrupt and leaves it unchanged', async () => {
    const file = tempFile();
    const garbage = Buffer.alloc(8192);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
    writeFileSync(file, garbage);
    await rejectsWith(SqliteBackend.open({ path: file }), 'Corrupt', file);
    assert.ok(readFileSync(file).equals(garbage));
    assert.equal(existsSync(`${file}-wal`), false);
    assert.equal(existsSync(`${file}-journal`), false);
  });

  it('rejects a foreign SQLite database as Corrupt and leaves it unchanged', async () => {
    const file = tempFile();
    const foreign = new Database(file);
    foreign.exec(
      `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')`,
    );
    foreign.close();
    const before = readFileSync(file);
    await rejectsWith(SqliteBackend.open({ path: file }), 'Corrupt', file);
    assert.ok(readFileSync(file).equals(before));
    const check = new Database(file, { readonly: true });
    assert.deepEqual(check.prepare('SELECT name FROM users').pluck().all(), ['ada']);
    check.close();
  });

  it('names the file when it cannot be created', async () => {
    const file = path.join(dir, 'no-such-dir', 'x.db');
    await rejectsWith(SqliteBackend.open({ path: file }), 'Unavailable', file);
  });

  it('keeps data across reopen and never reuses a revision', async () => {
    const file = tempFile();
    let store = await SqliteBackend.open({ path: file, compaction: false });
    const a = await mustWrite(store.create('/k/a', enc('a1')));
    await mustWrite(store.update('/k/a', enc('a2'), a.modRevision));
    const b = await mustWrite(store.create('/k/b', enc('b1')));
    // A trailing delete that compaction removes must not let its revision be handed out again.
    const d = await store.delete('/k/b', b.modRevision);
    assert.ok(d.succeeded);
    await store.compact(d.revision);
    await store.close();

    store = await SqliteBackend.open({ path: file, compaction: false });
    assert.equal(await store.currentRevision(), d.revision);
    assert.equal(await store.compactedRevision(), d.revision);
    assert.equal(dec((await store.get('/k/a'))!.value), 'a2');
    assert.equal(await store.get('/k/b'), undefined);
    const c = await mustWrite(store.create('/k/c', enc('c1')));
    assert.equal(c.modRevision, d.revision + 1);
    await store.close();

    store = await SqliteBackend.open({ path: file, compaction: false });
    assert.equal(await store.currentRevision(), c.modRevision);
    assert.deepEqual(
      (await store.list('/k/')).items.map((kv) => [kv.key, dec(kv.value)]),
      [
        ['/k/a', 'a2'],
        ['/k/c', 'c1'],
      ],
    );
    await store.close();
  });

  it('rejects calls after close with Closed and ends watches cleanly', async () => {
    const store = await SqliteBackend.open({ path: tempFile(), compaction: false });
    const stream = store.watch('/');
    const pending = store.create('/queued', enc('x'));
    await store.close();
    assert.ok((await pending).succeeded, 'a write queued before close still commits');
    const seen: unknown[] = [];
    for await (const batch of stream) seen.push(...batch);
    assert.equal(seen.length, 1);
    await rejectsWith(store.get('/queued'), 'Closed');
    await rejectsWith(store.create('/x', enc('x')), 'Closed');
  });

  it('commits concurrent writes as groups, each compare-and-swap in arrival order', async () => {
    const store = await SqliteBackend.open({ path: tempFile(), compaction: false });
    const first = await mustWrite(store.create('/g/k', enc('0')));
    // All in one tick: one group. Only the first update guarded by `first` may win.
    const results = await Promise.all([
      store.update('/g/k', enc('1'), first.modRevision),
      store.update('/g/k', enc('2'), first.modRevision),
      store.create('/g/k', enc('3')),
      store.create('/g/other', enc('4')),
      store.delete('/g/k', first.modRevision + 1),
    ]);
    assert.deepEqual(
      results.map((r) => r.succeeded),
      [true, false, false, true, true],
    );
    assert.equal(await store.currentRevision(), first.modRevision + 3);
    assert.equal(await store.get('/g/k'), undefined);
    await store.close();
  });

  it('shows a committed write to reads and watches only once its WAL sync completed', async () => {
    const store = await SqliteBackend.open({ path: tempFile(), compaction: false });
    const before = await store.currentRevision();
    const seen: string[] = [];
    const controller = new AbortController();
    const watching = (async () => {
      for await (const batch of store.watch('/d/', { signal: controller.signal })) {
        seen.push(...batch.map((e) => e.kv.key));
      }
    })();
    const write = store.create('/d/x', enc('1'));
    // The group commits in this turn's setImmediate; its sync completes on the thread pool later.
    await new Promise(setImmediate);
    assert.equal(await store.get('/d/x'), undefined);
    assert.equal(await store.currentRevision(), before);
    assert.deepEqual(seen, []);
    const kv = await mustWrite(write);
    assert.equal(await store.currentRevision(), kv.modRevision);
    assert.equal(dec((await store.get('/d/x'))!.value), '1');
    while (seen.length === 0) await new Promise(setImmediate);
    assert.deepEqual(seen, ['/d/x']);
    controller.abort();
    await watching;
    await store.close();
  });

  it('compacts in batches without stalling writers, keeping reads at the compaction point', async () => {
    const store = await SqliteBackend.open({ path: tempFile(), compaction: { batchSize: 20 } });
    let kv = await mustWrite(store.create('/c/hot', enc('0')));
    for (let i = 1; i <= 300; i++)
      kv = await mustWrite(store.update('/c/hot', enc(String(i)), kv.modRevision));
    const gone = await mustWrite(store.create('/c/gone', enc('x')));
    assert.ok((await store.delete('/c/gone', gone.modRevision)).succeeded);
    // Enough dead rows that the purge takes many batches, each yielding the thread: a write
    // acknowledged after its WAL sync still finishes long before the purge does.
    const dead = await Promise.all(
      Array.from({ length: 3000 }, (_, i) => mustWrite(store.create(`/c/dead-${i}`, enc('d')))),
    );
    await Promise.all(dead.map((d) => store.delete(d.key, d.modRevision)));
    const keep = await mustWrite(store.create('/c/keep', enc('k')));
    const point = await store.currentRevision();
    assert.equal(store.stats().rows, 6304);

    let compacted = false;
    const compaction = store.compact(point).then(() => (compacted = true));
    // Issued after compaction started, yet done long before it: the purge yields between batches.
    const during = await mustWrite(store.update('/c/keep', enc('k2'), keep.modRevision));
    assert.equal(compacted, false);
    await compaction;

    const stats = store.stats();
    // Left: the latest hot row, the keep row at the compaction point, and the write made during it.
    assert.equal(stats.rows, 3);
    assert.equal(stats.compactedThrough, point - 1);
    assert.equal(dec((await store.get('/c/hot', { revision: point }))!.value), '300');
    assert.equal(dec((await store.get('/c/keep', { revision: point }))!.value), 'k');
    assert.equal(await store.get('/c/gone', { revision: point }), undefined);
    assert.equal((await store.list('/c/', { revision: point })).items.length, 2);
    await rejectsWith(store.get('/c/hot', { revision: point - 1 }), 'Compacted');
    // The watch from the compaction point sees the write at it (with its previous value) and later ones.
    const events: string[] = [];
    const controller = new AbortController();
    for await (const batch of store.watch('/c/', { startRevision: point, signal: controller.signal })) {
      events.push(...batch.map((e) => `${e.type} ${e.kv.key} ${e.kv.modRevision}`));
      if (events.length >= 2) controller.abort();
    }
    assert.deepEqual(events, [`put /c/keep ${point}`, `put /c/keep ${during.modRevision}`]);
    await store.close();
  });

  it('automatic compaction drops old history but keeps the configured window', async () => {
    const clock = new FakeClock();
    const file = tempFile();
    const store = await SqliteBackend.open({
      path: file,
      clock,
      compaction: { intervalMs: 1000, retainMs: 5000, batchSize: 7 },
    });
    let kv = await mustWrite(store.create('/w/k', enc('0')));
    for (let i = 1; i < 50; i++) kv = await mustWrite(store.update('/w/k', enc(String(i)), kv.modRevision));
    clock.advance(1000); // t=1000: notes revision 50
    const old = await store.currentRevision();
    for (let i = 50; i < 100; i++) kv = await mustWrite(store.update('/w/k', enc(String(i)), kv.modRevision));
    clock.advance(3000); // t=4000: nothing is 5 s old yet
    await store.compactionIdle();
    assert.equal(await store.compactedRevision(), 0);
    assert.equal(store.stats().rows, 100);

    clock.advance(2000); // t=6000: the note from t=1000 is old enough
    await store.compactionIdle();
    assert.equal(await store.compactedRevision(), old);
    // Rows below the point were superseded; the point's own predecessor goes with the next compaction.
    assert.equal(store.stats().rows, 100 - old + 2);
    // The window (everything since t=1000) is still readable, revision by revision.
    for (let rev = old; rev <= 100; rev++) {
      assert.equal(dec((await store.get('/w/k', { revision: rev }))!.value), String(rev - 1));
    }
    await rejectsWith(store.get('/w/k', { revision: old - 1 }), 'Compacted');
    await store.close();

    // The compaction point survives a restart.
    const reopened = await SqliteBackend.open({ path: file, compaction: false });
    assert.equal(await reopened.compactedRevision(), old);
    await rejectsWith(reopened.list('/w/', { revision: old - 1 }), 'Compacted');
    await reopened.close();
  });

  it('lists 10,000 keys whole and in pages (timing lives in npm run bench:storage)', async () => {
    const store = await SqliteBackend.open({ path: tempFile(), compaction: false });
    const value = new Uint8Array(1024).fill(120);
    for (let i = 0; i < 10_000; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          mustWrite(store.create(`/l/${String(i + j).padStart(5, '0')}`, value)),
        ),
      );
    }
    const got = await store.list('/l/');
    assert.equal(got.items.length, 10_000);
    assert.equal(got.items[9_999]!.key, '/l/09999');
    const page = await store.list('/l/', { limit: 500 });
    assert.equal(page.count, 10_000);
    assert.equal(page.items[499]!.key, '/l/00499');
    await store.close();
  });

  it('lists and watches the empty prefix and non-ASCII prefixes in UTF-8 byte order', async () => {
    const store = await SqliteBackend.open({ path: tempFile(), compaction: false });
    const stream = store.watch('', { startRevision: 1 });
    for (const key of ['/a', '\u{10FFFF}x', 'é', '\uFFFFz', '\u{1F600}'])
      await mustWrite(store.create(key, enc(key)));
    assert.deepEqual(
      (await store.list('')).items.map((kv) => kv.key),
      ['/a', 'é', '\uFFFFz', '\u{1F600}', '\u{10FFFF}x'],
    );
    assert.deepEqual(
      (await store.list('\uFFFF')).items.map((kv) => kv.key),
      ['\uFFFFz'],
    );
    assert.equal((await store.list('', { limit: 2.5 })).items.length, 2);
    const events: string[] = [];
    for await (const batch of stream) {
      events.push(...batch.map((e) => e.kv.key));
      if (events.length === 5) break;
    }
    assert.equal(events.length, 5);
    await store.close();
  });

  it('rejects invalid keys and oversize values before they reach the file', async () => {
    const store = await SqliteBackend.open({ path: tempFile(), compaction: false });
    await rejectsWith(store.create('', enc('x')), 'InvalidKey');
    await rejectsWith(store.create('/nul\0', enc('x')), 'InvalidKey');
    await rejectsWith(store.create('/big', new Uint8Array(2 * 1024 * 1024)), 'ValueTooLarge');
    assert.equal(store.stats().rows, 0);
    assert.equal(await store.currentRevision(), 0);
    await store.close();
  });
});
