/**
 * Durability of the SQLite backend under kill -9: a child process writes concurrently and prints
 * every write the store acknowledged; we SIGKILL it at a random moment, reopen the file and check
 * that every acknowledged write is there and that the log is still one consistent chain per key.
 * The same file goes through every cycle, so recovery is also tested on top of earlier recoveries.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { logTable } from '../../src/storage/sqlite/schema.js';
import { SqliteBackend } from '../../src/storage/sqlite/sqlite-backend.js';
import type { WriterAck } from '../support/sqlite-writer.js';
import { parseAck, writerValue } from '../support/sqlite-writer.js';

// 20 cycles in the suite; `npm run bench:durability` runs the same check for many more.
const cycles = Number(process.env['K8TS_KILL_CYCLES'] ?? 20);
const writerScript = fileURLToPath(new URL('../support/sqlite-writer.js', import.meta.url));
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

interface CycleOutput {
  readonly acks: WriterAck[];
  readonly readyRevision: number;
  readonly killedAfterMs: number;
}

/** Runs the writer until a random moment 100–600 ms after it is ready, then SIGKILLs it. */
function runWriterAndKill(file: string, cycle: number): Promise<CycleOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerScript, file, String(cycle)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let readyRevision: number | undefined;
    let killedAfterMs = 0;
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (readyRevision === undefined) {
        const m = /^ready (\d+)\n/.exec(out);
        if (m === null) return;
        readyRevision = Number(m[1]);
        killedAfterMs = 100 + Math.floor(Math.random() * 500);
        setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, killedAfterMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (!killed || signal !== 'SIGKILL') {
        reject(new Error(`writer exited on its own (code ${code}, signal ${signal}): ${err}`));
        return;
      }
      // A line cut off by the kill is not an acknowledgement we can rely on; drop it.
      const complete = out.slice(0, out.lastIndexOf('\n') + 1);
      const acks = complete
        .split('\n')
        .map(parseAck)
        .filter((a): a is WriterAck => a !== undefined);
      resolve({ acks, readyRevision: readyRevision!, killedAfterMs });
    });
  });
}

/** The last row seen of each key while walking the log; the next row of the key must chain to it. */
interface LastRow {
  readonly id: number;
  readonly deleted: boolean;
  readonly createRevision: number;
  readonly value: Buffer;
}

type RawRow = [number, string, number, number, number, number, Buffer, Buffer | null];

/**
 * Walks the log rows written since `fromId` (the whole log is never compacted here) and checks the
 * chain: revisions contiguous, each row's prev_revision is the key's previous row, create and
 * delete rows where they belong, old values equal to the value they replaced. Returns the keys touched.
 */
