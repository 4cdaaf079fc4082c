import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { checkHostPath } from './host-path.js';

let dir: string;
let server: Server;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k8ts-hostpath-'));
  await mkdir(join(dir, 'd'));
  await writeFile(join(dir, 'f'), 'x');
  await symlink(join(dir, 'd'), join(dir, 'link-to-dir'));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(join(dir, 'sock'), resolve));
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const fails = (path: string, type: string, message: string) =>
  assert.rejects(checkHostPath(path, type), { message });

test('"" and unset types check nothing, not even existence', async () => {
  await checkHostPath(join(dir, 'nothing-here'), '');
  await checkHostPath(join(dir, 'nothing-here'), undefined);
});

test('Directory and File need an existing path of that kind (symlinks followed)', async () => {
  await checkHostPath(join(dir, 'd'), 'Directory');
  await checkHostPath(join(dir, 'link-to-dir'), 'Directory');
  await checkHostPath(join(dir, 'f'), 'File');
  await fails(
    join(dir, 'f'),
    'Directory',
    `hostPath type check failed: ${join(dir, 'f')} is not a directory`,
  );
  await fails(
    join(dir, 'missing'),
    'Directory',
    `hostPath type check failed: ${join(dir, 'missing')} is not a directory`,
  );
  await fails(join(dir, 'd'), 'File', `hostPath type check failed: ${join(dir, 'd')} is not a file`);
  await fails(
    join(dir, 'missing'),
    'File',
    `hostPath type check failed: ${join(dir, 'missing')} is not a file`,
  );
});

test('DirectoryOrCreate and FileOrCreate create what is missing, and check what exists', async () => {
  const newDir = join(dir, 'made/deep');
  await checkHostPath(newDir, 'DirectoryOrCreate');
  assert.equal((await stat(newDir)).isDirectory(), true);
  const newFile = join(dir, 'made/new-file');
  await checkHostPath(newFile, 'FileOrCreate');
  const info = await stat(newFile);
  assert.equal(info.isFile() && info.size === 0, true);
  await fails(
    join(dir, 'f'),
    'DirectoryOrCreate',
    `hostPath type check failed: ${join(dir, 'f')} is not a directory`,
  );
  await fails(join(dir, 'd'), 'FileOrCreate', `hostPath type check failed: ${join(dir, 'd')} is not a file`);
  await assert.rejects(checkHostPath(join(dir, 'no-parent/file'), 'FileOrCreate'), { code: 'ENOENT' });
});

test('Socket, CharDevice and BlockDevice', async () => {
  await checkHostPath(join(dir, 'sock'), 'Socket');
  await checkHostPath('/dev/null', 'CharDevice');
  await fails(join(dir, 'f'), 'Socket', `hostPath type check failed: ${join(dir, 'f')} is not a socket file`);
  await fails(
    join(dir, 'f'),
    'CharDevice',
    `hostPath type check failed: ${join(dir, 'f')} is not a character device`,
  );
  await fails('/dev/null', 'BlockDevice', 'hostPath type check failed: /dev/null is not a block device');
  const block = (await readdir('/dev', { withFileTypes: true })).find((e) => e.isBlockDevice());
  if (block) await checkHostPath(join('/dev', block.name), 'BlockDevice');
});

test('unknown types and backsteps are refused', async () => {
  await fails(join(dir, 'd'), 'Fifo', 'Fifo is an invalid volume type');
  await fails('/var/../etc', 'Directory', "invalid HostPath `/var/../etc`: must not contain '..'");
});
