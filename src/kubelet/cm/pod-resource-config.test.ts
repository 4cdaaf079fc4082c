import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { cgroupLayout, podCgroupPath } from './cgroup-layout.js';
import { nodeAllocatableResources } from './node-allocatable.js';
import { podResourceConfig } from './pod-resource-config.js';
import { podLimits, podRequests } from './pod-resources.js';
import { valueOf, milliOf } from './resource-amounts.js';

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
  overhead?: Record<string, string>,
): Pod => ({
  metadata: { name: 'p', uid: 'u' },
  spec: { containers, initContainers, ...(overhead ? { overhead } : {}) },
});
const mi = 1024 * 1024;
const both = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });

describe('podRequests / podLimits', () => {
  it('adds containers and sidecars, and takes the larger of that and each init step', () => {
    const p = pod(
      [c('a', { requests: { cpu: '100m', memory: '10Mi' } }), c('b', { requests: { cpu: '200m' } })],
      [
        c('side', { requests: { cpu: '50m', memory: '5Mi' } }, 'Always'),
        // Runs alongside the sidecar: 1000m + 50m, 1Mi + 5Mi.
        c('init', { requests: { cpu: '1', memory: '1Mi' } }),
      ],
      { cpu: '10m', memory: '1Mi' },
    );
    const reqs = podRequests(p);
    assert.equal(milliOf(reqs.get('cpu')), 1050 + 10);
    assert.equal(valueOf(reqs.get('memory')), 15 * mi + mi);
  });

  it('adds overhead only to limits that exist and visits every effective container limit', () => {
    const seen: string[] = [];
    const p = pod([c('a', { limits: { memory: '10Mi' } })], [c('init', { limits: { cpu: '1' } })], {
      cpu: '10m',
      memory: '1Mi',
    });
    const limits = podLimits(p, (amounts, kind) => seen.push(`${kind}:${[...amounts.keys()].join(',')}`));
    assert.equal(valueOf(limits.get('memory')), 11 * mi);
    assert.equal(milliOf(limits.get('cpu')), 1010);
    assert.deepEqual(seen, ['container:memory', 'init:cpu']);
  });
});

describe('podResourceConfig', () => {
  it('gives Guaranteed pods shares, quota, period and memory limit', () => {
    const p = pod([c('a', both('500m', '64Mi')), c('b', both('250m', '32Mi'))]);
    assert.deepEqual(podResourceConfig(p), {
      cpuShares: 768,
      cpuQuota: 75_000,
      cpuPeriodUs: 100_000,
      memoryLimitBytes: 96 * mi,
    });
    assert.equal(podResourceConfig(p, { enforceCpuLimits: false }).cpuQuota, -1);
  });

  it('limits a Burstable pod only in what every container limits', () => {
    const p = pod([
      c('a', { requests: { cpu: '100m' }, limits: { cpu: '200m', memory: '64Mi' } }),
      c('b', { limits: { cpu: '300m' } }),
    ]);
    assert.deepEqual(podResourceConfig(p), { cpuShares: 102, cpuQuota: 50_000, cpuPeriodUs: 100_000 });
    const q = pod([c('a', { requests: { memory: '1Mi' } })]);
    assert.deepEqual(podResourceConfig(q, { podPidsLimit: 100 }), { cpuShares: 2, pidsLimit: 100 });
  });

  it('counts a sidecar before an init container as declaring that limit for the init step', () => {
    const p = pod(
      [c('a', { requests: { cpu: '100m' }, limits: { memory: '64Mi' } })],
      [c('side', { limits: { memory: '16Mi' } }, 'Always'), c('init', { requests: { cpu: '1' } })],
    );
    assert.equal(podResourceConfig(p).memoryLimitBytes, 80 * mi);
  });

  it('gives BestEffort pods the minimum shares only', () => {
    assert.deepEqual(podResourceConfig(pod([c('a')])), { cpuShares: 2 });
  });
});

describe('cgroup names and node allocatable', () => {
  it('names pod cgroups under kubepods by QoS, below a configurable root', () => {
    const l = cgroupLayout();
    assert.equal(podCgroupPath(l, 'Guaranteed', 'abc-1'), '/kubepods/podabc-1');
    assert.equal(podCgroupPath(l, 'Burstable', 'abc-1'), '/kubepods/burstable/podabc-1');
    assert.equal(podCgroupPath(l, 'BestEffort', 'abc-1'), '/kubepods/besteffort/podabc-1');
    assert.equal(podCgroupPath(cgroupLayout('k8ts'), 'BestEffort', 'x'), '/k8ts/kubepods/besteffort/podx');
  });

  it('sizes kubepods to capacity minus reservations, or to capacity when not enforced', () => {
    const capacity = { cpu: '2', memory: '4Gi', pid: '32768' };
    assert.deepEqual(
      nodeAllocatableResources({
        capacity,
        systemReserved: { cpu: '500m', memory: '1Gi' },
        kubeReserved: { pid: '1000' },
      }),
      { cpuShares: 1536, memoryLimitBytes: 3 * 1024 * mi, pidsLimit: 31_768 },
    );
    assert.deepEqual(
      nodeAllocatableResources({ capacity, systemReserved: { memory: '8Gi' }, enforceNodeAllocatable: [] }),
      { cpuShares: 2048, memoryLimitBytes: 4 * 1024 * mi, pidsLimit: 32_768 },
    );
    assert.equal(
      nodeAllocatableResources({ capacity, systemReserved: { memory: '8Gi' } }).memoryLimitBytes,
      0,
    );
  });
});
