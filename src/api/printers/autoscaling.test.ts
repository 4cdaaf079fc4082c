import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../object.js';
import { hpaPrinter, scalePrinter } from './autoscaling.js';

const now = new Date('2025-01-01T12:00:00Z');
const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-01-01T11:00:00Z' };
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

const cpu = (utilization: number) => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } },
});

test('an autoscaling/v2 HPA with a CPU utilization target', () => {
  const hpa: KubeObject = {
    apiVersion: 'autoscaling/v2',
    metadata: meta,
    spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, metrics: [cpu(80)] },
    status: {
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50 } } }],
    },
  };
  assert.deepEqual(
    hpaPrinter.columns.map((c) => c.name),
    ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
  );
  assert.deepEqual(hpaPrinter.row(hpa, now).cells, [
    'web',
    'Deployment/web',
    'cpu: 50%/80%',
    '1',
    10,
    3,
    '60m',
  ]);
});

test('HPA targets: unknown current values, averages, every metric type and overflow', () => {
  const targets = (metrics: object[], currentMetrics: object[] = []) =>
    hpaPrinter.row(
      { metadata: meta, spec: { scaleTargetRef: ref, maxReplicas: 5, metrics }, status: { currentMetrics } },
      now,
    ).cells[2];
  assert.equal(targets([]), '<none>');
  assert.equal(targets([cpu(80)]), 'cpu: <unknown>/80%');
  assert.equal(
    targets(
      [
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
        },
      ],
      [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '300Mi' } } }],
    ),
    'memory: 300Mi/500Mi',
  );
  assert.equal(
    targets([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }]),
    'cpu: <unknown>/<auto>',
  );
  assert.equal(
    targets([
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'cpu',
          container: 'app',
          target: { type: 'Utilization', averageUtilization: 60 },
        },
      },
    ]),
    'cpu: <unknown>/60%',
  );
  const pods = {
    type: 'Pods',
    pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } },
  };
  assert.equal(
    targets([pods], [{ type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '42' } } }]),
    '42/100',
  );
  const object = {
    type: 'Object',
    object: { describedObject: ref, metric: { name: 'hits' }, target: { type: 'Value', value: '10k' } },
  };
  assert.equal(targets([object], [{ type: 'Object', object: { current: { value: '2k' } } }]), '2k/10k');
  const external = {
    type: 'External',
    external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } },
  };
  assert.equal(targets([external]), '<unknown>/30 (avg)');
  assert.equal(targets([cpu(80), pods, external]), 'cpu: <unknown>/80%, <unknown>/100 + 1 more...');
  assert.equal(targets([{ type: 'Mystery' }]), '<unknown type>');
});

test('an autoscaling/v1 HPA prints its CPU target the same way', () => {
  const v1: KubeObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta,
    spec: { scaleTargetRef: ref, maxReplicas: 4, targetCPUUtilizationPercentage: 70 },
    status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 35 },
  };
  assert.deepEqual(hpaPrinter.row(v1, now).cells, [
    'web',
    'Deployment/web',
    'cpu: 35%/70%',
    '<unset>',
    4,
    2,
    '60m',
  ]);
  const noTarget: KubeObject = {
    ...v1,
    spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 4 },
    status: {},
  };
  assert.deepEqual(hpaPrinter.row(noTarget, now).cells.slice(2, 6), ['<none>', '2', 4, 0]);
});

test('scale subresources print desired and available replicas', () => {
  const scale: KubeObject = {
    metadata: meta,
    spec: { replicas: 3 },
    status: { replicas: 2, selector: 'app=web' },
  };
  assert.equal(scalePrinter.columns[0]?.format, '');
  assert.deepEqual(scalePrinter.row(scale, now).cells, ['web', 3, 2, '60m']);
});
