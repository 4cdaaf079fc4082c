import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { emptyDirMedium, setUpEmptyDir, tearDownDir } from './empty-dir.js';
import { mountAt, SystemMounter } from './mounter.js';

const asRoot = process.getuid?.() === 0;
const mounter = new SystemMounter();
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) {
    for (;;) {
      if (mountAt(await mounter.mountPoints(), join(d, 'vol')) === undefined) break;
      await mounter.unmount(join(d, 'vol'));
    }
    await rm(d, { recursive: true, force: true });
  }
});

async function base(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-emptydir-'));
  dirs.push(dir);
  return dir;
}

test('disk emptyDirs are 0777 whatever the umask', async () => {
  const dir = join(await base(), 'vol');
  const old = process.umask(0o077);
  try {
    await setUpEmptyDir(dir, 'disk', mounter);
  } finally {
    process.umask(old);
  }
  assert.equal((await stat(dir)).mode & 0o7777, 0o777);
});

test('mediums', () => {
  assert.equal(emptyDirMedium(undefined), 'disk');
  assert.equal(emptyDirMedium(''), 'disk');
  assert.equal(emptyDirMedium('Memory'), 'memory');
  assert.throws(() => emptyDirMedium('HugePages'), { message: 'unknown storage medium "HugePages"' });
});

test(
  'memory emptyDirs are a sized tmpfs, mounted once, and torn down',
  { skip: !asRoot && 'needs root' },
  async () => {
    const dir = join(await base(), 'vol');
    await setUpEmptyDir(dir, 'memory', mounter, 2n * 1024n * 1024n);
    await setUpEmptyDir(dir, 'memory', mounter, 2n * 1024n * 1024n);
    const mounts = (await mounter.mountPoints()).filter((m) => m.path === dir);
    assert.equal(mounts.length, 1, 'set-up is idempotent');
    assert.equal(mounts[0]!.fsType, 'tmpfs');
    await writeFile(join(dir, 'small'), Buffer.alloc(1024 * 1024));
    await assert.rejects(writeFile(join(dir, 'big'), Buffer.alloc(2 * 1024 * 1024)), { code: 'ENOSPC' });
    await tearDownDir(dir, mounter);
    assert.equal(mountAt(await mounter.mountPoints(), dir), undefined);
    await assert.rejects(stat(dir), { code: 'ENOENT' });
  },
);
