import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowSchema } from 'kubernetes-types/flowcontrol/v1.js';
import { parseRequestInfo } from '../request/request-info.js';
import { allocateConcurrency } from './concurrency-allocation.js';
import { matchesFlowSchema } from './flow-schema-rules.js';
import { RetryAfterTracker } from './retry-after.js';
import { ShuffleShardDealer, flowHash } from './shuffle-shard-dealer.js';
import { estimateWork } from './work-estimator.js';

function digest(method: string, path: string, user: string, groups: string[] = ['system:authenticated']) {
  const url = new URL(path, 'https://x');
  return { info: parseRequestInfo(method, url.pathname, url.searchParams), user: { name: user, groups } };
}

describe('ShuffleShardDealer', () => {
  it('deals distinct cards below the deck size, the same hand for the same hash', () => {
    const dealer = new ShuffleShardDealer(128, 6);
    for (const flow of ['a', 'b', 'system:kube-scheduler', 'kube-system']) {
      const hand = dealer.deal(flowHash('workload-high', flow));
      assert.equal(hand.length, 6);
      assert.equal(new Set(hand).size, 6);
      assert.ok(hand.every((c) => c >= 0 && c < 128));
      assert.deepEqual(dealer.deal(flowHash('workload-high', flow)), hand);
    }
  });

  it('reads the hash as mixed-radix digits (upstream’s deal)', () => {
    // 5 = 1 × 4 + 1: the first card is 1; the rest of the hash (1) indexes the 3 cards left: 0, 2, 3 → 2.
    assert.deepEqual(new ShuffleShardDealer(4, 2).deal(5n), [1, 2]);
  });
});

describe('allocateConcurrency', () => {
  it('splits in proportion to targets when no bound binds', () => {
    const { allocations } = allocateConcurrency(100, [
      { target: 10, lowerBound: 0, upperBound: 100 },
      { target: 30, lowerBound: 0, upperBound: 100 },
    ]);
    assert.deepEqual(
      allocations.map((a) => Math.round(a)),
      [25, 75],
    );
  });

  it('holds every item within its bounds and still adds up', () => {
    const { allocations } = allocateConcurrency(100, [
      { target: 90, lowerBound: 0, upperBound: 40 },
      { target: 20, lowerBound: 20, upperBound: 100 },
      { target: 9, lowerBound: 0, upperBound: 100 },
    ]);
    assert.equal(Math.round(allocations[0]!), 40);
    assert.ok(allocations[1]! >= 20);
    assert.equal(Math.round(allocations.reduce((a, b) => a + b, 0)), 100);
  });

  it('refuses bounds that cannot add up', () => {
    assert.throws(
      () => allocateConcurrency(10, [{ target: 20, lowerBound: 20, upperBound: 30 }]),
      /lower bounds/,
    );
  });
});

describe('matchesFlowSchema', () => {
  const fs = (rules: NonNullable<FlowSchema['spec']>['rules']): FlowSchema => ({
    metadata: { name: 'x' },
    spec: { priorityLevelConfiguration: { name: 'pl' }, rules },
  });

  it('matches service accounts of a namespace by name prefix, resources by subresource', () => {
    const schema = fs([
      {
        subjects: [{ kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name: '*' } }],
        resourceRules: [
          { verbs: ['create'], apiGroups: [''], resources: ['pods/binding'], namespaces: ['*'] },
        ],
      },
    ]);
    const sa = 'system:serviceaccount:kube-system:scheduler';
    assert.ok(matchesFlowSchema(digest('POST', '/api/v1/namespaces/a/pods/p/binding', sa), schema));
    assert.ok(!matchesFlowSchema(digest('POST', '/api/v1/namespaces/a/pods', sa), schema));
    assert.ok(
      !matchesFlowSchema(
        digest('POST', '/api/v1/namespaces/a/pods/p/binding', 'system:serviceaccount:kube-systemx:s'),
        schema,
      ),
    );
  });

  it('needs clusterScope for cluster-scoped requests and matches non-resource URL prefixes', () => {
    const schema = fs([
      {
        subjects: [{ kind: 'Group', group: { name: 'system:nodes' } }],
        resourceRules: [{ verbs: ['*'], apiGroups: [''], resources: ['nodes'], namespaces: ['*'] }],
        nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz/*'] }],
      },
    ]);
    const node = (m: string, p: string) => digest(m, p, 'system:node:n1', ['system:nodes']);
    assert.ok(!matchesFlowSchema(node('GET', '/api/v1/nodes/n1'), schema));
    assert.ok(matchesFlowSchema(node('GET', '/healthz/etcd'), schema));
    assert.ok(!matchesFlowSchema(node('GET', '/readyz'), schema));
    assert.ok(!matchesFlowSchema(digest('GET', '/healthz/etcd', 'alice'), schema));
  });
});

describe('estimateWork', () => {
  const load = (objects: number, watches: number) => ({
    objectCount: () => objects,
    watchCount: () => watches,
  });
  const estimate = (method: string, path: string, objects: number, watches = 0, maxSeats = 0) => {
    const url = new URL(path, 'https://x');
    const info = parseRequestInfo(method, url.pathname, url.searchParams);
    return estimateWork(info, url.searchParams, load(objects, watches), maxSeats);
  };

  it('charges a list a seat per 100 objects, up to 10 and the level’s own cap', () => {
    assert.equal(estimate('GET', '/api/v1/pods', 250).initialSeats, 3);
    assert.equal(estimate('GET', '/api/v1/pods', 5000).initialSeats, 10);
    assert.equal(estimate('GET', '/api/v1/pods', 5000, 0, 4).initialSeats, 4);
    assert.equal(estimate('GET', '/api/v1/pods?fieldSelector=metadata.name%3Dp', 5000).initialSeats, 1);
    assert.equal(estimate('GET', '/api/v1/pods?watch=1&resourceVersion=12', 5000).initialSeats, 1);
  });

  it('gives a write to a resource with many watchers final seats for their notifications', () => {
    assert.deepEqual(estimate('POST', '/api/v1/namespaces/a/pods', 0, 3), {
      initialSeats: 1,
      finalSeats: 0,
      additionalLatencyMs: 0,
    });
    assert.deepEqual(estimate('POST', '/api/v1/namespaces/a/pods', 0, 25), {
      initialSeats: 1,
      finalSeats: 3,
      additionalLatencyMs: 5,
    });
    // 200 watchers want 20 seats; capped at 10, each holds twice as long.
    assert.equal(estimate('POST', '/api/v1/namespaces/a/pods', 0, 200).additionalLatencyMs, 10);
  });
});

describe('RetryAfterTracker', () => {
  it('starts at 1 s and doubles while rejections keep coming', () => {
    let now = 0;
    const tracker = new RetryAfterTracker(() => now);
    assert.equal(tracker.retryAfter('pl'), 1);
    for (let second = 0; second < 4; second++) {
      now = second * 1000;
      for (let i = 0; i < 10; i++) tracker.recordDropped('pl');
    }
    assert.ok(tracker.retryAfter('pl') >= 2);
    assert.equal(tracker.retryAfter('other'), 1);
  });
});
