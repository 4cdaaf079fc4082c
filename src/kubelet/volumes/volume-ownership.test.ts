import assert from 'node:assert/strict';
import { chmod, lstat, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { applyVolumeOwnership } from './volume-ownership.js';

const asRoot = process.getuid?.() === 0;
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tree(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-owner-'));
  dirs.push(dir);
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'sub'), { mode: 0o700 });
  await chmod(join(dir, 'sub'), 0o700);
  await writeFile(join(dir, 'sub/file'), 'x', { mode: 0o600 });
  await chmod(join(dir, 'sub/file'), 0o600);
  await writeFile(join(dir, 'token'), 't', { mode: 0o600 });
  await chmod(join(dir, 'token'), 0o600);
  await symlink('token', join(dir, 'link'));
  return dir;
}

const mode = async (p: string) => (await stat(p)).mode & 0o7777;

test(
  'read-write volumes: group rw on files, rwx plus setgid on directories, group set everywhere',
  { skip: !asRoot && 'needs root' },
  async () => {
    const dir = await tree();
    await applyVolumeOwnership(dir, { fsGroup: 2345, readOnly: false });
    assert.equal(await mode(dir), 0o2775);
    assert.equal(await mode(join(dir, 'sub')), 0o2770);
    assert.equal(await mode(join(dir, 'sub/file')), 0o660);
    for (const p of [dir, join(dir, 'sub'), join(dir, 'sub/file'), join(dir, 'token')]) {
      assert.equal((await stat(p)).gid, 2345, p);
    }
    assert.equal((await lstat(join(dir, 'link'))).gid, 2345, 'symlinks get the group too');
  },
);

test(
  'read-only volumes: group read only; a symlink never rewrites its target mode',
  { skip: !asRoot && 'needs root' },
  async () => {
    const dir = await tree();
    await applyVolumeOwnership(dir, { fsGroup: 2345, readOnly: true });
    assert.equal(await mode(join(dir, 'token')), 0o640, 'a 0600 token becomes 0640');
    assert.equal(await mode(join(dir, 'sub')), 0o2750);
    assert.equal(await mode(dir), 0o2755);
  },
);

test(
  'OnRootMismatch skips volumes whose root is already right',
  { skip: !asRoot && 'needs root' },
  async () => {
    const dir = await tree();
    await applyVolumeOwnership(dir, { fsGroup: 2345, readOnly: false });
    await chmod(join(dir, 'sub/file'), 0o600);
    await applyVolumeOwnership(dir, { fsGroup: 2345, readOnly: false, policy: 'OnRootMismatch' });
    assert.equal(await mode(join(dir, 'sub/file')), 0o600, 'not walked');
    await applyVolumeOwnership(dir, { fsGroup: 3456, readOnly: false, policy: 'OnRootMismatch' });
    assert.equal(await mode(join(dir, 'sub/file')), 0o660, 'another group: walked');
  },
);
