import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PersistentVolumeClaim, Pod, ResourceQuota, Service } from 'kubernetes-types/core/v1.js';
import { formatQuantity, parseQuantityValue, type Quantity } from '../shared/infra-quantity.js';
import { nextQuotaStatus, usageStats } from './calculate-usage.js';
import { podLimits, podRequests } from './pod-resources.js';
import { claimEvaluator, objectCountEvaluator, podEvaluator, serviceEvaluator } from './quota-evaluators.js';

const text = (m: Map<string, Quantity>) => Object.fromEntries([...m].map(([k, v]) => [k, formatQuantity(v)]));

const pod = (spec: Partial<Pod['spec']>, extra: Partial<Pod> = {}): Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [], ...spec },
  status: { phase: 'Running' },
  ...extra,
});

describe('pod resources', () => {
  it('sums containers, takes the init peak including sidecars, and adds overhead', () => {
    const p = pod({
      containers: [
        { name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
        { name: 'b', resources: { requests: { cpu: '200m' } } },
      ],
      initContainers: [
        { name: 'side', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
        { name: 'init', resources: { requests: { cpu: '1', memory: '32Mi' } } },
      ],
      overhead: { cpu: '10m' },
    });
    assert.deepEqual(text(podRequests(p)), { cpu: '1060m', memory: '64Mi' });
    assert.deepEqual(text(podLimits(p)), { memory: '128Mi' });
  });
});

describe('evaluators', () => {
  it('charges a live pod for compute and a finished one only for its object count', () => {
    const p = pod({
      containers: [
        { name: 'a', resources: { requests: { cpu: '1', 'example.com/gpu': '2', 'hugepages-2Mi': '4Mi' } } },
      ],
    });
    assert.deepEqual(text(podEvaluator.usage(p, 0)), {
      'count/pods': '1',
      pods: '1',
      cpu: '1',
      'requests.cpu': '1',
      'requests.example.com/gpu': '2',
      'hugepages-2Mi': '4Mi',
      'requests.hugepages-2Mi': '4Mi',
    });
    assert.deepEqual(text(podEvaluator.usage({ ...p, status: { phase: 'Succeeded' } }, 0)), {
      'count/pods': '1',
    });
    const stuck = {
      ...p,
      metadata: { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 },
    };
    assert.equal(podEvaluator.usage(stuck, Date.parse('2026-01-01T00:00:29Z')).has('pods'), true);
    assert.equal(podEvaluator.usage(stuck, Date.parse('2026-01-01T00:00:31Z')).has('pods'), false);
  });

  it('matches pod scopes', () => {
    const best = pod({ containers: [{ name: 'a' }] });
    const burst = pod({
      containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }],
      activeDeadlineSeconds: 5,
      priorityClassName: 'high',
    });
    const scope = (scopeName: string, operator = 'Exists', values?: string[]) => ({
      scopeName,
      operator,
      ...(values ? { values } : {}),
    });
    assert.equal(podEvaluator.matchesScope(scope('BestEffort'), best), true);
    assert.equal(podEvaluator.matchesScope(scope('NotBestEffort'), burst), true);
    assert.equal(podEvaluator.matchesScope(scope('Terminating'), burst), true);
    assert.equal(podEvaluator.matchesScope(scope('NotTerminating'), best), true);
    assert.equal(podEvaluator.matchesScope(scope('PriorityClass'), burst), true);
    assert.equal(podEvaluator.matchesScope(scope('PriorityClass', 'In', ['high']), burst), true);
    assert.equal(podEvaluator.matchesScope(scope('PriorityClass', 'NotIn', ['high']), burst), false);
  });

  it('counts node ports and load balancers of Services', () => {
    const svc = (spec: Service['spec']): Service => ({ spec });
    assert.deepEqual(
      text(serviceEvaluator.usage(svc({ type: 'NodePort', ports: [{ port: 1 }, { port: 2 }] }), 0)),
      {
        'count/services': '1',
        services: '1',
        'services.loadbalancers': '0',
        'services.nodeports': '2',
      },
    );
    const lb = serviceEvaluator.usage(
      svc({
        type: 'LoadBalancer',
        allocateLoadBalancerNodePorts: false,
        ports: [{ port: 1, nodePort: 30001 }, { port: 2 }],
      }),
      0,
    );
    assert.deepEqual(
      [formatQuantity(lb.get('services.nodeports')!), formatQuantity(lb.get('services.loadbalancers')!)],
      ['1', '1'],
    );
  });

  it('charges claims their storage (rounded up, the larger of request and allocation) per class', () => {
    const claim: PersistentVolumeClaim = {
      spec: { storageClassName: 'fast', resources: { requests: { storage: '1.5' } } },
      status: { allocatedResources: { storage: '1Gi' } },
    };
    assert.deepEqual(text(claimEvaluator.usage(claim, 0)), {
      persistentvolumeclaims: '1',
      'count/persistentvolumeclaims': '1',
      'fast.storageclass.storage.k8s.io/persistentvolumeclaims': '1',
      'requests.storage': '1Gi',
      'fast.storageclass.storage.k8s.io/requests.storage': '1Gi',
    });
    assert.deepEqual(
      claimEvaluator.matchingResources([
        'requests.storage',
        'x.storageclass.storage.k8s.io/requests.storage',
        'cpu',
      ]),
      ['requests.storage', 'x.storageclass.storage.k8s.io/requests.storage'],
    );
  });

  it('sums usage over objects in scope, zero for what nothing uses', () => {
    const objects = [
      pod({ containers: [{ name: 'a', resources: { requests: { memory: '1Gi' } } }] }),
      pod({ containers: [{ name: 'a' }] }),
    ];
    const all = usageStats(podEvaluator, objects, ['pods', 'requests.memory', 'requests.cpu'], [], [], 0);
    assert.deepEqual(text(all), { pods: '2', 'requests.memory': '1Gi', 'requests.cpu': '0' });
    const bestEffort = usageStats(podEvaluator, objects, ['pods'], ['BestEffort'], [], 0);
    assert.deepEqual(text(bestEffort), { pods: '1' });
    const counted = usageStats(
      objectCountEvaluator('secrets', 'secrets'),
      [{}, {}],
      ['count/secrets', 'secrets'],
      [],
      [],
      0,
    );
    assert.deepEqual(text(counted), { 'count/secrets': '2', secrets: '2' });
  });
});

describe('nextQuotaStatus', () => {
  const quota: ResourceQuota = { spec: { hard: { pods: '10', cpu: '2' } } };
  const usage = new Map([['pods', parseQuantityValue('3')!]]);

  it('writes hard and used, keeping earlier usage for resources not recomputed', () => {
    assert.deepEqual(nextQuotaStatus({ ...quota, status: { used: { cpu: '500m', stale: '1' } } }, usage), {
      hard: { pods: '10', cpu: '2' },
      used: { cpu: '500m', pods: '3' },
    });
  });

  it('writes nothing when the status is current, comparing quantities by value', () => {
    const current = { ...quota, status: { hard: { pods: '10', cpu: '2000m' }, used: { pods: '3' } } };
    assert.equal(nextQuotaStatus(current, usage), undefined);
  });
});
