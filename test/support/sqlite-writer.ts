/**
 * Child process for the kill -9 durability test: opens a SQLite store and writes as fast as it can
 * from many concurrent workers (creates, guarded updates and deletes), printing one line per write
 * the store acknowledged, until it is killed. Usage: node sqlite-writer.js FILE CYCLE [WORKERS]
 *
 * Lines on stdout: `ready REV` once open, then `put REV SEQ KEY` or `del REV KEY` per acknowledged write.
 */
import { pathToFileURL } from 'node:url';
import { SqliteBackend } from '../../src/storage/sqlite/sqlite-backend.js';

/** The value the writer stores for write number `seq` of `key`; sizes vary from a few bytes to ~1 KiB. */
export function writerValue(key: string, seq: number): string {
  return `${key}|${seq}|${'x'.repeat((seq * 37) % 1000)}`;
}

/** One acknowledged write, as printed by the writer. */
export type WriterAck =
  | { readonly type: 'put'; readonly revision: number; readonly seq: number; readonly key: string }
  | { readonly type: 'delete'; readonly revision: number; readonly key: string };

/** Parses one complete stdout line of the writer; undefined for other lines (e.g. `ready`). */
export function parseAck(line: string): WriterAck | undefined {
  const [kind, rev, a, b] = line.split(' ');
  if (kind === 'put' && b !== undefined)
    return { type: 'put', revision: Number(rev), seq: Number(a), key: b };
  if (kind === 'del' && a !== undefined) return { type: 'delete', revision: Number(rev), key: a };
  return undefined;
}

async function main(file: string, cycle: string, workers: number): Promise<void> {
  const store = await SqliteBackend.open({ path: file, compaction: false });
  const enc = new TextEncoder();
  // Keys this process believes live, with the mod revision it last saw; earlier cycles' keys included.
  const mods = new Map<string, number>();
  for (const kv of (await store.list('/kill/')).items) mods.set(kv.key, kv.modRevision);
  const keys = [...mods.keys()];
  let seq = 0;
  // Pipes are written synchronously on Linux, so a printed line is out before the next write starts.
  const print = (line: string): boolean => process.stdout.write(`${line}\n`);
  print(`ready ${await store.currentRevision()}`);

  const pick = (): string | undefined => {
    for (let tries = 0; tries < 8 && keys.length > 0; tries++) {
      const key = keys[Math.floor(Math.random() * keys.length)]!;
      if (mods.has(key)) return key;
    }
    return undefined;
  };

  const worker = async (w: number): Promise<void> => {
    for (let i = 0; ; i++) {
      const dice = Math.random();
      const target = dice < 0.45 ? undefined : pick();
      const n = ++seq;
      if (target === undefined) {
        const key = `/kill/c${cycle}/w${w}/${i}`;
        const r = await store.create(key, enc.encode(writerValue(key, n)));
        if (!r.succeeded) throw new Error(`create of fresh key ${key} failed`);
        mods.set(key, r.kv.modRevision);
        keys.push(key);
        print(`put ${r.kv.modRevision} ${n} ${key}`);
      } else if (dice < 0.92) {
        const r = await store.update(target, enc.encode(writerValue(target, n)), mods.get(target)!);
        if (r.succeeded) print(`put ${r.kv.modRevision} ${n} ${target}`);
        if (r.succeeded) mods.set(target, r.kv.modRevision);
        else if (r.current) mods.set(target, r.current.modRevision);
        else mods.delete(target);
      } else {
        const r = await store.delete(target, mods.get(target)!);
        if (r.succeeded) print(`del ${r.revision} ${target}`);
        if (r.succeeded || !r.current) mods.delete(target);
        else mods.set(target, r.current.modRevision);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, cycle = '0', workers = '128'] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: sqlite-writer FILE CYCLE [WORKERS]\n');
    process.exit(2);
  }
  main(file, cycle, Number(workers)).catch((err: unknown) => {
    process.stderr.write(`sqlite-writer failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
