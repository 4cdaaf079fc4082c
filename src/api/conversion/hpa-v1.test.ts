import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { convertFromStorage, convertToStorage } from './index.js';

const v1 = { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' };
const storage = 'autoscaling/v2';
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const time = '2025-01-01T10:00:00Z';

const toV2 = (o: KubeObject) => convertToStorage(o, v1, storage);
const toV1 = (o: KubeObject) => convertFromStorage(o, v1);

const cpuTarget = (percent: number) => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: percent } },
});

const ingress = { kind: 'Ingress', name: 'main-route', apiVersion: 'networking.k8s.io/v1' };
const queue = { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'worker_tasks' } } };
const rps = { name: 'requests-per-second', selector: { matchLabels: { verb: 'GET' } } };

/** A v2 HPA using every v2-only feature, in shapes v1's structs can carry exactly. */
function fullV2(): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', annotations: { team: 'payments' } },
    spec: {
      scaleTargetRef: ref,
      minReplicas: 2,
      maxReplicas: 20,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } },
        },
        {
          type: 'Pods',
          pods: {
            metric: { name: 'packets-per-second' },
            target: { type: 'AverageValue', averageValue: '1k' },
          },
        },
        {
          type: 'Object',
          object: { describedObject: ingress, target: { type: 'Value', value: '10k' }, metric: rps },
        },
        { type: 'External', external: { metric: queue, target: { type: 'Value', value: '30' } } },
        // Last: v1 carries the CPU target in its own field and appends it after the annotation's.
        cpuTarget(60),
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: 'Min',
          policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
        },
      },
    },
    status: {
      observedGeneration: 3,
      lastScaleTime: time,
      currentReplicas: 4,
      desiredReplicas: 5,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'memory', current: { averageValue: '300Mi' } } },
        { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, current: { averageValue: '800' } } },
        { type: 'Object', object: { metric: rps, current: { value: '8k' }, describedObject: ingress } },
        { type: 'External', external: { metric: queue, current: { value: '25' } } },
        {
          type: 'Resource',
          resource: { name: 'cpu', current: { averageValue: '120m', averageUtilization: 45 } },
        },
      ],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          lastTransitionTime: time,
          reason: 'ReadyForNewScale',
          message: 'ok',
        },
        { type: 'ScalingLimited', status: 'False', lastTransitionTime: time, reason: 'DesiredWithinRange' },
      ],
    },
  };
}