function checkLog(file: string, fromId: number, last: Map<string, LastRow>, revision: number): Set<string> {
  const db = new Database(file, { fileMustExist: true });
  try {
    assert.equal(db.pragma('quick_check', { simple: true }), 'ok');
    const touched = new Set<string>();
    const rows = db
      .prepare(
        `SELECT id, name, created, deleted, create_revision, prev_revision, value, old_value
         FROM ${logTable} WHERE id > ? ORDER BY id`,
      )
      .raw(true)
      .all(fromId) as RawRow[];
    let expectId = fromId + 1;
    for (const [id, name, created, deleted, createRevision, prevRevision, value, oldValue] of rows) {
      assert.equal(
        id,
        expectId++,
        'revisions are contiguous: nothing acknowledged can be missing in between',
      );
      const prev = last.get(name);
      const where = `row ${id} (${name})`;
      if (prev === undefined || prev.deleted) {
        assert.equal(created, 1, `${where} follows nothing or a delete, so it must be a create`);
        assert.equal(deleted, 0, where);
        assert.equal(createRevision, id, where);
        assert.equal(prevRevision, prev?.id ?? 0, `${where} chains to the tombstone`);
      } else {
        assert.equal(created, 0, `${where} follows a live row, so it cannot be a create`);
        assert.equal(prevRevision, prev.id, `${where} chains to the key's previous row`);
        assert.equal(createRevision, prev.createRevision, where);
        assert.ok(
          oldValue !== null && oldValue.equals(prev.value),
          `${where} old value is the replaced value`,
        );
        if (deleted === 1) assert.equal(value.length, 0, `${where} tombstone has an empty value`);
      }
      last.set(name, { id, deleted: deleted === 1, createRevision, value });
      touched.add(name);
    }
    const [count, maxId] = db
      .prepare(`SELECT COUNT(*), COALESCE(MAX(id), 0) FROM ${logTable}`)
      .raw(true)
      .get() as [number, number];
    assert.equal(maxId, revision, 'the newest row is the current revision');
    assert.equal(count, maxId, 'one row per revision, none lost');
    const seq = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = ?`).pluck().get(logTable) as number;
    assert.equal(seq, maxId);
    return touched;
  } finally {
    db.close();
  }
}

describe('SQLite backend survives kill -9', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-kill9-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(
    `keeps every acknowledged write over ${cycles} kill cycles`,
    { timeout: 120_000 + cycles * 6000 },
    async (t) => {
      const file = path.join(dir, 'state.db');
      const last = new Map<string, LastRow>();
      let checkedThrough = 0;
      let revision = 0;
      let totalAcks = 0;
      for (let cycle = 0; cycle < cycles; cycle++) {
        const { acks, readyRevision, killedAfterMs } = await runWriterAndKill(file, cycle);
        const context = `cycle ${cycle}, killed ${killedAfterMs} ms after ready`;
        assert.equal(readyRevision, revision, `${context}: the writer reopened at the revision we last saw`);
        assert.ok(acks.length > 0, `${context}: the writer acknowledged writes before it was killed`);
        totalAcks += acks.length;

        const store = await SqliteBackend.open({ path: file, compaction: false });
        revision = await store.currentRevision();
        for (const ack of acks) {
          assert.ok(
            ack.revision > readyRevision && ack.revision <= revision,
            `${context}: ack at ${ack.revision}`,
          );
          const at = await store.get(ack.key, { revision: ack.revision });
          if (ack.type === 'put') {
            assert.ok(
              at !== undefined,
              `${context}: acknowledged put of ${ack.key} at ${ack.revision} is missing`,
            );
            assert.equal(at.modRevision, ack.revision, `${context}: ${ack.key}`);
            assert.equal(dec(at.value), writerValue(ack.key, ack.seq), `${context}: ${ack.key} value`);
            // Now: this value, or a later write of the same key.
            const now = await store.get(ack.key);
            assert.ok(
              now === undefined || now.modRevision >= ack.revision,
              `${context}: ${ack.key} went back in time`,
            );
          } else {
            assert.equal(
              at,
              undefined,
              `${context}: acknowledged delete of ${ack.key} at ${ack.revision} is undone`,
            );
            assert.ok(
              await store.get(ack.key, { revision: ack.revision - 1 }),
              `${context}: ${ack.key} before delete`,
            );
          }
        }
        const liveCount = (await store.list('/kill/', { countOnly: true })).count;
        await store.close();

        const touched = checkLog(file, checkedThrough, last, revision);
        checkedThrough = revision;
        // Each key's newest row is what get() answers.
        const check = await SqliteBackend.open({ path: file, compaction: false });
        for (const key of touched) {
          const row = last.get(key)!;
          const got = await check.get(key);
          if (row.deleted) assert.equal(got, undefined, `${context}: ${key} is deleted in the log`);
          else {
            assert.ok(got !== undefined, `${context}: ${key} is live in the log`);
            assert.equal(got.modRevision, row.id, `${context}: ${key} latest row`);
            assert.ok(Buffer.from(got.value).equals(row.value), `${context}: ${key} latest value`);
          }
        }
        await check.close();
        assert.equal(liveCount, [...last.values()].filter((r) => !r.deleted).length, `${context}: live keys`);
      }
      assert.ok(totalAcks > cycles * 100, `only ${totalAcks} acknowledged writes in ${cycles} cycles`);
      t.diagnostic(`${cycles} kill -9 cycles, ${totalAcks} acknowledged writes, all present after recovery`);
    },
  );
});
