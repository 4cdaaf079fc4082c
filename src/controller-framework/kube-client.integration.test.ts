// Leader election and the event recorder against a real `k8ts server` (bin/k8ts, memory datastore)
// through the real KubeClient: the lease's optimistic concurrency and the Event patches are the
// server's, not a fake's. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Event } from 'kubernetes-types/core/v1.js';
import { createLogger } from '../base/logger.js';
import { KubeClient } from '../client/kube-client.js';
import { startTestServer } from '../client/testing/test-server.js';
import type { TestServer } from '../client/testing/test-server.js';
import { EventBroadcaster } from './events/event-broadcaster.js';
import { kubeEventSink } from './events/kube-event-sink.js';
import { kubeLeaseClient } from './leader-election/kube-lease-client.js';
import { LeaderElector } from './leader-election/leader-elector.js';
import type { LeaseClient } from './leader-election/lease-client.js';
import { LeaseLock } from './leader-election/lease-lock.js';

const log = createLogger('test', { write: () => {} });

/** Polls `check` until it holds (real time: this talks to a real server). */
async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A LeaseClient that can be cut off from the server, as a partitioned replica would be. */
function severable(inner: LeaseClient): LeaseClient & { severed: boolean } {
  const cut = () => Promise.reject(new Error('connect ETIMEDOUT'));
  const client = {
    severed: false,
    get: (ns: string, name: string, o?: { signal?: AbortSignal }) =>
      client.severed ? cut() : inner.get(ns, name, o),
    create: (l: Lease, o?: { signal?: AbortSignal }) => (client.severed ? cut() : inner.create(l, o)),
    update: (l: Lease, o?: { signal?: AbortSignal }) => (client.severed ? cut() : inner.update(l, o)),
  };
  return client;
}

describe('controller framework against a real server', () => {
  let server: TestServer;
  let client: KubeClient;

  before(async () => {
    server = await startTestServer();
    client = await KubeClient.fromKubeconfig({
      path: server.kubeconfig,
      component: 'framework-test',
      qps: Infinity,
    });
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  it('two electors share one Lease: one leads, the other takes over when it stops renewing', async () => {
    const timing = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
    const started: Record<string, number> = {};
    const stopped: Record<string, number> = {};
    const elector = (identity: string, leaseClient: LeaseClient) =>
      new LeaderElector({
        lock: new LeaseLock({ client: leaseClient, namespace: 'kube-system', name: 'framework-test' }),
        identity,
        log,
        releaseOnCancel: true,
        ...timing,
        callbacks: {
          onStartedLeading: () => void (started[identity] = Date.now()),
          onStoppedLeading: () => void (stopped[identity] = Date.now()),
        },
      });
    const leases = client.resource<Lease>({
      group: 'coordination.k8s.io',
      version: 'v1',
      resource: 'leases',
    });
    const read = () => leases.namespace('kube-system').get('framework-test');

    const aClient = severable(kubeLeaseClient(client));
    const a = elector('a', aClient);
    const b = elector('b', kubeLeaseClient(client));
    const aStop = new AbortController();
    const bStop = new AbortController();
    const aRun = a.run(aStop.signal);
    await waitFor('a to lead', () => a.phase === 'Leader');
    const bRun = b.run(bStop.signal);
    await waitFor('b to follow', () => b.phase === 'Follower');
    const held = await read();
    assert.equal(held.spec?.holderIdentity, 'a');
    assert.equal(held.spec?.leaseDurationSeconds, 3);
    assert.match(held.spec?.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    aClient.severed = true;
    const severedAt = Date.now();
    await waitFor('b to take over', () => b.phase === 'Leader');
    await aRun;
    assert.equal(a.phase, 'Lost');
    assert.ok(stopped['a']! < started['b']!, 'a stopped leading before b started');
    assert.ok(started['b']! - severedAt < 3_000 + 2 * 1_100 + 1_000, 'b took over within the lease duration');
    const taken = await read();
    assert.equal(taken.spec?.holderIdentity, 'b');
    assert.equal(taken.spec?.leaseTransitions, 1);

    bStop.abort();
    await bRun;
    assert.equal(b.phase, 'Released');
    const released = await read();
    assert.equal(released.spec?.holderIdentity, '');
    assert.equal(released.spec?.leaseDurationSeconds, 1);
  });

  it('records Events, counting repeats with a patch of the first one', async () => {
    const broadcaster = new EventBroadcaster({ sink: kubeEventSink(client), log });
    const recorder = broadcaster.newRecorder({ component: 'framework-test', host: 'node-a' });
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default', uid: '8d3c7a52-0000-4000-8000-000000000001' },
    };
    for (let i = 0; i < 3; i++) recorder.event(object, 'Warning', 'Invalid', 'key %q is not valid', 'x');
    recorder.event(object, 'Normal', 'Synced', 'synced');
    await broadcaster.flush();

    const list = await client
      .resource<Event>({ group: '', version: 'v1', resource: 'events' })
      .namespace('default')
      .list({ fieldSelector: 'involvedObject.name=settings' });
    const byReason = new Map(list.items.map((e) => [e.reason, e]));
    assert.equal(list.items.length, 2);
    const invalid = byReason.get('Invalid')!;
    assert.equal(invalid.count, 3);
    assert.equal(invalid.message, 'key "x" is not valid');
    assert.equal(invalid.type, 'Warning');
    assert.match(invalid.metadata.name ?? '', /^settings\.[0-9a-f]+$/);
    assert.deepEqual(invalid.source, { component: 'framework-test', host: 'node-a' });
    assert.equal(invalid.reportingComponent, 'framework-test');
    assert.equal(invalid.reportingInstance, 'node-a');
    assert.equal(invalid.involvedObject.uid, object.metadata.uid);
    assert.equal(byReason.get('Synced')?.count, 1);
    await broadcaster.shutdown();
  });
});
