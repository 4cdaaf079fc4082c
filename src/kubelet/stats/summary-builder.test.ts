import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CgroupObservation, NodeObservation } from './node-observation.js';
import { buildSummary } from './summary-builder.js';

const t0 = Date.UTC(2025, 0, 2, 3, 4, 5);
const time = '2025-01-02T03:04:05Z';
const gi = 1024 ** 3;

function cg(
  cgroup: string,
  cpuNs: number,
  ws: number,
  extra: Partial<CgroupObservation> = {},
): CgroupObservation {
  return {
    cgroup,
    time: t0,
    cpu: { usageCoreNanoSeconds: cpuNs },
    memory: {
      usageBytes: ws + 1000,
      workingSetBytes: ws,
      rssBytes: ws / 2,
      pageFaults: 7,
      majorPageFaults: 1,
    },
    ...extra,
  };
}

const fs = {
  time: t0,
  capacityBytes: 100 * gi,
  availableBytes: 60 * gi,
  usedBytes: 40 * gi,
  inodes: 1000,
  inodesFree: 900,
  inodesUsed: 100,
};

function observation(): NodeObservation {
  return {
    nodeName: 'n1',
    time: t0,
    bootTime: t0 - 3600_000,
    machine: { memoryBytes: 8 * gi, cpuCores: 2, bootId: 'b', machineId: 'm', systemUuid: 'u' },
    root: cg('/', 5e12, 2 * gi, { usageNanoCores: 250_000_000 }),
    systemContainers: [
      { name: 'kubelet', startTime: t0 - 60_000, cgroup: cg('/system/kubelet', 1e9, 100) },
      { name: 'runtime', startTime: t0 - 60_000, cgroup: undefined },
      { name: 'pods', startTime: t0 - 60_000, cgroup: cg('/kubepods', 2e9, 300) },
    ],
    network: {
      time: t0,
      interfaces: [
        { name: 'eth0', rxBytes: 10, rxErrors: 0, txBytes: 20, txErrors: 0 },
        { name: 'k8ts0', rxBytes: 1, rxErrors: 0, txBytes: 2, txErrors: 0 },
      ],
    },
    nodeFs: fs,
    imageFs: { ...fs, usedBytes: 5 * gi, inodesUsed: 50 },
    rlimit: { time: t0, maxPid: 4194304, processes: 321 },
    sandboxImage: 'pause:1',
    pods: [
      {
        pod: {
          uid: 'u1',
          name: 'web',
          namespace: 'default',
          sandboxId: 's1',
          ready: true,
          createdAt: t0 - 10_000,
          cgroup: '/kubepods/besteffort/podu1',
          sandboxCgroup: '/kubepods/besteffort/podu1/s1',
          containers: [],
        },
        cgroup: cg('/kubepods/besteffort/podu1', 3e9, 64 * 1024 ** 2, {
          usageNanoCores: 1000,
          memory: { usageBytes: 70e6, workingSetBytes: 64e6, limitBytes: 128e6 },
        }),
        sandbox: undefined,
        processCount: 3,
        network: {
          time: t0,
          interfaces: [{ name: 'eth0', rxBytes: 5, rxErrors: 0, txBytes: 6, txErrors: 0 }],
        },
        containers: [
          {
            container: {
              id: 'c1',
              name: 'app',
              attempt: 0,
              image: 'toolbox:1',
              createdAt: t0 - 9000,
              cgroup: '/x/c1',
            },
            cgroup: cg('/x/c1', 2e9, 60e6),
            cri: {
              attributes: { id: 'c1', metadata: { name: 'app', attempt: 0 }, labels: {}, annotations: {} },
              writableLayer: { timestamp: t0 * 1e6, usedBytes: 4096, inodesUsed: 4 },
            },
            logs: { usedBytes: 8192, inodesUsed: 2 },
          },
          {
            // No readable cgroup: the runtime's figures stand in.
            container: {
              id: 'c2',
              name: 'side',
              attempt: 1,
              image: 'toolbox:1',
              createdAt: t0 - 8000,
              cgroup: undefined,
            },
            cgroup: undefined,
            cri: {
              attributes: { id: 'c2', metadata: { name: 'side', attempt: 1 }, labels: {}, annotations: {} },
              cpu: { timestamp: t0 * 1e6, usageCoreNanoSeconds: 42, usageNanoCores: 7 },
              memory: { timestamp: t0 * 1e6, workingSetBytes: 99 },
            },
            logs: undefined,
          },
        ],
        volumes: [{ name: 'data', usage: { usedBytes: 1000, inodesUsed: 10 }, fs: undefined }],
      },
    ],
  };
}