describe('autoscaling/v1 HorizontalPodAutoscaler ↔ autoscaling/v2', () => {
  it('turns the CPU target into a Resource metric and back (v1 → v2 → v1)', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default', annotations: { team: 'payments' } },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
    };
    const stored = toV2(hpa);
    assert.deepEqual(stored, {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default', annotations: { team: 'payments' } },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 10, metrics: [cpuTarget(50)] },
    });
    assert.deepEqual(toV1(stored), hpa);
  });

  it('round-trips a CPU-only v2 HPA without annotations (v2 → v1 → v2)', () => {
    const stored: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: ref, minReplicas: 1, maxReplicas: 3, metrics: [cpuTarget(70)] },
    };
    const served = toV1(stored);
    assert.deepEqual(served.metadata, { name: 'web' });
    assert.deepEqual(served.spec, {
      scaleTargetRef: ref,
      minReplicas: 1,
      maxReplicas: 3,
      targetCPUUtilizationPercentage: 70,
    });
    assert.deepEqual(toV2(served), stored);
  });

  it('maps current CPU utilization both ways, keeping the raw status in the annotation', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: ref, maxReplicas: 10, targetCPUUtilizationPercentage: 50 },
      status: {
        lastScaleTime: time,
        currentReplicas: 2,
        desiredReplicas: 3,
        currentCPUUtilizationPercentage: 30,
      },
    };
    const stored = toV2(hpa);
    assert.deepEqual(stored.status, {
      lastScaleTime: time,
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 30 } } }],
    });
    const served = toV1(stored);
    assert.deepEqual(served.status, hpa.status);
    // Upstream always stores current metrics; v1's non-pointer currentAverageValue writes "0".
    assert.deepEqual(served.metadata?.annotations, {
      'autoscaling.alpha.kubernetes.io/current-metrics':
        '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":30,"currentAverageValue":"0"}}]',
    });
  });

  it('applies the implicit 80% CPU target when v1 names no metric', () => {
    const stored = toV2({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: ref, maxReplicas: 10 },
    });
    assert.deepEqual((stored.spec as { metrics: unknown }).metrics, [cpuTarget(80)]);
  });

  it('shows only CPU in v1 and carries every other v2 field in annotations', () => {
    const served = toV1(fullV2());
    assert.equal(served.apiVersion, 'autoscaling/v1');
    assert.deepEqual(served.spec, {
      scaleTargetRef: ref,
      minReplicas: 2,
      maxReplicas: 20,
      targetCPUUtilizationPercentage: 60,
    });
    assert.deepEqual(served.status, {
      observedGeneration: 3,
      lastScaleTime: time,
      currentReplicas: 4,
      desiredReplicas: 5,
      currentCPUUtilizationPercentage: 45,
    });
    assert.deepEqual(served.metadata?.annotations, {
      team: 'payments',
      'autoscaling.alpha.kubernetes.io/metrics':
        '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"512Mi"}},' +
        '{"type":"Pods","pods":{"metricName":"packets-per-second","targetAverageValue":"1k"}},' +
        '{"type":"Object","object":{"target":{"kind":"Ingress","name":"main-route","apiVersion":"networking.k8s.io/v1"},' +
        '"metricName":"requests-per-second","targetValue":"10k","selector":{"matchLabels":{"verb":"GET"}}}},' +
        '{"type":"External","external":{"metricName":"queue_messages_ready",' +
        '"metricSelector":{"matchLabels":{"queue":"worker_tasks"}},"targetValue":"30"}}]',
      'autoscaling.alpha.kubernetes.io/current-metrics':
        '[{"type":"Resource","resource":{"name":"memory","currentAverageValue":"300Mi"}},' +
        '{"type":"Pods","pods":{"metricName":"packets-per-second","currentAverageValue":"800"}},' +
        '{"type":"Object","object":{"target":{"kind":"Ingress","name":"main-route","apiVersion":"networking.k8s.io/v1"},' +
        '"metricName":"requests-per-second","currentValue":"8k","selector":{"matchLabels":{"verb":"GET"}}}},' +
        '{"type":"External","external":{"metricName":"queue_messages_ready",' +
        '"metricSelector":{"matchLabels":{"queue":"worker_tasks"}},"currentValue":"25"}},' +
        '{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":45,"currentAverageValue":"120m"}}]',
      // The internal struct has no json tags, so Go writes its field names.
      'autoscaling.alpha.kubernetes.io/behavior':
        '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":' +
        '[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}]},' +
        '"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Min","Policies":' +
        '[{"Type":"Percent","Value":10,"PeriodSeconds":60}]}}',
      'autoscaling.alpha.kubernetes.io/conditions':
        '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2025-01-01T10:00:00Z",' +
        '"reason":"ReadyForNewScale","message":"ok"},' +
        '{"type":"ScalingLimited","status":"False","lastTransitionTime":"2025-01-01T10:00:00Z",' +
        '"reason":"DesiredWithinRange"}]',
    });
  });

  it('restores v2 exactly from the v1 view (v2 → v1 → v2)', () => {
    assert.deepEqual(toV2(toV1(fullV2())), fullV2());
  });

  it('keeps the v1 view stable (v1 → v2 → v1)', () => {
    const served = toV1(fullV2());
    assert.deepEqual(toV1(toV2(served)), served);
  });

  it('leaves its input untouched', () => {
    const stored = fullV2();
    toV2(toV1(stored));
    assert.deepEqual(stored, fullV2());
  });

  it('writes nil behavior rules as null and reads field names case-insensitively', () => {
    const stored = fullV2();
    const spec = stored.spec as { behavior: unknown };
    spec.behavior = { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    const behavior = toV1(stored).metadata?.annotations?.['autoscaling.alpha.kubernetes.io/behavior'];
    assert.equal(
      behavior,
      '{"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":null,"SelectPolicy":null,' +
        '"Policies":[{"Type":"Pods","Value":1,"PeriodSeconds":60}]}}',
    );
    const handWritten = toV2({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        annotations: {
          'autoscaling.alpha.kubernetes.io/behavior': '{"scaleUp":{"selectPolicy":"Disabled"}}',
        },
      },
      spec: { scaleTargetRef: ref, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    });
    assert.deepEqual((handWritten.spec as { behavior: unknown }).behavior, {
      scaleUp: { selectPolicy: 'Disabled' },
    });
    assert.deepEqual(handWritten.metadata, {});
  });

  it('ignores and drops annotations Go could not decode', () => {
    const stored = toV2({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: 'web',
        annotations: {
          keep: 'me',
          'autoscaling.alpha.kubernetes.io/metrics': 'not json',
          'autoscaling.alpha.kubernetes.io/conditions': '[{"type":1}]',
          'autoscaling.alpha.kubernetes.io/behavior': '{}',
        },
      },
      spec: { scaleTargetRef: ref, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
    });
    assert.deepEqual(stored.metadata, { name: 'web', annotations: { keep: 'me' } });
    assert.deepEqual(stored.spec, { scaleTargetRef: ref, maxReplicas: 3, metrics: [cpuTarget(50)] });
    assert.equal(stored.status, undefined);
  });

  it('replaces stale round-trip annotations rather than serving them', () => {
    const stored = fullV2();
    stored.metadata = { name: 'web', annotations: { 'autoscaling.alpha.kubernetes.io/metrics': '[]' } };
    (stored.spec as { metrics: unknown[] }).metrics = [cpuTarget(60)];
    delete stored.status;
    const annotations = toV1(stored).metadata?.annotations ?? {};
    assert.equal(annotations['autoscaling.alpha.kubernetes.io/metrics'], undefined);
    assert.ok(annotations['autoscaling.alpha.kubernetes.io/behavior']);
  });

  it('reproduces upstream where v1 cannot hold v2 exactly', () => {
    const stored: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: ref,
        maxReplicas: 3,
        metrics: [
          cpuTarget(60),
          {
            type: 'Object',
            object: {
              describedObject: ingress,
              target: { type: 'AverageValue', averageValue: '2' },
              metric: rps,
            },
          },
        ],
      },
    };
    const back = toV2(toV1(stored));
    assert.deepEqual((back.spec as { metrics: unknown }).metrics, [
      // v1's Object target is a plain quantity, so a value "0" appears beside the average.
      {
        type: 'Object',
        object: {
          describedObject: ingress,
          target: { type: 'AverageValue', value: '0', averageValue: '2' },
          metric: rps,
        },
      },
      cpuTarget(60),
    ]);
  });
});
