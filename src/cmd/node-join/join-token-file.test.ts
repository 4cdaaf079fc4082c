import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatBootstrapToken } from '../../api/bootstrap-tokens/bootstrap-token.js';
import { ensureJoinToken, joinTokenPath } from './join-token-file.js';

let dir = '';
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'k8ts-join-token-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DATA_DIR/token', () => {
  it('is created private on first start and reused afterwards', async () => {
    const first = await ensureJoinToken(dir);
    const file = joinTokenPath(dir);
    assert.equal(await readFile(file, 'utf8'), `${formatBootstrapToken(first)}\n`);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(await ensureJoinToken(dir), first);
  });

  it('refuses a file that holds no token instead of replacing it', async () => {
    const other = path.join(dir, 'other');
    await mkdir(other);
    await writeFile(path.join(other, 'token'), 'secret stuff\n');
    await assert.rejects(ensureJoinToken(other), /does not hold a bootstrap token/);
    assert.equal(await readFile(path.join(other, 'token'), 'utf8'), 'secret stuff\n');
  });
});
