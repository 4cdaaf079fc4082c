import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { Registry } from '../../base/metrics/index.js';
import { parseRequestInfo } from '../request/request-info.js';
import {
  mandatoryFlowSchemas,
  mandatoryPriorityLevels,
  suggestedFlowSchemas,
  suggestedPriorityLevels,
} from './bootstrap-configuration.js';
import { FlowControlMetrics } from './flowcontrol-metrics.js';
import { PriorityAndFairness, type Admitted, type Refused } from './priority-and-fairness.js';
import { oneSeat } from './work-estimate.js';

const quiet = createLogger('test', { write: () => {} });

function dispatcher(clock = new FakeClock(0)) {
  const registry = new Registry();
  const apf = new PriorityAndFairness({
    clock,
    serverConcurrencyLimit: 600,
    requestWaitLimitMs: 15_000,
    metrics: new FlowControlMetrics(registry),
    log: quiet,
  });
  apf.configure(
    [...mandatoryFlowSchemas, ...suggestedFlowSchemas],
    [...mandatoryPriorityLevels, ...suggestedPriorityLevels],
  );
  return { apf, registry, clock };
}

function digest(method: string, path: string, name: string, groups: string[]) {
  const url = new URL(path, 'https://x');
  return { info: parseRequestInfo(method, url.pathname, url.searchParams), user: { name, groups } };
}

const authenticated = 'system:authenticated';

describe('PriorityAndFairness classification (upstream 1.32 bootstrap configuration)', () => {
  const cases: [string, ReturnType<typeof digest>, string, string][] = [
    [
      'an admin',
      digest('GET', '/api/v1/pods', 'admin', ['system:masters', authenticated]),
      'exempt',
      'exempt',
    ],
    [
      'a readiness probe',
      digest('GET', '/readyz', 'system:anonymous', ['system:unauthenticated']),
      'probes',
      'exempt',
    ],
    [
      'the scheduler binding a pod',
      digest('POST', '/api/v1/namespaces/a/pods/p/binding', 'system:kube-scheduler', [authenticated]),
      'kube-scheduler',
      'workload-high',
    ],
    [
      'a kubelet renewing its lease',
      digest('PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/n1', 'system:node:n1', [
        'system:nodes',
        authenticated,
      ]),
      'system-node-high',
      'node-high',
    ],
    [
      'a kubelet patching pod status',
      digest('PATCH', '/api/v1/namespaces/a/pods/p/status', 'system:node:n1', [
        'system:nodes',
        authenticated,
      ]),
      'system-nodes',
      'system',
    ],
    [
      'the replicaset controller creating pods',
      digest('POST', '/api/v1/namespaces/a/pods', 'system:serviceaccount:kube-system:replicaset-controller', [
        'system:serviceaccounts',
        'system:serviceaccounts:kube-system',
        authenticated,
      ]),
      'kube-system-service-accounts',
      'workload-high',
    ],
    [
      'an application service account',
      digest('GET', '/api/v1/namespaces/a/configmaps', 'system:serviceaccount:a:default', [
        'system:serviceaccounts',
        authenticated,
      ]),
      'service-accounts',
      'workload-low',
    ],
    [
      'anyone else',
      digest('GET', '/api/v1/namespaces', 'alice', [authenticated]),
      'global-default',
      'global-default',
    ],
  ];
  for (const [who, request, flowSchema, level] of cases) {
    it(`puts ${who} in ${flowSchema} / ${level}`, () => {
      const { apf } = dispatcher();
      const chosen = apf.classify(request);
      assert.equal(chosen.flowSchema.metadata?.name, flowSchema);
      assert.equal(chosen.level.name, level);
    });
  }
});

