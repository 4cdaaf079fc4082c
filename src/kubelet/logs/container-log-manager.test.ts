import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { FakeClock } from '../../base/clock.js';
import { CriError } from '../cri/cri-errors.js';
import { FakeRuntime } from '../cri/fake-runtime.js';
import { ContainerLogManager } from './container-log-manager.js';
import { rotationSuffix } from './rotated-logs.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'k8ts-log-manager-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fake runtime with one running container whose log lives under `dir`; reopen makes a fresh file as containerd does. */
async function setup(options: { maxFiles?: number; maxSizeBytes?: number } = {}) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock, images: ['app:1'] });
  const logDirectory = path.join(dir, 'ns_pod_uid');
  const sandboxConfig = { metadata: { name: 'pod', namespace: 'ns', uid: 'uid', attempt: 0 }, logDirectory };
  const { podSandboxId } = await runtime.runPodSandbox({ config: sandboxConfig });
  const start = async (name: string) => {
    const { containerId } = await runtime.createContainer({
      podSandboxId,
      config: { metadata: { name, attempt: 0 }, image: { image: 'app:1' }, logPath: `${name}/0.log` },
      sandboxConfig,
    });
    await runtime.startContainer(containerId);
    await mkdir(path.join(logDirectory, name), { recursive: true });
    return containerId;
  };
  const id = await start('app');
  const logPath = path.join(logDirectory, 'app', '0.log');
  const reopen = runtime.reopenContainerLog.bind(runtime);
  runtime.reopenContainerLog = async (containerId) => {
    await reopen(containerId);
    await writeFile(logPath, '', { flag: 'a' });
  };
  const manager = new ContainerLogManager({ runtime, clock, maxSizeBytes: 100, maxFiles: 3, ...options });
  const files = async () => (await readdir(path.dirname(logPath))).sort();
  return { clock, runtime, manager, id, logPath, files, start, logDirectory };
}

const big = (tag: string) => `${tag}\n`.repeat(50);

describe('ContainerLogManager', () => {
  it('rotates a log that reached the size limit and has the runtime reopen it', async () => {
    const { manager, logPath, files, clock, runtime } = await setup();
    await writeFile(logPath, big('first'));
    await manager.rotateLogs();
    assert.deepEqual(await files(), ['0.log', `0.log.${rotationSuffix(clock.now())}`]);
    assert.equal(await readFile(logPath, 'utf8'), '');
    assert.equal(await readFile(`${logPath}.${rotationSuffix(clock.now())}`, 'utf8'), big('first'));
    assert.equal(runtime.calls.filter((c) => c.method === 'reopenContainerLog').length, 1);
  });

  it('leaves small logs and stopped containers alone', async () => {
    const { manager, logPath, files, runtime, id } = await setup();
    await writeFile(logPath, 'small\n');
    await manager.rotateLogs();
    assert.deepEqual(await files(), ['0.log']);
    await writeFile(logPath, big('x'));
    runtime.exitContainer(id, 0);
    await manager.rotateLogs();
    assert.deepEqual(await files(), ['0.log']);
  });

  it('keeps the newest rotation plain, gzips older ones and keeps maxFiles in all', async () => {
    const { manager, logPath, files, clock } = await setup({ maxFiles: 3 });
    const suffixes: string[] = [];
    for (const tag of ['one', 'two', 'three', 'four']) {
      await writeFile(logPath, big(tag));
      await clock.advance(10_000);
      suffixes.push(rotationSuffix(clock.now()));
      await manager.rotateLogs();
    }
    const [, , s3, s4] = suffixes;
    assert.deepEqual(await files(), ['0.log', `0.log.${s3}.gz`, `0.log.${s4}`]);
    assert.equal(gunzipSync(await readFile(`${logPath}.${s3}.gz`)).toString(), big('three'));
    assert.equal(await readFile(`${logPath}.${s4}`, 'utf8'), big('four'));
  });

  it('removes leftovers of an interrupted compression', async () => {
    const { manager, logPath, files, clock } = await setup({ maxFiles: 5 });
    await writeFile(`${logPath}.20250101-000000`, 'old\n');
    await writeFile(`${logPath}.20250101-000000.gz`, 'compressed already');
    await writeFile(`${logPath}.20250102-000000.tmp`, 'half');
    await writeFile(logPath, big('now'));
    await manager.rotateLogs();
    assert.deepEqual(await files(), [
      '0.log',
      '0.log.20250101-000000.gz',
      `0.log.${rotationSuffix(clock.now())}`,
    ]);
  });

  it('puts the log back when the runtime cannot reopen it', async () => {
    const { manager, logPath, files, runtime } = await setup();
    await writeFile(logPath, big('x'));
    runtime.failNext('reopenContainerLog', new CriError('Unknown', 'boom'));
    await manager.rotateLogs();
    assert.deepEqual(await files(), ['0.log']);
    assert.equal(await readFile(logPath, 'utf8'), big('x'));
  });

  it('asks the runtime to reopen a log that went missing', async () => {
    const { manager, logPath, files, runtime } = await setup();
    await manager.rotateLogs();
    assert.equal(runtime.calls.filter((c) => c.method === 'reopenContainerLog').length, 1);
    assert.deepEqual(await files(), ['0.log']);
    assert.equal(await readFile(logPath, 'utf8'), '');
  });

  it('checks every monitor interval on its clock until stopped', async () => {
    const { manager, logPath, files, clock } = await setup();
    await writeFile(logPath, big('x'));
    manager.start();
    await clock.advance(9_999);
    assert.deepEqual(await files(), ['0.log']);
    await clock.advance(1);
    for (let i = 0; i < 100 && (await files()).length < 2; i++) await delay(10);
    assert.equal((await files()).length, 2);
    await manager.stop();
    await writeFile(logPath, big('y'));
    await clock.advance(60_000);
    await delay(50);
    assert.equal((await files()).length, 2);
  });

  it('refuses fewer than two files, as upstream', () => {
    assert.throws(() => new ContainerLogManager({ runtime: new FakeRuntime(), maxFiles: 1 }), {
      message: 'invalid MaxFiles 1, must be > 1',
    });
  });
});
