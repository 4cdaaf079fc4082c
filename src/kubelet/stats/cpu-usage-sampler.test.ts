import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { CpuUsageSampler } from './cpu-usage-sampler.js';

function setup() {
  const clock = new FakeClock(1_000_000);
  const usage = new Map<string, number>([['/a', 0]]);
  const sampler = new CpuUsageSampler({
    cgroups: async () => [...usage.keys()],
    read: async (cgroup) => {
      const u = usage.get(cgroup);
      return u === undefined ? undefined : { time: clock.now(), usageCoreNanoSeconds: u };
    },
    clock,
  });
  return { clock, usage, sampler };
}

test('no rate from a single reading; then the change over the window in nanocores', async () => {
  const { clock, usage, sampler } = setup();
  assert.equal(sampler.rate('/a', { time: clock.now(), usageCoreNanoSeconds: 5 }), undefined);
  await sampler.sampleNow();
  await clock.advance(10_000);
  usage.set('/a', 5e9);
  // 5 core-seconds over 10 s: half a core.
  assert.equal(sampler.rate('/a', { time: clock.now(), usageCoreNanoSeconds: 5e9 }), 500_000_000);
});

test('a sample younger than the minimum window is skipped for the one before it', async () => {
  const { clock, usage, sampler } = setup();
  await sampler.sampleNow();
  await clock.advance(10_000);
  usage.set('/a', 10e9);
  await sampler.sampleNow();
  await clock.advance(500);
  // 10.5 s since the first sample, 0.5 s since the second: the first is used.
  assert.equal(sampler.rate('/a', { time: clock.now(), usageCoreNanoSeconds: 10.5e9 }), 1_000_000_000);
});

test('a counter that went backwards (a new cgroup of the same name) gives no rate; gone cgroups are forgotten', async () => {
  const { clock, usage, sampler } = setup();
  usage.set('/a', 9e9);
  await sampler.sampleNow();
  await clock.advance(5000);
  assert.equal(sampler.rate('/a', { time: clock.now(), usageCoreNanoSeconds: 1e9 }), undefined);
  usage.delete('/a');
  await sampler.sampleNow();
  assert.equal(sampler.rate('/a', { time: clock.now() + 5000, usageCoreNanoSeconds: 10e9 }), undefined);
});

test('start samples at once and then every interval until stopped', async () => {
  const { clock, usage, sampler } = setup();
  sampler.start();
  await sampler.sampleNow();
  usage.set('/a', 2e9);
  await clock.advance(10_000);
  await sampler.sampleNow();
  await sampler.stop();
  await clock.advance(1000);
  assert.equal(sampler.rate('/a', { time: clock.now(), usageCoreNanoSeconds: 3e9 }), 1_000_000_000);
});
