import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { FakeRuntime } from '../cri/fake-runtime.js';
import type { PodSandboxConfig } from '../cri/runtime-service.js';
import { ContainerGc, type ContainerGcOptions } from './container-gc.js';
import { GarbageCollector } from './garbage-collector.js';
import { ImageGcManager } from './image-gc-manager.js';

let logs: string;
beforeEach(async () => {
  logs = await mkdtemp(path.join(tmpdir(), 'k8ts-container-gc-'));
});
afterEach(async () => {
  await rm(logs, { recursive: true, force: true });
});

function setup(deleted: Set<string>, options: Partial<ContainerGcOptions> = {}) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock, images: ['app:1'] });
  const gc = new ContainerGc({
    runtime,
    podState: {
      shouldPodContentBeRemoved: (uid) => deleted.has(uid),
      shouldPodRuntimeBeRemoved: (uid) => deleted.has(uid) || uid.startsWith('terminated'),
    },
    sourcesReady: () => true,
    podLogsRoot: logs,
    clock,
    ...options,
  });
  const sandboxOf = (uid: string, attempt = 0): PodSandboxConfig => ({
    metadata: { name: uid, namespace: 'ns', uid, attempt },
    labels: { 'io.kubernetes.pod.uid': uid },
    logDirectory: path.join(logs, `ns_${uid}_${uid}`),
  });
  const sandbox = async (uid: string, attempt = 0) =>
    (await runtime.runPodSandbox({ config: sandboxOf(uid, attempt) })).podSandboxId;
  // A container run to completion (or left running), one second apart so creation times order them.
  const container = async (
    uid: string,
    podSandboxId: string,
    name: string,
    attempt: number,
    running = false,
  ) => {
    await clock.advance(1000);
    const logPath = `${name}/${attempt}.log`;
    await mkdir(path.join(logs, `ns_${uid}_${uid}`, name), { recursive: true });
    await writeFile(path.join(logs, `ns_${uid}_${uid}`, logPath), 'log');
    const { containerId } = await runtime.createContainer({
      podSandboxId,
      config: {
        metadata: { name, attempt },
        image: { image: 'app:1' },
        labels: { 'io.kubernetes.pod.uid': uid },
        logPath,
      },
      sandboxConfig: sandboxOf(uid),
    });
    await runtime.startContainer(containerId);
    if (!running) runtime.exitContainer(containerId, 1);
    return containerId;
  };
  const ids = async () => new Set((await runtime.listContainers()).containers.map((c) => c.id));
  const sandboxes = async () => new Set((await runtime.listPodSandbox()).items.map((s) => s.id));
  return { clock, runtime, gc, sandbox, container, ids, sandboxes };
}

describe('ContainerGc', () => {
  it('keeps the newest dead instance per pod container, and never a running one', async () => {
    const { gc, sandbox, container, ids } = setup(new Set());
    const s = await sandbox('live');
    const dead = [
      await container('live', s, 'app', 0),
      await container('live', s, 'app', 1),
      await container('live', s, 'app', 2),
    ];
    const running = await container('live', s, 'app', 3, true);
    const sidecar = await container('live', s, 'side', 0);
    await gc.garbageCollect();
    assert.deepEqual(await ids(), new Set([dead[2], running, sidecar]));
    // The removed containers' log files went with them.
    assert.deepEqual((await readdir(path.join(logs, 'ns_live_live', 'app'))).sort(), ['2.log', '3.log']);
  });

  it('removes everything of deleted pods: containers, sandboxes and the log directory', async () => {
    const deleted = new Set(['gone']);
    const { gc, runtime, sandbox, container, ids, sandboxes } = setup(deleted);
    const s = await sandbox('gone');
    await container('gone', s, 'app', 0);
    await runtime.stopPodSandbox(s);
    const live = await sandbox('live');
    const liveContainer = await container('live', live, 'app', 0, true);
    await gc.garbageCollect();
    assert.deepEqual(await ids(), new Set([liveContainer]));
    assert.deepEqual(await sandboxes(), new Set([live]));
    assert.deepEqual(await readdir(logs), ['ns_live_live']);
  });

  it('keeps the newest sandbox of a live pod and active ones, removes older dead ones', async () => {
    const { gc, runtime, sandbox, container, clock, sandboxes } = setup(new Set());
    const old = await sandbox('p', 0);
    await runtime.stopPodSandbox(old);
    await clock.advance(1000);
    const withContainer = await sandbox('p', 1);
    await container('p', withContainer, 'app', 0);
    await runtime.stopPodSandbox(withContainer);
    await clock.advance(1000);
    const newest = await sandbox('p', 2);
    await runtime.stopPodSandbox(newest);
    await gc.garbageCollect();
    // The one with a (kept, newest dead) container is still active.
    assert.deepEqual(await sandboxes(), new Set([withContainer, newest]));
  });

  it('waits for all sources before treating unknown pods as deleted, and reclaims terminated pods on demand', async () => {
    let ready = false;
    const { gc, sandbox, container, ids } = setup(new Set(['gone']), { sourcesReady: () => ready });
    const s = await sandbox('gone');
    const a = await container('gone', s, 'app', 0);
    const b = await container('gone', s, 'app', 1);
    await gc.garbageCollect();
    assert.deepEqual(
      await ids(),
      new Set([b]),
      'only the per-container limit applies before sources are ready',
    );
    ready = true;
    const t = await sandbox('terminated-1');
    await container('terminated-1', t, 'app', 0);
    await gc.garbageCollect();
    assert.equal((await ids()).size, 1, 'a terminated but not deleted pod keeps its newest dead container');
    await gc.deleteAllUnusedContainers();
    assert.deepEqual(await ids(), new Set());
    assert.ok(a !== b);
  });

  it('enforces a node-wide maximum, evenly per unit first, then oldest first', async () => {
    const { gc, sandbox, container, ids } = setup(new Set(), {
      policy: { maxPerPodContainer: -1, maxContainers: 3 },
    });
    const s = await sandbox('p');
    const a = [
      await container('p', s, 'a', 0),
      await container('p', s, 'a', 1),
      await container('p', s, 'a', 2),
    ];
    const b = [await container('p', s, 'b', 0), await container('p', s, 'b', 1)];
    await gc.garbageCollect();
    // 3 / 2 units = 1 each → a2 and b1 left, which is within 3.
    assert.deepEqual(await ids(), new Set([a[2], b[1]]));
  });
});

describe('GarbageCollector', () => {
  it('runs container GC every minute and image GC every five, starting at once', async () => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock });
    const counts = { containers: 0, images: 0 };
    const containers = new ContainerGc({
      runtime,
      podState: { shouldPodContentBeRemoved: () => false, shouldPodRuntimeBeRemoved: () => false },
      sourcesReady: () => true,
      clock,
    });
    const images = new ImageGcManager({
      runtime,
      images: runtime,
      imageFsStats: async () => ({ capacityBytes: 100, availableBytes: 100 }),
      clock,
    });
    const origC = containers.garbageCollect.bind(containers);
    containers.garbageCollect = () => (counts.containers++, origC());
    const origI = images.garbageCollect.bind(images);
    images.garbageCollect = (t: number) => (counts.images++, origI(t));
    const collector = new GarbageCollector({ containers, images, clock });
    collector.start();
    await clock.advance(0);
    assert.deepEqual(counts, { containers: 1, images: 1 });
    await clock.advance(5 * 60_000);
    assert.deepEqual(counts, { containers: 6, images: 2 });
    collector.stop();
    await clock.advance(10 * 60_000);
    assert.deepEqual(counts, { containers: 6, images: 2 });
  });
});
