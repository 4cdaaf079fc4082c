import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkSubPathSyntax, expandSubPathExpr, prepareSubPath } from './subpath.js';

let root: string;
let volume: string;
before(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'k8ts-subpath-')));
  volume = join(root, 'vol');
  await mkdir(volume);
  await chmod(volume, 0o2775);
  await writeFile(join(volume, 'file'), 'x');
  await mkdir(join(root, 'outside'));
  await symlink('../outside', join(volume, 'escape'));
  await symlink('/etc', join(volume, 'abs-escape'));
  await mkdir(join(volume, 'inner'));
  await symlink('inner', join(volume, 'ok-link'));
});
after(async () => rm(root, { recursive: true, force: true }));

test('subPathExpr expands from the env; unset or empty variables fail, sorted', () => {
  const env = new Map([
    ['POD', 'web-0'],
    ['EMPTY', ''],
  ]);
  assert.equal(expandSubPathExpr('logs/$(POD)', env), 'logs/web-0');
  assert.equal(expandSubPathExpr('$$(POD)', env), '$(POD)');
  assert.throws(() => expandSubPathExpr('$(ZED)/$(EMPTY)/$(A)', env), {
    message: 'missing value for A, EMPTY, ZED',
  });
});

test('absolute paths and backsteps are refused with upstream messages', () => {
  assert.throws(() => checkSubPathSyntax('/etc'), {
    message: 'error SubPath `/etc` must not be an absolute path',
  });
  assert.throws(() => checkSubPathSyntax('a/../../b'), {
    message: "unable to provision SubPath `a/../../b`: must not contain '..'",
  });
  checkSubPathSyntax('a/..b/c');
});

test('an existing file or directory resolves inside the volume', async () => {
  assert.equal(await prepareSubPath(volume, 'file', 'data', 'app'), join(volume, 'file'));
  assert.equal(await prepareSubPath(volume, 'ok-link', 'data', 'app'), join(volume, 'inner'));
});

test('a missing subpath is created with the volume root mode', async () => {
  const path = await prepareSubPath(volume, 'new/nested', 'data', 'app');
  assert.equal(path, join(volume, 'new/nested'));
  assert.equal((await stat(join(volume, 'new'))).mode & 0o7777, 0o2775);
  assert.equal((await stat(path)).mode & 0o7777, 0o2775);
});

test('symlinks out of the volume are refused without naming host paths', async () => {
  await assert.rejects(prepareSubPath(volume, 'escape', 'data', 'app'), {
    message: 'failed to prepare subPath for volumeMount "data" of container "app"',
  });
  await assert.rejects(prepareSubPath(volume, 'abs-escape', 'data', 'app'), {
    message: 'failed to prepare subPath for volumeMount "data" of container "app"',
  });
  await assert.rejects(prepareSubPath(volume, 'escape/new-dir', 'data', 'app'), {
    message: 'failed to create subPath directory for volumeMount "data" of container "app"',
  });
  await assert.rejects(stat(join(root, 'outside/new-dir')), { code: 'ENOENT' });
});
