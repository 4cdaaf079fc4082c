// ContainerManager on the real /sys/fs/cgroup (root only): a k8ts-test-* cgroup root with
// kubepods sized to node allocatable, the QoS tiers, a Guaranteed pod cgroup with a process in it
// that removal kills, and a teardown that leaves no cgroup directory in any hierarchy.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ContainerManager } from './container-manager.js';

const mount = '/sys/fs/cgroup';
const runnable =
  process.getuid?.() === 0 &&
  (await stat(path.join(mount, 'memory', 'memory.limit_in_bytes')).then(
    () => true,
    () => false,
  ));
const root = `/k8ts-test-${randomBytes(4).toString('hex')}`;
const children: ChildProcess[] = [];

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );
const read = (h: string, cgroup: string, file: string) =>
  readFile(path.join(mount, h, cgroup, file), 'utf8').then((s) => s.trim());

async function hierarchyDirs(): Promise<string[]> {
  return (await readdir(mount)).map((h) => path.join(mount, h));
}

// Whatever a failed run leaves behind: kill our processes, then remove the tree bottom-up.
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (!runnable) return;
  const removeTree = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory()) await removeTree(path.join(dir, e.name));
    await rmdir(dir).catch(() => {});
  };
  for (const h of await hierarchyDirs()) await removeTree(path.join(h, root));
  for (const h of await hierarchyDirs())
    assert.equal(await exists(path.join(h, root)), false, `${h}${root} left behind`);
});

test(
  'kubepods, QoS tiers and a pod cgroup on real cgroups, removed again',
  { skip: !runnable && 'needs root and cgroup v1' },
  async () => {
    const pod: Pod = {
      metadata: { name: 'g', namespace: 'default', uid: 'c0ffee00-0000-4000-8000-000000000001' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'x',
            resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '250m', memory: '64Mi' } },
          },
        ],
      },
    };
    const cm = new ContainerManager({
      cgroupRoot: root,
      capacity: { cpu: '2', memory: '2Gi' },
      systemReserved: { memory: '512Mi' },
      activePods: () => [pod],
    });
    await cm.start();
    const kubepods = `${root}/kubepods`;
    assert.equal(await read('memory', kubepods, 'memory.limit_in_bytes'), String(1536 * 1024 * 1024));
    assert.equal(await read('cpu', kubepods, 'cpu.shares'), '2048');
    assert.equal(await read('cpu', `${kubepods}/besteffort`, 'cpu.shares'), '2');

    await cm.ensurePodCgroup(pod);
    const cgroup = cm.podCgroupParent(pod);
    assert.equal(cgroup, `${kubepods}/pod${pod.metadata!.uid}`);
    assert.equal(await read('cpu', cgroup, 'cpu.cfs_quota_us'), '25000');
    assert.equal(await read('cpu', cgroup, 'cpu.cfs_period_us'), '100000');
    assert.equal(await read('memory', cgroup, 'memory.limit_in_bytes'), String(64 * 1024 * 1024));
    // The new cpuset cgroups got CPUs and memory nodes, or no task could join them.
    assert.notEqual(await read('cpuset', cgroup, 'cpuset.cpus'), '');
    for (const h of await hierarchyDirs()) assert.ok(await exists(path.join(h, cgroup)), `${h}${cgroup}`);

    // A process left in the pod cgroup, as a container runc failed to clean up would be.
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(sleeper);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      sleeper.once('exit', (_code, signal) => resolve(signal)),
    );
    for (const h of ['memory', 'cpu', 'pids', 'cpuset'])
      await writeFile(path.join(mount, h, cgroup, 'cgroup.procs'), String(sleeper.pid));
    assert.deepEqual(await cm.fs.processes(cgroup), [sleeper.pid]);
    assert.equal(await cm.removeEmptyTree(), false);

    await cm.removePodCgroup(cgroup);
    assert.equal(await exited, 'SIGKILL');
    for (const h of await hierarchyDirs())
      assert.equal(await exists(path.join(h, cgroup)), false, `${h}${cgroup}`);

    assert.equal(await cm.removeEmptyTree(), true);
    for (const h of await hierarchyDirs())
      assert.equal(await exists(path.join(h, root)), false, `${h}${root}`);
  },
);
