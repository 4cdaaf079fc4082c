// ContainerManager and CgroupFs against a temp directory laid out like this machine's
// /sys/fs/cgroup (v1 hierarchies, the named systemd one, unified/ for v2).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock } from '../../base/clock.js';
import { eventually } from '../../client/testing/eventually.js';
import { CgroupFs } from './cgroupfs.js';
import { ContainerManager } from './container-manager.js';

const hierarchies = [
  'blkio',
  'cpu',
  'cpuacct',
  'cpuset',
  'devices',
  'freezer',
  'memory',
  'pids',
  'systemd',
  'unified',
];
let mount: string;

beforeEach(async () => {
  mount = await mkdtemp(path.join(tmpdir(), 'k8ts-cgroupfs-'));
  for (const h of hierarchies) await mkdir(path.join(mount, h));
  await writeFile(path.join(mount, 'unified', 'cgroup.controllers'), 'hugetlb\n');
  await writeFile(path.join(mount, 'memory', 'memory.memsw.limit_in_bytes'), '9223372036854771712\n');
});

afterEach(async () => {
  await rm(mount, { recursive: true, force: true });
});

const read = (h: string, cgroup: string, file: string) =>
  readFile(path.join(mount, h, cgroup, file), 'utf8').then((s) => s.trim());
const isDir = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

const pod = (
  uid: string,
  resources: { requests?: Record<string, string>; limits?: Record<string, string> } = {},
): Pod => ({
  metadata: { name: uid, namespace: 'default', uid },
  spec: { containers: [{ name: 'c', image: 'x', resources }] },
});

describe('CgroupFs', () => {
  it('creates a cgroup in every hierarchy, writes v1 files, lists and removes it', async () => {
    const fs = new CgroupFs({ mountPoint: mount });
    assert.equal((await fs.hierarchies()).find((h) => h.name === 'unified')?.v2, true);
    await fs.create('/a/b', {
      cpuShares: 10,
      cpuPeriodUs: 100_000,
      cpuQuota: 5000,
      memoryLimitBytes: 1024,
      pidsLimit: -1,
    });
    for (const h of hierarchies) assert.ok(await isDir(path.join(mount, h, 'a', 'b')), h);
    assert.equal(await read('cpu', 'a/b', 'cpu.shares'), '10');
    assert.equal(await read('cpu', 'a/b', 'cpu.cfs_quota_us'), '5000');
    assert.equal(await read('memory', 'a/b', 'memory.limit_in_bytes'), '1024');
    assert.equal(await read('pids', 'a/b', 'pids.max'), 'max');
    assert.equal(await fs.exists('/a/b'), true);
    assert.deepEqual(await fs.children('/a'), ['b']);
    await writeFile(path.join(mount, 'memory', 'a', 'b', 'cgroup.procs'), '12\n13\n');
    assert.deepEqual((await fs.processes('/a')).sort(), [12, 13]);
    await fs.destroy('/a');
    for (const h of hierarchies) assert.equal(await isDir(path.join(mount, h, 'a')), false, h);
    assert.equal(await fs.exists('/a/b'), false);
    await assert.rejects(fs.destroy('/'), /hierarchy root/);
  });
});

describe('ContainerManager', () => {
  it('creates kubepods sized to node allocatable and the QoS tiers, under the configured root', async () => {
    const cm = new ContainerManager({
      cgroupMountPoint: mount,
      cgroupRoot: '/k8ts',
      capacity: { cpu: '2', memory: '4Gi' },
      systemReserved: { memory: '1Gi' },
      activePods: () => [],
      clock: new FakeClock(),
    });
    await cm.start();
    assert.equal(await read('cpu', 'k8ts/kubepods', 'cpu.shares'), '2048');
    assert.equal(await read('memory', 'k8ts/kubepods', 'memory.limit_in_bytes'), String(3 * 1024 ** 3));
    assert.equal(await read('cpu', 'k8ts/kubepods/besteffort', 'cpu.shares'), '2');
    assert.equal(await read('cpu', 'k8ts/kubepods/burstable', 'cpu.shares'), '2');
    cm.stop();
  });

  it('creates pod cgroups, re-weighs the Burstable tier, and cleans up orphans', async () => {
    const clock = new FakeClock();
    const active: Pod[] = [];
    const cm = new ContainerManager({
      cgroupMountPoint: mount,
      capacity: { cpu: '2', memory: '4Gi' },
      activePods: () => active,
      clock,
    });
    await cm.start();
    const burstable = pod('b-1', { requests: { cpu: '500m' } });
    const guaranteed = pod('g-1', {
      requests: { cpu: '1', memory: '1Gi' },
      limits: { cpu: '1', memory: '1Gi' },
    });
    const bestEffort = pod('e-1');
    active.push(burstable, guaranteed, bestEffort);
    assert.equal(cm.podCgroupParent(burstable), '/kubepods/burstable/podb-1');
    for (const p of active) await cm.ensurePodCgroup(p);
    assert.equal(await read('cpu', 'kubepods/burstable', 'cpu.shares'), '512');
    assert.equal(await read('cpu', 'kubepods/podg-1', 'cpu.cfs_quota_us'), '100000');
    assert.equal(await read('memory', 'kubepods/podg-1', 'memory.limit_in_bytes'), String(1024 ** 3));
    assert.equal(await read('cpu', 'kubepods/besteffort/pode-1', 'cpu.shares'), '2');
    assert.deepEqual([...(await cm.podCgroups()).entries()].sort(), [
      ['b-1', '/kubepods/burstable/podb-1'],
      ['e-1', '/kubepods/besteffort/pode-1'],
      ['g-1', '/kubepods/podg-1'],
    ]);
    // The swap controller was found, so containers get memory+swap pinned to memory.
    assert.equal(
      cm.containerResources(guaranteed, guaranteed.spec!.containers[0]!).memorySwapLimitInBytes,
      1024 ** 3,
    );

    // The periodic update follows the active pods.
    active.push(pod('b-2', { requests: { cpu: '500m' } }));
    await clock.advance(60_000);
    // The timer fired; its file writes are real I/O, so wait for them to land.
    await eventually(async () => assert.equal(await read('cpu', 'kubepods/burstable', 'cpu.shares'), '1024'));

    // A pod whose volumes remain only loses cpu weight; the others go.
    const removed = await cm.cleanupOrphanedPodCgroups(new Set(['g-1']), (uid) => uid === 'e-1');
    assert.deepEqual(removed, ['b-1']);
    assert.equal(await isDir(path.join(mount, 'memory', 'kubepods', 'burstable', 'podb-1')), false);
    assert.equal(await removeTree(cm), false);
    await cm.removePodCgroup('/kubepods/podg-1');
    await cm.removePodCgroup('/kubepods/besteffort/pode-1');
    await assert.rejects(cm.removePodCgroup('/elsewhere/podx'), /not a pod cgroup/);
    assert.equal(await removeTree(cm), true);
    for (const h of hierarchies) assert.equal(await isDir(path.join(mount, h, 'kubepods')), false, h);
  });
});

function removeTree(cm: ContainerManager): Promise<boolean> {
  return cm.removeEmptyTree();
}
