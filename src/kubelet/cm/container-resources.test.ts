import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { containerLinuxResources } from './container-resources.js';
import { milliCpuToQuota, milliCpuToShares } from './cpu-conversions.js';
import { containerOomScoreAdjust } from './oom-score.js';

type Res = { requests?: Record<string, string>; limits?: Record<string, string> };
const c = (name: string, resources: Res = {}, restartPolicy?: string): Container => ({
  name,
  image: 'x',
  resources,
  ...(restartPolicy !== undefined ? { restartPolicy } : {}),
});
const pod = (
  containers: Container[],
  initContainers: Container[] = [],
  extra: Partial<Pod['spec']> = {},
): Pod => ({
  metadata: { name: 'p', uid: 'u' },
  spec: { containers, initContainers, ...extra },
});
const gi = 1024 ** 3;

describe('cpu conversions', () => {
  it('maps milli-CPU to shares with the kernel bounds', () => {
    assert.equal(milliCpuToShares(0), 2);
    assert.equal(milliCpuToShares(1), 2);
    assert.equal(milliCpuToShares(100), 102);
    assert.equal(milliCpuToShares(1000), 1024);
    assert.equal(milliCpuToShares(10_000_000), 262_144);
  });

  it('maps milli-CPU to a CFS quota of at least 1 ms', () => {
    assert.equal(milliCpuToQuota(0), 0);
    assert.equal(milliCpuToQuota(5), 1000);
    assert.equal(milliCpuToQuota(250), 25_000);
    assert.equal(milliCpuToQuota(1500, 50_000), 75_000);
  });
});

describe('containerLinuxResources', () => {
  const options = { memoryCapacityBytes: 8 * gi, swapControllerAvailable: true };

  it('takes shares from the request, quota and period from the limit, and the memory limit', () => {
    const ctr = c('a', {
      requests: { cpu: '250m', memory: '64Mi' },
      limits: { cpu: '500m', memory: '128Mi' },
    });
    const r = containerLinuxResources(pod([ctr]), ctr, options);
    assert.deepEqual(r, {
      cpuShares: 256,
      cpuPeriod: 100_000,
      cpuQuota: 50_000,
      memoryLimitInBytes: 128 * 1024 * 1024,
      memorySwapLimitInBytes: 128 * 1024 * 1024,
      oomScoreAdj: 1000 - Math.trunc((1000 * 64 * 1024 * 1024) / (8 * gi)),
    });
  });

  it('gives a container without requests the minimum shares and no quota, but still the period', () => {
    const ctr = c('a');
    const r = containerLinuxResources(pod([ctr]), ctr, options);
    assert.deepEqual(r, {
      cpuShares: 2,
      cpuPeriod: 100_000,
      cpuQuota: 0,
      memorySwapLimitInBytes: 0,
      oomScoreAdj: 1000,
    });
  });

  it('uses the cpu limit for shares when no cpu request is given, and honours --cpu-cfs-quota=false', () => {
    const ctr = c('a', { limits: { cpu: '2' } });
    const r = containerLinuxResources(pod([ctr]), ctr, { memoryCapacityBytes: gi, cpuCfsQuota: false });
    assert.equal(r.cpuShares, 2048);
    assert.equal(r.cpuQuota, undefined);
    assert.equal(r.memorySwapLimitInBytes, undefined);
  });
});

describe('containerOomScoreAdjust', () => {
  const g = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };

  it('gives Guaranteed -997, BestEffort 1000 and node-critical pods -997', () => {
    const gc = c('a', g);
    assert.equal(containerOomScoreAdjust(pod([gc]), gc, 4 * gi), -997);
    const be = c('a');
    assert.equal(containerOomScoreAdjust(pod([be]), be, 4 * gi), 1000);
    const critical = pod([be], [], { priority: 2_000_001_000, priorityClassName: 'system-node-critical' });
    assert.equal(containerOomScoreAdjust(critical, be, 4 * gi), -997);
  });

  it('scores Burstable containers by their share of memory, kept within [3, 999]', () => {
    const half = c('a', { requests: { memory: '2Gi' } });
    assert.equal(containerOomScoreAdjust(pod([half]), half, 4 * gi), 500);
    const all = c('a', { requests: { memory: '4Gi' } });
    assert.equal(containerOomScoreAdjust(pod([all]), all, 4 * gi), 3);
    const none = c('b', { requests: { cpu: '1' } });
    assert.equal(containerOomScoreAdjust(pod([none]), none, 4 * gi), 999);
  });

  it('never lets a sidecar score above the most exposed regular container', () => {
    const big = c('big', { requests: { memory: '2Gi' } });
    const small = c('small', { requests: { memory: '1Gi' } });
    const side = c('side', { requests: { memory: '100Mi' } }, 'Always');
    const p = pod([big, small], [side]);
    assert.equal(containerOomScoreAdjust(p, small, 4 * gi), 750);
    assert.equal(containerOomScoreAdjust(p, side, 4 * gi), 750);
    // An ordinary init container keeps its own score.
    const init = c('init', { requests: { memory: '100Mi' } });
    const q = pod([big, small], [init]);
    assert.equal(containerOomScoreAdjust(q, init, 4 * gi), 976);
  });
});
