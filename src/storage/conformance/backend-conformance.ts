/**
 * The one behaviour suite every Backend must pass unchanged (memory, sqlite, etcd). Each backend's
 * test file calls `describeBackendConformance` with a factory that opens a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Backend, KeyValue, WatchEvent, WatchStream } from '../backend.js';
import { maxValueBytes } from '../backend.js';
import { isStorageError } from '../errors.js';

/** Opens a fresh, empty backend for one test; `close` is called by the suite. */
export type BackendFactory = () => Promise<Backend>;

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Reads batches until `count` events arrived or `timeoutMs` passed; returns what arrived. */
export async function collectEvents(
  stream: WatchStream,
  count: number,
  timeoutMs = 5000,
): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  const it = stream[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), remaining)));
    const res = await Promise.race([it.next(), timeout]);
    clearTimeout(timer);
    if (res === 'timeout' || res.done) break;
    out.push(...res.value);
  }
  await it.return?.();
  return out;
}

async function mustWrite(p: Promise<{ succeeded: boolean }>): Promise<KeyValue> {
  const r = (await p) as { succeeded: boolean; kv?: KeyValue };
  assert.equal(r.succeeded, true, 'write should succeed');
  return r.kv as KeyValue;
}

async function rejectsWithCode(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  await assert.rejects(
    async () => (typeof p === 'function' ? p() : p),
    (err: unknown) => isStorageError(err) && err.code === code,
  );
}

