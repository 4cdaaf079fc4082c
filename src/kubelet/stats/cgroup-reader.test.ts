import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CgroupReader } from './cgroup-reader.js';

let root: string;

async function put(file: string, text: string): Promise<void> {
  await mkdir(join(root, file, '..'), { recursive: true });
  await writeFile(join(root, file), text);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'k8ts-cgroup-reader-'));
  // A v1 layout as on this machine: one directory per controller.
  await put('cpuacct/pod1/cpuacct.usage', '2500000000\n');
  await put('cpuacct/pod1/cpuacct.stat', 'user 150\nsystem 50\n');
  await put('memory/pod1/memory.usage_in_bytes', '10000\n');
  await put('memory/pod1/memory.limit_in_bytes', '9223372036854771712\n');
  await put(
    'memory/pod1/memory.stat',
    'cache 1\nrss 2\ntotal_cache 3000\ntotal_rss 6000\ntotal_inactive_file 1500\ntotal_pgfault 77\ntotal_pgmajfault 3\n',
  );
  await put('memory/pod1/cgroup.procs', '11\n');
  await put('memory/pod1/c1/cgroup.procs', '12\n13\n');
  await put('memory/pod1/c1/memory.limit_in_bytes', '67108864\n');
  await put('memory/pod1/c1/memory.usage_in_bytes', '4096\n');
  await put('memory/pod1/c1/memory.stat', 'total_inactive_file 8192\n');
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('v1: CPU from cpuacct (user/system ticks at 100 Hz), memory with working set = usage − inactive file', async () => {
  const r = await new CgroupReader({ mountPoint: root, now: () => 42 }).read('/pod1');
  assert.deepEqual(r, {
    time: 42,
    cpu: { usageCoreNanoSeconds: 2.5e9, userNanoSeconds: 1.5e9, systemNanoSeconds: 0.5e9 },
    memory: {
      usageBytes: 10000,
      workingSetBytes: 8500,
      rssBytes: 6000,
      cacheBytes: 3000,
      pageFaults: 77,
      majorPageFaults: 3,
    },
  });
});

test('a limit is reported unless unlimited; working set never goes below zero; missing cgroups read as undefined', async () => {
  const reader = new CgroupReader({ mountPoint: root });
  const c1 = await reader.read('/pod1/c1');
  assert.equal(c1?.memory?.limitBytes, 67108864);
  assert.equal(c1?.memory?.workingSetBytes, 0);
  assert.equal(c1?.cpu, undefined);
  assert.equal(await reader.read('/nope'), undefined);
});

test('processes are counted through the subtree; pids lists the cgroup itself', async () => {
  const reader = new CgroupReader({ mountPoint: root });
  assert.equal(await reader.processCount('/pod1'), 3);
  assert.deepEqual(await reader.pids('/pod1/c1'), [12, 13]);
  assert.equal(await reader.processCount('/nope'), undefined);
});
