// NodeStatsProvider over a FakeRuntime and temp directories standing in for /proc and the memory
// cgroup hierarchy.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FakeClock } from '../../base/clock.js';
import { FakeRuntime } from '../cri/fake-runtime.js';
import type { PodSandboxConfig } from '../cri/runtime-service.js';
import { NodeStatsProvider } from './node-stats-provider.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'k8ts-node-stats-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('NodeStatsProvider observes memory, filesystems, pids and pods', async () => {
  const proc = path.join(dir, 'proc');
  const cgroups = path.join(dir, 'cgroup');
  const root = path.join(dir, 'kubelet');
  const logs = path.join(dir, 'pod-logs');
  await mkdir(path.join(proc, 'sys', 'kernel'), { recursive: true });
  await writeFile(path.join(proc, 'meminfo'), 'MemTotal:        4194304 kB\nMemFree:  1 kB\n');
  await writeFile(path.join(proc, 'loadavg'), '0.10 0.20 0.30 2/345 6789\n');
  await writeFile(path.join(proc, 'sys', 'kernel', 'pid_max'), '32768\n');
  for (const cg of ['', 'kubepods']) {
    await mkdir(path.join(cgroups, 'memory', cg), { recursive: true });
    await writeFile(
      path.join(cgroups, 'memory', cg, 'memory.usage_in_bytes'),
      cg === '' ? '2147483648\n' : '1073741824\n',
    );
    await writeFile(
      path.join(cgroups, 'memory', cg, 'memory.stat'),
      'cache 1\ntotal_inactive_file 536870912\n',
    );
  }

  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock, images: ['toolbox:1'] });
  const sandbox: PodSandboxConfig = {
    metadata: { name: 'web', namespace: 'ns', uid: 'uid-1', attempt: 0 },
    labels: { 'io.kubernetes.pod.uid': 'uid-1' },
  };
  const { podSandboxId } = await runtime.runPodSandbox({ config: sandbox });
  const { containerId } = await runtime.createContainer({
    podSandboxId,
    config: {
      metadata: { name: 'app', attempt: 0 },
      image: { image: 'toolbox:1' },
      labels: { 'io.kubernetes.pod.uid': 'uid-1' },
    },
    sandboxConfig: sandbox,
  });
  await runtime.startContainer(containerId);
  runtime.setUsage(containerId, { memoryWorkingSetBytes: 12345 });
  await mkdir(path.join(logs, 'ns_web_uid-1', 'app'), { recursive: true });
  await writeFile(path.join(logs, 'ns_web_uid-1', 'app', '0.log'), 'x'.repeat(10_000));
  await mkdir(path.join(root, 'pods', 'uid-1', 'volumes', 'kubernetes.io~empty-dir', 'scratch'), {
    recursive: true,
  });
  await writeFile(
    path.join(root, 'pods', 'uid-1', 'volumes', 'kubernetes.io~empty-dir', 'scratch', 'f'),
    'y'.repeat(20_000),
  );

  const provider = new NodeStatsProvider({
    runtime,
    images: runtime,
    rootDir: root,
    podLogsRoot: logs,
    podsCgroup: { path: '/kubepods', allocatableMemoryBytes: 3 * 1024 ** 3 },
    cgroupMountPoint: cgroups,
    procRoot: proc,
    clock,
  });
  const s = await provider.summary();
  const gi = 1024 ** 3;
  assert.deepEqual(s.memory, { workingSetBytes: 1.5 * gi, availableBytes: 2.5 * gi, time: clock.now() });
  assert.deepEqual(s.allocatableMemory, {
    workingSetBytes: 0.5 * gi,
    availableBytes: 2.5 * gi,
    time: clock.now(),
  });
  assert.deepEqual(s.pids, { maxPid: 32768, running: 345, time: clock.now() });
  assert.ok(s.nodeFs !== undefined && s.nodeFs.capacityBytes > 0 && s.nodeFs.inodes !== undefined);
  // The fake's image filesystem is not a real path: images count as living on nodefs.
  assert.equal(s.imageFs, undefined);
  assert.equal(await provider.hasDedicatedImageFs(), false);
  assert.equal(s.pods.length, 1);
  const p = s.pods[0]!;
  assert.equal(p.uid, 'uid-1');
  assert.equal(p.memoryWorkingSetBytes, 12345);
  assert.equal(p.containers[0]?.name, 'app');
  assert.ok((p.containers[0]?.logsUsedBytes ?? 0) >= 10_000);
  assert.equal(p.volumes?.[0]?.name, 'scratch');
  assert.ok((p.volumes?.[0]?.usedBytes ?? 0) >= 20_000);
});