/** Registers the conformance tests for one backend. */
export function describeBackendConformance(name: string, open: BackendFactory): void {
  describe(`Backend conformance: ${name}`, () => {
    let store: Backend;
    let n = 0;
    // Each test works under its own prefix so one store can serve the whole suite quickly.
    const ns = () => `/t${++n}/`;
    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    it('advances one global revision by exactly one per write', async () => {
      const p = ns();
      const r0 = await store.currentRevision();
      const a = await mustWrite(store.create(`${p}a`, enc('1')));
      const b = await mustWrite(store.create(`${p}b`, enc('1')));
      const a2 = await mustWrite(store.update(`${p}a`, enc('2'), a.modRevision));
      const d = await store.delete(`${p}b`, b.modRevision);
      assert.ok(d.succeeded);
      assert.deepEqual(
        [a.modRevision, b.modRevision, a2.modRevision, d.revision],
        [r0 + 1, r0 + 2, r0 + 3, r0 + 4],
      );
      assert.equal(a2.createRevision, a.createRevision);
      assert.equal(await store.currentRevision(), r0 + 4);
    });

    it('create fails when the key exists and returns the current value', async () => {
      const p = ns();
      const first = await mustWrite(store.create(`${p}k`, enc('one')));
      const again = await store.create(`${p}k`, enc('two'));
      assert.equal(again.succeeded, false);
      assert.ok(!again.succeeded && again.current);
      assert.equal(dec(again.current.value), 'one');
      assert.equal(again.current.modRevision, first.modRevision);
      const got = await store.get(`${p}k`);
      assert.equal(dec(got!.value), 'one');
    });

    it('create after delete makes a new key with a new create revision', async () => {
      const p = ns();
      const first = await mustWrite(store.create(`${p}k`, enc('one')));
      assert.ok((await store.delete(`${p}k`)).succeeded);
      const second = await mustWrite(store.create(`${p}k`, enc('two')));
      assert.ok(second.createRevision > first.createRevision);
      assert.equal(second.createRevision, second.modRevision);
    });

    it('update and delete are compare-and-swap on the mod revision', async () => {
      const p = ns();
      const v1 = await mustWrite(store.create(`${p}k`, enc('v1')));
      const v2 = await mustWrite(store.update(`${p}k`, enc('v2'), v1.modRevision));
      const stale = await store.update(`${p}k`, enc('v3'), v1.modRevision);
      assert.equal(stale.succeeded, false);
      assert.ok(!stale.succeeded && stale.current);
      assert.equal(dec(stale.current.value), 'v2');
      assert.equal(stale.current.modRevision, v2.modRevision);
      const staleDelete = await store.delete(`${p}k`, v1.modRevision);
      assert.ok(!staleDelete.succeeded && staleDelete.current);
      assert.equal(dec(staleDelete.current.value), 'v2');
      assert.equal(dec((await store.get(`${p}k`))!.value), 'v2');
      const missing = await store.update(`${p}missing`, enc('x'), 5);
      assert.equal(missing.succeeded, false);
      assert.ok(!missing.succeeded && missing.current === undefined);
      const missingDelete = await store.delete(`${p}missing`);
      assert.ok(!missingDelete.succeeded && missingDelete.current === undefined);
    });

    it('delete returns the previous value', async () => {
      const p = ns();
      const kv = await mustWrite(store.create(`${p}k`, enc('gone soon')));
      const d = await store.delete(`${p}k`, kv.modRevision);
      assert.ok(d.succeeded);
      assert.equal(dec(d.prevKv.value), 'gone soon');
      assert.equal(d.prevKv.modRevision, kv.modRevision);
      assert.equal(d.prevKv.createRevision, kv.createRevision);
      assert.equal(await store.get(`${p}k`), undefined);
    });

    it('reads a key and a prefix as they were at a past revision', async () => {
      const p = ns();
      const before = await store.currentRevision();
      const a1 = await mustWrite(store.create(`${p}a`, enc('a1')));
      await mustWrite(store.create(`${p}b`, enc('b1')));
      const mid = await store.currentRevision();
      await mustWrite(store.update(`${p}a`, enc('a2'), a1.modRevision));
      assert.ok((await store.delete(`${p}b`)).succeeded);
      await mustWrite(store.create(`${p}c`, enc('c1')));

      assert.equal(await store.get(`${p}a`, { revision: before }), undefined);
      assert.equal(dec((await store.get(`${p}a`, { revision: mid }))!.value), 'a1');
      assert.equal(dec((await store.get(`${p}b`, { revision: mid }))!.value), 'b1');
      assert.equal(await store.get(`${p}b`), undefined);

      const past = await store.list(p, { revision: mid });
      assert.equal(past.revision, mid);
      assert.deepEqual(
        past.items.map((kv) => [kv.key, dec(kv.value)]),
        [
          [`${p}a`, 'a1'],
          [`${p}b`, 'b1'],
        ],
      );
      const now = await store.list(p);
      assert.deepEqual(
        now.items.map((kv) => [kv.key, dec(kv.value)]),
        [
          [`${p}a`, 'a2'],
          [`${p}c`, 'c1'],
        ],
      );
      assert.equal(now.revision, await store.currentRevision());
    });

    it('a read at a future revision fails', async () => {
      const cur = await store.currentRevision();
      await rejectsWithCode(store.get('/x', { revision: cur + 100 }), 'FutureRevision');
      await rejectsWithCode(store.list('/x/', { revision: cur + 100 }), 'FutureRevision');
    });

    it('pages a list with limit and continue, pinned to the first page revision', async () => {
      const p = ns();
      for (let i = 0; i < 25; i++)
        await mustWrite(store.create(`${p}${String(i).padStart(2, '0')}`, enc(`v${i}`)));
      const page1 = await store.list(p, { limit: 10 });
      assert.equal(page1.items.length, 10);
      assert.equal(page1.count, 25);
      assert.ok(page1.continue);
      // Writes between pages must not show up in later pages of the same list.
      await mustWrite(store.create(`${p}15x`, enc('late')));
      const k20 = (await store.get(`${p}20`))!;
      await mustWrite(store.update(`${p}20`, enc('changed'), k20.modRevision));
      const page2 = await store.list(p, { limit: 10, continue: page1.continue });
      assert.equal(page2.revision, page1.revision);
      assert.equal(page2.count, 15);
      const page3 = await store.list(p, { limit: 10, continue: page2.continue! });
      assert.equal(page3.items.length, 5);
      assert.equal(page3.count, 5);
      assert.equal(page3.continue, undefined);
      const all = [...page1.items, ...page2.items, ...page3.items];
      assert.deepEqual(
        all.map((kv) => dec(kv.value)),
        Array.from({ length: 25 }, (_, i) => `v${i}`),
      );
      const counted = await store.list(p, { countOnly: true });
      assert.equal(counted.count, 26);
      assert.equal(counted.items.length, 0);
    });

    it('rejects a continue token that is garbage or from another prefix', async () => {
      const p = ns();
      for (let i = 0; i < 3; i++) await mustWrite(store.create(`${p}${i}`, enc('x')));
      const page = await store.list(p, { limit: 1 });
      await rejectsWithCode(store.list(p, { continue: 'not-a-token' }), 'InvalidContinue');
      await rejectsWithCode(store.list('/other/', { continue: page.continue! }), 'InvalidContinue');
    });

    it('keeps prefixes apart: /a/ never matches /ab', async () => {
      const p = ns();
      await mustWrite(store.create(`${p}a/1`, enc('in')));
      await mustWrite(store.create(`${p}ab`, enc('out')));
      await mustWrite(store.create(`${p}ab/1`, enc('out')));
      await mustWrite(store.create(`${p}a`, enc('out')));
      const got = await store.list(`${p}a/`);
      assert.deepEqual(
        got.items.map((kv) => kv.key),
        [`${p}a/1`],
      );
      const controller = new AbortController();
      const stream = store.watch(`${p}a/`, { signal: controller.signal });
      await mustWrite(store.create(`${p}ab/2`, enc('out')));
      await mustWrite(store.create(`${p}a/2`, enc('in')));
      const events = await collectEvents(stream, 1, 3000);
      controller.abort();
      assert.deepEqual(
        events.map((e) => e.kv.key),
        [`${p}a/2`],
      );
    });

    it('watch from a past revision delivers every event once, in order, then live events', async () => {
      const p = ns();
      const start = (await store.currentRevision()) + 1;
      const a = await mustWrite(store.create(`${p}a`, enc('a1')));
      await mustWrite(store.update(`${p}a`, enc('a2'), a.modRevision));
      await mustWrite(store.create(`${p}b`, enc('b1')));
      assert.ok((await store.delete(`${p}b`)).succeeded);
      const stream = store.watch(p, { startRevision: start });
      const pending = collectEvents(stream, 6);
      await mustWrite(store.create(`${p}c`, enc('c1')));
      await mustWrite(store.create(`${p}d`, enc('d1')));
      const events = await pending;
      assert.deepEqual(
        events.map((e) => [e.type, e.kv.key, dec(e.kv.value), e.prevKv ? dec(e.prevKv.value) : null]),
        [
          ['put', `${p}a`, 'a1', null],
          ['put', `${p}a`, 'a2', 'a1'],
          ['put', `${p}b`, 'b1', null],
          ['delete', `${p}b`, '', 'b1'],
          ['put', `${p}c`, 'c1', null],
          ['put', `${p}d`, 'd1', null],
        ],
      );
      const revs = events.map((e) => e.kv.modRevision);
      assert.deepEqual(
        revs,
        revs.map((_, i) => start + i),
      );
    });

    it('a watch without a start revision sees only later events', async () => {
      const p = ns();
      await mustWrite(store.create(`${p}old`, enc('x')));
      const stream = store.watch(p);
      const pending = collectEvents(stream, 1);
      await mustWrite(store.create(`${p}new`, enc('y')));
      const events = await pending;
      assert.deepEqual(
        events.map((e) => e.kv.key),
        [`${p}new`],
      );
    });

    it('an aborted watch ends cleanly', async () => {
      const controller = new AbortController();
      const stream = store.watch(ns(), { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const seen: unknown[] = [];
      for await (const batch of stream) seen.push(batch);
      assert.deepEqual(seen, []);
    });

    it('compaction makes older revisions unreadable with a distinct error', async () => {
      const p = ns();
      const v1 = await mustWrite(store.create(`${p}k`, enc('v1')));
      const v2 = await mustWrite(store.update(`${p}k`, enc('v2'), v1.modRevision));
      await mustWrite(store.create(`${p}other`, enc('o')));
      const compactAt = await store.currentRevision();
      await store.compact(compactAt);
      assert.equal(await store.compactedRevision(), compactAt);
      await rejectsWithCode(store.get(`${p}k`, { revision: v1.modRevision }), 'Compacted');
      await rejectsWithCode(store.list(p, { revision: v1.modRevision }), 'Compacted');
      const stream = store.watch(p, { startRevision: v1.modRevision });
      await assert.rejects(
        async () => {
          for await (const _ of stream) {
            /* the error comes before any event */
          }
        },
        (err: unknown) => isStorageError(err, 'Compacted'),
      );
      // Data at and after the compaction point is intact.
      assert.equal(dec((await store.get(`${p}k`, { revision: compactAt }))!.value), 'v2');
      assert.equal((await store.get(`${p}k`))!.modRevision, v2.modRevision);
      assert.equal((await store.list(p, { revision: compactAt })).items.length, 2);
      const next = await mustWrite(store.update(`${p}k`, enc('v3'), v2.modRevision));
      assert.equal(next.modRevision, compactAt + 1);
    });

    it('accepts values up to the size limit and rejects larger ones with a clear error', async () => {
      const p = ns();
      const big = new Uint8Array(maxValueBytes).fill(7);
      const kv = await mustWrite(store.create(`${p}big`, big));
      const back = await store.get(`${p}big`);
      assert.equal(back!.value.byteLength, maxValueBytes);
      assert.ok(Buffer.from(back!.value).equals(Buffer.from(big)));
      await rejectsWithCode(store.create(`${p}huge`, new Uint8Array(maxValueBytes + 1)), 'ValueTooLarge');
      await rejectsWithCode(
        store.update(`${p}big`, new Uint8Array(maxValueBytes + 1), kv.modRevision),
        'ValueTooLarge',
      );
      assert.equal(await store.get(`${p}huge`), undefined);
      assert.equal((await store.get(`${p}big`))!.modRevision, kv.modRevision);
    });

    it('rejects empty keys and keys containing NUL', async () => {
      await rejectsWithCode(store.create('', enc('x')), 'InvalidKey');
      await rejectsWithCode(store.create('/a\0b', enc('x')), 'InvalidKey');
      await rejectsWithCode(store.get(''), 'InvalidKey');
      await rejectsWithCode(store.update('/a\0', enc('x'), 1), 'InvalidKey');
      await rejectsWithCode(store.delete(''), 'InvalidKey');
      await rejectsWithCode(store.list('/a\0'), 'InvalidKey');
    });

    it('concurrent compare-and-swap writers lose no update', async () => {
      const p = ns();
      const counters = 4;
      const writers = 16;
      const incrementsPerWriter = 10;
      for (let c = 0; c < counters; c++) await mustWrite(store.create(`${p}c${c}`, enc('0')));
      let conflicts = 0;
      const increment = async (key: string) => {
        for (;;) {
          const cur = (await store.get(key))!;
          const r = await store.update(key, enc(String(Number(dec(cur.value)) + 1)), cur.modRevision);
          if (r.succeeded) return;
          conflicts++;
        }
      };
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < incrementsPerWriter; i++) await increment(`${p}c${(w + i) % counters}`);
        }),
      );
      const totals = await store.list(p);
      const sum = totals.items.reduce((s, kv) => s + Number(dec(kv.value)), 0);
      assert.equal(sum, writers * incrementsPerWriter);
      assert.ok(conflicts >= 0);
    });

    it('many watchers see identical streams', async () => {
      const p = ns();
      const watchers = 10;
      const writes = 60;
      const streams = Array.from({ length: watchers }, () => collectEvents(store.watch(p), writes, 10000));
      await Promise.all(
        Array.from({ length: 6 }, async (_, w) => {
          for (let i = 0; i < writes / 6; i++)
            await mustWrite(store.create(`${p}w${w}-${i}`, enc(`${w}.${i}`)));
        }),
      );
      const seen = await Promise.all(streams);
      const reference = seen[0]!.map((e) => `${e.kv.modRevision} ${e.kv.key}`);
      assert.equal(reference.length, writes);
      for (const s of seen)
        assert.deepEqual(
          s.map((e) => `${e.kv.modRevision} ${e.kv.key}`),
          reference,
        );
      const revs = seen[0]!.map((e) => e.kv.modRevision);
      assert.ok(revs.every((r, i) => i === 0 || r > revs[i - 1]!));
    });
  });
}
