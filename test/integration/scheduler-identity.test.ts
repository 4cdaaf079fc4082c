// The scheduler under its own identity: startScheduler with a client certificate for
// system:kube-scheduler against a real apiserver, authorized only by upstream's
// system:kube-scheduler and system:volume-scheduler ClusterRoles. Its informers sync, it holds its
// leader Lease, binds a pod whose priority came from the Priority admission plugin and records the
// Scheduled event, and the apiserver denied it nothing but a write outside its role.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Event } from 'kubernetes-types/events/v1.js';
import type { Node, Pod, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.js';
import { KUBE_SCHEDULER_IDENTITY } from '../../src/apiserver/pki/component-identity.js';
import { systemClock } from '../../src/base/clock.js';
import { createLogger } from '../../src/base/logger.js';
import { startScheduler, type RunningScheduler } from '../../src/scheduler/index.js';
import { simNode } from '../../src/scheduler/testing/sim-cluster.js';
import { IdentityTestCluster } from '../support/identity-test-cluster.js';

const quiet = createLogger('scheduler', { write: () => {} });
const core = (resource: string) => ({ group: '', version: 'v1', resource });

let cluster: IdentityTestCluster;
let running: RunningScheduler | undefined;
const stop = new AbortController();

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  // No controller manager here: nothing would lift the new-node not-ready taint (so that plugin is
  // off) or create the `default` ServiceAccount (so the test does); Priority stays on.
  cluster = await IdentityTestCluster.start({
    admissionPlugins: { disable: ['TaintNodesByCondition'] },
  });
  await cluster.admin
    .resource<ServiceAccount>(core('serviceaccounts'))
    .namespace('default')
    .create({ metadata: { name: 'default' } });
});

after(async () => {
  stop.abort();
  await running?.done.catch(() => {});
  await cluster?.close();
  await cluster?.remove();
});

test('the scheduler runs as system:kube-scheduler and schedules a pod', async () => {
  const client = await cluster.clientAs(KUBE_SCHEDULER_IDENTITY, {
    component: 'default-scheduler',
    userAgent: 'kube-scheduler/v1.32.0 (linux/amd64) k8ts',
  });
  const admin = cluster.admin;
  await admin.resource<Node>(core('nodes')).create(simNode('node-1'));
  await admin
    .resource<PriorityClass>({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' })
    .create({
      metadata: { name: 'important' },
      value: 5000,
    });
  running = startScheduler({
    client,
    clock: systemClock,
    log: quiet,
    signal: stop.signal,
    leaderElect: true,
  });
  // A sync that never completes (a list or watch the role denies) would hang here.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    running.ready,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('informers did not sync in 10 s')), 10_000);
    }),
  ]).finally(() => clearTimeout(timer));
  const pods = admin.resource<Pod>(core('pods')).namespace('default');
  const created = await pods.create({
    metadata: { name: 'web' },
    spec: { priorityClassName: 'important', containers: [{ name: 'c', image: 'nginx' }] },
  });
  assert.equal(created.spec?.priority, 5000, 'the Priority admission plugin resolved the class');
  const node = await eventually('binding', async () => (await pods.get('web')).spec?.nodeName || undefined);
  assert.equal(node, 'node-1');
  const lease = await admin
    .resource<Lease>({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' })
    .namespace('kube-system')
    .get('kube-scheduler');
  assert.match(lease.spec?.holderIdentity ?? '', /_/);
  const events = admin
    .resource<Event>({ group: 'events.k8s.io', version: 'v1', resource: 'events' })
    .namespace('default');
  const scheduled = await eventually('the Scheduled event', async () =>
    (await events.list()).items.find((e) => e.reason === 'Scheduled' && e.regarding?.name === 'web'),
  );
  assert.equal(scheduled.note, 'Successfully assigned default/web to node-1');
  // Outside its role: the one denial the next test expects to find in the audit log.
  await assert.rejects(
    client
      .resource(core('secrets'))
      .namespace('default')
      .create({ metadata: { name: 'nope' } }),
    {
      message:
        'secrets is forbidden: User "system:kube-scheduler" cannot create resource "secrets" in API group "" in the namespace "default"',
    },
  );
});

test('the apiserver denied the scheduler nothing but the write outside its role', async () => {
  stop.abort();
  await running?.done.catch(() => {});
  await cluster.close();
  assert.deepEqual(
    (await cluster.denied()).filter((d) => d.user === KUBE_SCHEDULER_IDENTITY.user),
    [{ user: 'system:kube-scheduler', verb: 'create', path: '/api/v1/namespaces/default/secrets' }],
  );
});
