/**
 * `k8ts scheduler` as its own process against a real `k8ts server`: a KubeSchedulerConfiguration
 * with two profiles (LeastAllocated and MostAllocated), pods naming an unknown scheduler left
 * Pending, and two instances with --leader-elect sharing the kube-system/kube-scheduler Lease.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { stringify } from 'yaml';
import { KubeClient } from '../../src/client/index.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { createNodes, simNode } from '../../src/scheduler/testing/sim-cluster.js';
import { kubectlOk } from '../support/kubectl.js';
import { repoRoot, startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const ns = 'default';
let server: K8tsServer;
let client: KubeClient;
let dir: string;
const children = new Set<ChildProcess>();

const config = `
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
leaderElection:
  leaseDuration: 4s
  renewDeadline: 3s
  retryPeriod: 1s
profiles:
- schedulerName: default-scheduler
- schedulerName: my-scheduler
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
`;

/** Starts `bin/k8ts scheduler`; resolves once it printed its ready line. */
async function startSchedulerProcess(args: string[]): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'k8ts'), 'scheduler', '--kubeconfig', server.kubeconfig, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, K8TS_LOG_LEVEL: 'warn' },
    },
  );
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`scheduler not ready:\n${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`scheduler exited with ${code}:\n${err}`)));
  });
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(child.pid, 'SIGTERM');
  await exited;
}

const pods = () => client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).namespace(ns);
const apply = (objects: object[]) =>
  kubectlOk(['apply', '-f', '-'], {
    kubeconfig: server.kubeconfig,
    stdin: objects.map((o) => stringify(o)).join('---\n'),
  });
const pod = (name: string, schedulerName?: string, cpu = '500m', node?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
  spec: {
    ...(schedulerName ? { schedulerName } : {}),
    ...(node ? { nodeName: node } : {}),
    containers: [
      { name: 'app', image: 'registry.local/app:1', resources: { requests: { cpu, memory: '1Gi' } } },
    ],
  },
});
const nodeOf = async (name: string) => (await pods().get(name)).spec?.nodeName ?? '';
const bound = (name: string) =>
  eventually(async () => {
    const n = await nodeOf(name);
    assert.notEqual(n, '', `${name} not bound`);
    return n;
  }, 20_000);

describe('k8ts scheduler command', () => {
  before(async () => {
    server = await startK8tsServer();
    client = await KubeClient.fromKubeconfig({
      path: server.kubeconfig,
      qps: Infinity,
      component: 'e2e-profiles',
    });
    dir = await mkdtemp(join(tmpdir(), 'k8ts-scheduler-config-'));
    await writeFile(join(dir, 'config.yaml'), config);
    await createNodes(client, [
      simNode('used', { cpu: '8', memory: '32Gi' }),
      simNode('empty', { cpu: '8', memory: '32Gi' }),
    ]);
    // A pod bound directly makes one node fuller than the other.
    await apply([pod('existing', undefined, '4', 'used')]);
  });

  after(async () => {
    for (const c of [...children]) await stopProcess(c);
    client?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('schedules each pod with the profile it names; LeastAllocated spreads, MostAllocated packs', async () => {
    const sched = await startSchedulerProcess(['--config', join(dir, 'config.yaml')]);
    await apply([pod('spread'), pod('packed', 'my-scheduler'), pod('orphan', 'no-such-scheduler')]);
    assert.equal(await bound('spread'), 'empty');
    assert.equal(await bound('packed'), 'used');
    const eventsApi = client.resource<Event>({ group: '', version: 'v1', resource: 'events' }).namespace(ns);
    const all = await eventually(async () => {
      const items = (await eventsApi.list()).items;
      for (const name of ['spread', 'packed'])
        assert.ok(
          items.some((e) => e.reason === 'Scheduled' && e.involvedObject.name === name),
          `no event for ${name}`,
        );
      return items;
    });
    const scheduled = (name: string) =>
      all.find((e) => e.reason === 'Scheduled' && e.involvedObject.name === name);
    assert.equal(scheduled('spread')?.source?.component, 'default-scheduler');
    assert.equal(scheduled('packed')?.source?.component, 'my-scheduler');
    assert.equal(scheduled('packed')?.message, 'Successfully assigned default/packed to used');
    // Nobody answers for no-such-scheduler: the pod stays Pending without events or conditions.
    await new Promise((r) => setTimeout(r, 1000));
    const orphan = await pods().get('orphan');
    assert.equal(orphan.spec?.nodeName, undefined);
    assert.equal(orphan.status?.phase, 'Pending');
    assert.equal(orphan.status?.conditions, undefined);
    assert.ok(!all.some((e) => e.involvedObject.name === 'orphan'));
    await stopProcess(sched);
  });

  it('with --leader-elect only the Lease holder schedules, and a standby takes over', async () => {
    const args = ['--config', join(dir, 'config.yaml'), '--leader-elect'];
    const leases = client
      .resource<Lease>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' })
      .namespace('kube-system');
    const holder = () =>
      leases
        .get('kube-scheduler')
        .then((l) => l.spec?.holderIdentity ?? '')
        .catch(() => '');
    const leader = await startSchedulerProcess(args);
    const firstHolder = await eventually(async () => {
      const h = await holder();
      assert.notEqual(h, '', 'no lease holder yet');
      return h;
    });
    await startSchedulerProcess(args);
    await apply([pod('elected-1')]);
    await bound('elected-1');
    assert.equal(await holder(), firstHolder, 'the standby did not take the lease');
    await stopProcess(leader);
    await eventually(async () => {
      const h = await holder();
      assert.ok(h !== '' && h !== firstHolder, `lease still held by "${h}"`);
    }, 20_000);
    await apply([pod('elected-2')]);
    await bound('elected-2');
  });
});