describe('PriorityAndFairness dispatching', () => {
  const tinyReject: PriorityLevelConfiguration = {
    metadata: { name: 'tiny', uid: 'pl-uid' },
    spec: { type: 'Limited', limited: { nominalConcurrencyShares: 1, limitResponse: { type: 'Reject' } } },
  };
  const tinyQueue: PriorityLevelConfiguration = {
    metadata: { name: 'tiny', uid: 'pl-uid' },
    spec: {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 1,
        limitResponse: { type: 'Queue', queuing: { queues: 4, handSize: 2, queueLengthLimit: 2 } },
      },
    },
  };
  const alice: FlowSchema = {
    metadata: { name: 'alice', uid: 'fs-uid' },
    spec: {
      priorityLevelConfiguration: { name: 'tiny' },
      matchingPrecedence: 100,
      distinguisherMethod: { type: 'ByUser' },
      rules: [
        {
          subjects: [{ kind: 'User', user: { name: 'alice' } }],
          resourceRules: [
            { verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true },
          ],
        },
      ],
    },
  };
  const request = digest('GET', '/api/v1/namespaces', 'alice', [authenticated]);

  function withTiny(level: PriorityLevelConfiguration) {
    const d = dispatcher();
    d.apf.configure(
      [...mandatoryFlowSchemas, ...suggestedFlowSchemas, alice],
      [...mandatoryPriorityLevels, ...suggestedPriorityLevels, level],
    );
    return d;
  }

  it('a Reject level refuses what exceeds its seats, with the classification and Retry-After', async () => {
    const { apf, registry } = withTiny(tinyReject);
    // 1 share of 246: ceil(600 / 246) = 3 nominal seats, and more lent while the others are idle.
    const limit = apf.classify(request).level.currentLimit;
    assert.ok(limit >= 3);
    const admitted: Admitted[] = [];
    for (let i = 0; i < limit; i++) admitted.push((await apf.admit(request, () => oneSeat)) as Admitted);
    assert.ok(admitted.every((a) => a.kind === 'execute'));
    assert.deepEqual(admitted[0]!.classification, {
      flowSchema: 'alice',
      flowSchemaUid: 'fs-uid',
      priorityLevel: 'tiny',
      priorityLevelUid: 'pl-uid',
    });
    const refused = (await apf.admit(request, () => oneSeat)) as Refused;
    assert.equal(refused.kind, 'reject');
    assert.equal(refused.reason, 'concurrency-limit');
    assert.equal(refused.retryAfterSeconds, 1);
    admitted[0]!.finish();
    assert.equal((await apf.admit(request, () => oneSeat)).kind, 'execute');
    const text = registry.render();
    assert.match(
      text,
      /apiserver_flowcontrol_rejected_requests_total\{flow_schema="alice",priority_level="tiny",reason="concurrency-limit"\} 1/,
    );
    assert.match(text, /apiserver_flowcontrol_nominal_limit_seats\{priority_level="tiny"\} 3/);
  });

  it('a Queue level makes the excess wait for a seat, and times it out after the wait limit', async () => {
    const { apf, clock } = withTiny(tinyQueue);
    const running: Admitted[] = [];
    const limit = apf.classify(request).level.currentLimit;
    for (let i = 0; i < limit; i++) running.push((await apf.admit(request, () => oneSeat)) as Admitted);
    const waiting = apf.admit(request, () => oneSeat);
    const timingOut = apf.admit(request, () => oneSeat);
    let settled = false;
    void waiting.then(() => (settled = true));
    await clock.advance(1);
    assert.equal(settled, false);
    running[0]!.finish();
    assert.equal((await waiting).kind, 'execute');
    await clock.advance(15_000);
    const late = (await timingOut) as Refused;
    assert.equal(late.kind, 'reject');
    assert.equal(late.reason, 'time-out');
  });

  it('a FlowSchema naming a missing level is skipped and reported dangling', () => {
    const { apf } = dispatcher();
    const updates = apf.configure(
      [...mandatoryFlowSchemas, ...suggestedFlowSchemas, alice],
      [...mandatoryPriorityLevels, ...suggestedPriorityLevels],
    );
    assert.deepEqual(
      updates.find((u) => u.name === 'alice'),
      { name: 'alice', dangling: true, priorityLevel: 'tiny' },
    );
    assert.equal(apf.classify(request).flowSchema.metadata?.name, 'global-default');
  });

  it('lends idle levels’ seats to a busy one at the borrowing adjustment', async () => {
    const { apf, clock } = dispatcher();
    const controller = digest('POST', '/api/v1/namespaces/a/pods', 'system:kube-scheduler', [authenticated]);
    const level = apf.classify(controller).level;
    const initial = level.currentLimit;
    const held: Admitted[] = [];
    // Keep workload-high saturated, with a queue, for a whole period.
    for (let i = 0; i < initial; i++) held.push((await apf.admit(controller, () => oneSeat)) as Admitted);
    const queued = Array.from({ length: 40 }, () =>
      apf.admit(
        digest('POST', `/api/v1/namespaces/n${held.length}/pods`, 'system:kube-scheduler', [authenticated]),
        () => oneSeat,
      ),
    );
    await clock.advance(10_000);
    apf.adjustBorrowing();
    assert.ok(level.currentLimit > initial, `${level.currentLimit} > ${initial}`);
    held.forEach((h) => h.finish());
    for (const q of queued) {
      const outcome = await q;
      if (outcome.kind === 'execute') outcome.finish();
    }
  });
});