test('the node: root cgroup against machine memory, system containers with a cgroup, filesystems, rlimit', () => {
  const { node } = buildSummary(observation());
  assert.deepEqual(Object.keys(node), [
    'nodeName',
    'systemContainers',
    'startTime',
    'cpu',
    'memory',
    'network',
    'fs',
    'runtime',
    'rlimit',
  ]);
  assert.equal(node.startTime, '2025-01-02T02:04:05Z');
  assert.deepEqual(node.cpu, { time, usageNanoCores: 250_000_000, usageCoreNanoSeconds: 5e12 });
  assert.deepEqual(node.memory, {
    time,
    availableBytes: 6 * gi,
    usageBytes: 2 * gi + 1000,
    workingSetBytes: 2 * gi,
    rssBytes: gi,
    pageFaults: 7,
    majorPageFaults: 1,
  });
  assert.deepEqual(
    node.systemContainers?.map((s) => s.name),
    ['kubelet', 'pods'],
  );
  assert.equal(node.systemContainers?.[0]?.startTime, '2025-01-02T03:03:05Z');
  assert.deepEqual(node.network, {
    time,
    name: 'eth0',
    rxBytes: 10,
    rxErrors: 0,
    txBytes: 20,
    txErrors: 0,
    interfaces: [
      { name: 'eth0', rxBytes: 10, rxErrors: 0, txBytes: 20, txErrors: 0 },
      { name: 'k8ts0', rxBytes: 1, rxErrors: 0, txBytes: 2, txErrors: 0 },
    ],
  });
  assert.equal(node.fs?.usedBytes, 40 * gi);
  assert.equal(node.runtime?.imageFs?.usedBytes, 5 * gi);
  assert.deepEqual(node.runtime?.containerFs, node.runtime?.imageFs);
  assert.deepEqual(node.rlimit, { time, maxpid: 4194304, curproc: 321 });
});

test('a pod: cgroup figures, its network, volumes, ephemeral storage and process count', () => {
  const [pod] = buildSummary(observation()).pods;
  assert.deepEqual(pod?.podRef, { name: 'web', namespace: 'default', uid: 'u1' });
  assert.equal(pod?.startTime, '2025-01-02T03:03:55Z');
  assert.deepEqual(pod?.cpu, { time, usageNanoCores: 1000, usageCoreNanoSeconds: 3e9 });
  // Available against the pod cgroup's limit.
  assert.equal(pod?.memory?.availableBytes, 64e6);
  assert.equal(pod?.network?.rxBytes, 5);
  assert.deepEqual(pod?.volume, [{ time, usedBytes: 1000, inodesUsed: 10, name: 'data' }]);
  // Writable layer 4096 + logs 8192 + volume 1000.
  assert.deepEqual(pod?.['ephemeral-storage'], {
    time,
    availableBytes: 60 * gi,
    capacityBytes: 100 * gi,
    usedBytes: 4096 + 8192 + 1000,
    inodesFree: 900,
    inodes: 1000,
    inodesUsed: 4 + 2 + 10,
  });
  assert.deepEqual(pod?.process_stats, { process_count: 3 });
});

test('containers: cgroup figures, else the runtime figures; rootfs on the image fs, logs on the node fs', () => {
  const [app, side] = buildSummary(observation()).pods[0]!.containers;
  assert.equal(app?.name, 'app');
  assert.equal(app?.startTime, '2025-01-02T03:03:56Z');
  assert.deepEqual(app?.cpu, { time, usageCoreNanoSeconds: 2e9 });
  assert.equal(app?.memory?.workingSetBytes, 60e6);
  assert.equal(app?.memory?.availableBytes, undefined, 'no limit, no availableBytes');
  assert.deepEqual(app?.rootfs, {
    time,
    availableBytes: 60 * gi,
    capacityBytes: 100 * gi,
    usedBytes: 4096,
    inodesFree: 900,
    inodes: 1000,
    inodesUsed: 4,
  });
  assert.equal(app?.logs?.usedBytes, 8192);
  assert.deepEqual(side?.cpu, { time, usageNanoCores: 7, usageCoreNanoSeconds: 42 });
  assert.deepEqual(side?.memory, { time, workingSetBytes: 99 });
  assert.equal(side?.logs, undefined);
});

test('only_cpu_and_memory keeps names, start times, CPU and memory', () => {
  const s = buildSummary(observation(), true);
  assert.deepEqual(Object.keys(s.node), ['nodeName', 'systemContainers', 'startTime', 'cpu', 'memory']);
  assert.deepEqual(Object.keys(s.pods[0]!), ['podRef', 'startTime', 'containers', 'cpu', 'memory']);
  assert.deepEqual(Object.keys(s.pods[0]!.containers[0]!), ['name', 'startTime', 'cpu', 'memory']);
});
