import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { FakeRuntime } from '../cri/fake-runtime.js';
import type { PodSandboxConfig } from '../cri/runtime-service.js';
import { ImageGcManager, type ImageGcManagerOptions } from './image-gc-manager.js';

const minute = 60_000;
const sandbox: PodSandboxConfig = { metadata: { name: 'p', namespace: 'ns', uid: 'u1', attempt: 0 } };

async function setup(options: Partial<ImageGcManagerOptions> = {}) {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock });
  const fs = { capacityBytes: 10_000, availableBytes: 1000 };
  const events: string[] = [];
  const gc = new ImageGcManager({
    runtime,
    images: runtime,
    imageFsStats: async () => fs,
    recordNodeEvent: (_type, reason, message) => events.push(`${reason}: ${message}`),
    clock,
    ...options,
  });
  const use = async (image: string) => {
    const { podSandboxId } = await runtime.runPodSandbox({
      config: { ...sandbox, metadata: { ...sandbox.metadata, attempt: runtime.calls.length } },
    });
    const { containerId } = await runtime.createContainer({
      podSandboxId,
      config: { metadata: { name: 'c', attempt: 0 }, image: { image } },
      sandboxConfig: sandbox,
    });
    return { podSandboxId, containerId };
  };
  const present = async () => (await runtime.listImages()).map((i) => i.repoTags[0]).sort();
  return { clock, runtime, fs, events, gc, use, present };
}

describe('ImageGcManager', () => {
  it('frees unused images, least recently used first, down to the low threshold', async () => {
    const { clock, runtime, gc, use, present } = await setup();
    runtime.images.add('a:1', { size: 1000 });
    runtime.images.add('b:1', { size: 2000 });
    runtime.images.add('c:1', { size: 3000 });
    const inUse = await use('docker.io/library/b:1');
    await gc.detectImages();
    // c was used a minute after the first detection, then its container went away: used more recently than a.
    await clock.advance(minute);
    const cUse = await use('c:1');
    await gc.detectImages();
    await runtime.removePodSandbox(cUse.podSandboxId);
    await clock.advance(2 * minute);
    // 90% full: free 10000 * 20% - 1000 = 1000 bytes; a alone is enough.
    await gc.garbageCollect(0);
    assert.deepEqual(await present(), ['docker.io/library/b:1', 'docker.io/library/c:1']);
    assert.ok(inUse.containerId !== '');
  });

  it('spares images younger than the minimum age and reports a shortfall', async () => {
    const { clock, runtime, gc, events, present } = await setup();
    runtime.images.add('old:1', { size: 500 });
    await gc.detectImages();
    await clock.advance(3 * minute);
    runtime.images.add('new:1', { size: 5000 });
    await assert.rejects(
      gc.garbageCollect(0),
      /Attempted to free 1000 bytes, but only found 500 bytes eligible to free\./,
    );
    assert.deepEqual(await present(), ['docker.io/library/new:1']);
    assert.match(
      events[0] ?? '',
      /^FreeDiskSpaceFailed: Failed to garbage collect required amount of images/,
    );
  });

  it('does nothing below the high threshold and refuses a zero capacity', async () => {
    const { clock, runtime, gc, fs, events, present } = await setup();
    runtime.images.add('a:1', { size: 1000 });
    await gc.detectImages();
    await clock.advance(3 * minute);
    fs.availableBytes = 2000; // 80% used, under 85%
    await gc.garbageCollect(0);
    assert.deepEqual(await present(), ['docker.io/library/a:1']);
    fs.capacityBytes = 0;
    await assert.rejects(gc.garbageCollect(0), /invalid capacity 0 on image filesystem/);
    assert.deepEqual(events, ['InvalidDiskCapacity: invalid capacity 0 on image filesystem']);
  });

  it('removes images unused for longer than the maximum age once the kubelet has run that long', async () => {
    const { clock, runtime, gc, fs, present } = await setup({ policy: { maxAgeMs: 10 * minute } });
    fs.availableBytes = 9000;
    runtime.images.add('a:1', { size: 1000 });
    const began = clock.now();
    await gc.garbageCollect(began);
    await clock.advance(10 * minute);
    await gc.garbageCollect(began);
    assert.deepEqual(await present(), ['docker.io/library/a:1']);
    await clock.advance(1);
    await gc.garbageCollect(began);
    assert.deepEqual(await present(), []);
  });

  it('deletes every unused image old enough for the eviction manager, and validates its policy', async () => {
    const { clock, runtime, gc, use, present } = await setup();
    runtime.images.add('a:1', { size: 1 });
    runtime.images.add('b:1', { size: 1 });
    await use('b:1');
    await gc.detectImages();
    await clock.advance(2 * minute);
    await gc.deleteUnusedImages();
    assert.deepEqual(await present(), ['docker.io/library/b:1']);
    assert.throws(
      () =>
        new ImageGcManager({
          runtime,
          images: runtime,
          imageFsStats: async () => ({ capacityBytes: 1, availableBytes: 1 }),
          policy: { lowThresholdPercent: 90 },
        }),
      { message: 'LowThresholdPercent 90 can not be higher than HighThresholdPercent 85' },
    );
    const off = new ImageGcManager({
      runtime,
      images: runtime,
      imageFsStats: async () => ({ capacityBytes: 1, availableBytes: 1 }),
      policy: { highThresholdPercent: 100 },
    });
    assert.equal(off.disabled, true);
  });
});
