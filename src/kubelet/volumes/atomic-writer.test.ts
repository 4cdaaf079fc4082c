import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { payloadPathError, writeAtomically, type FileProjection } from './atomic-writer.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function target(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-atomic-'));
  dirs.push(dir);
  return dir;
}

function payload(entries: Record<string, string | [string, number]>): Map<string, FileProjection> {
  const out = new Map<string, FileProjection>();
  for (const [path, v] of Object.entries(entries)) {
    const [data, mode] = typeof v === 'string' ? [v, 0o644] : v;
    out.set(path, { data: Buffer.from(data), mode });
  }
  return out;
}

const fixedNow = () => Date.parse('2026-03-04T05:06:07Z');

test('layout: a timestamped data dir, ..data pointing at it, top-level names linked through ..data', async () => {
  const dir = await target();
  const res = await writeAtomically(dir, payload({ a: 'A', 'sub/b': 'B', 'sub/deep/c': ['C', 0o400] }), {
    now: fixedNow,
  });
  assert.equal(res.changed, true);
  const ts = await readlink(join(dir, '..data'));
  assert.match(ts, /^\.\.2026_03_04_05_06_07\.\d+$/);
  assert.equal((await stat(join(dir, ts))).mode & 0o777, 0o755);
  assert.equal(await readlink(join(dir, 'a')), '..data/a');
  assert.equal(await readlink(join(dir, 'sub')), '..data/sub');
  assert.equal(await readFile(join(dir, 'sub/deep/c'), 'utf8'), 'C');
  assert.equal(
    (await stat(join(dir, 'sub/deep/c'))).mode & 0o777,
    0o400,
    'the projection mode wins over the umask',
  );
  assert.equal((await stat(join(dir, 'a'))).mode & 0o777, 0o644);
  assert.deepEqual((await readdir(dir)).sort(), ['..data', ts, 'a', 'sub'].sort());
});

test('an unchanged payload writes nothing; a change swaps in a new data dir and removes the old one', async () => {
  const dir = await target();
  await writeAtomically(dir, payload({ a: 'A', b: 'B' }));
  const first = await readlink(join(dir, '..data'));
  assert.equal((await writeAtomically(dir, payload({ a: 'A', b: 'B' }))).changed, false);
  assert.equal(await readlink(join(dir, '..data')), first);

  assert.equal((await writeAtomically(dir, payload({ a: 'A2', b: 'B' }))).changed, true);
  const second = await readlink(join(dir, '..data'));
  assert.notEqual(second, first);
  assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'A2');
  await assert.rejects(lstat(join(dir, first)), { code: 'ENOENT' });
  assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith('..')).sort(), ['..data', second].sort());
});

test('removed keys disappear, added keys appear, a key turning into a directory works', async () => {
  const dir = await target();
  await writeAtomically(dir, payload({ keep: '1', gone: '2', 'old/x': '3' }));
  await writeAtomically(dir, payload({ keep: '1', added: '4', 'gone/nested': '5' }));
  const names = (await readdir(dir)).filter((n) => !n.startsWith('..')).sort();
  assert.deepEqual(names, ['added', 'gone', 'keep']);
  await assert.rejects(lstat(join(dir, 'old')), { code: 'ENOENT' });
  assert.equal(await readFile(join(dir, 'gone/nested'), 'utf8'), '5');
  // Removing every key empties the volume but keeps the machinery.
  await writeAtomically(dir, new Map());
  assert.deepEqual(
    (await readdir(dir)).filter((n) => !n.startsWith('..')),
    [],
  );
  assert.equal((await readdir(join(dir, '..data'))).length, 0);
});

test('a mode-only change is not a content change (upstream compares bytes only)', async () => {
  const dir = await target();
  await writeAtomically(dir, payload({ a: ['A', 0o644] }));
  assert.equal((await writeAtomically(dir, payload({ a: ['A', 0o600] }))).changed, false);
});

test('missing user-visible links are recreated even when the data is current', async () => {
  const dir = await target();
  await writeAtomically(dir, payload({ a: 'A' }));
  await rm(join(dir, 'a'));
  assert.equal((await writeAtomically(dir, payload({ a: 'A' }))).changed, false);
  assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'A');
});

test('setPerms runs before the swap; a stale ..data_tmp from a crash does not block writes', async () => {
  const dir = await target();
  await writeFile(join(dir, '..data_tmp'), 'stale');
  let sawData = true;
  await writeAtomically(dir, payload({ a: 'A' }), {
    setPerms: async () => {
      sawData = await lstat(join(dir, '..data')).then(
        () => true,
        () => false,
      );
    },
  });
  assert.equal(sawData, false, 'setPerms ran before ..data existed');
  assert.equal(await readFile(join(dir, 'a'), 'utf8'), 'A');
});

test('paths are validated as upstream does', async () => {
  assert.equal(payloadPathError(''), 'invalid path: must not be empty: ""');
  assert.equal(payloadPathError('/abs'), 'invalid path: must be relative path: /abs');
  assert.equal(payloadPathError('a/../b'), "invalid path: must not contain '..': a/../b");
  assert.equal(payloadPathError('..data'), "invalid path: must not start with '..': ..data");
  assert.equal(payloadPathError('..'), "invalid path: must not contain '..': ..");
  assert.equal(
    payloadPathError('x'.repeat(256)),
    'invalid path: filenames must be less than or equal to 255 characters',
  );
  assert.equal(payloadPathError('a/..b'), undefined);
  assert.equal(payloadPathError('./a'), undefined);
  const dir = await target();
  await assert.rejects(writeAtomically(dir, payload({ '../escape': 'x' })), /must not contain '..'/);
  assert.deepEqual(await readdir(dir), [], 'an invalid payload writes nothing');
  await writeAtomically(dir, payload({ './clean/': 'x' }));
  assert.equal(await readFile(join(dir, 'clean'), 'utf8'), 'x');
});
