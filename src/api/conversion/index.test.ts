import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { convertFromStorage, convertToStorage } from './index.js';

const pod = { group: '', version: 'v1', kind: 'Pod' };
const hpaV2 = { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' };

function podObject(): KubeObject {
  return {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  };
}

describe('conversion dispatch', () => {
  it('is the identity, with apiVersion and kind set, for kinds stored as served', () => {
    const input = podObject();
    const stored = convertToStorage(input, pod, 'v1');
    assert.deepEqual(stored, { apiVersion: 'v1', kind: 'Pod', ...podObject() });
    assert.deepEqual(Object.keys(stored).slice(0, 2), ['apiVersion', 'kind']);
    const served = convertFromStorage(stored, pod);
    assert.deepEqual(served, stored);
    assert.notEqual(served, stored);
    (served.metadata as { name: string }).name = 'changed';
    assert.equal(stored.metadata?.name, 'web');
    assert.deepEqual(input, podObject());
  });

  it('sets the target apiVersion of a kind served in another group-version without a conversion', () => {
    const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
    const stored = convertToStorage(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } },
      deployment,
      'apps/v1',
    );
    assert.deepEqual(stored, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } });
  });

  it('drops v1 round-trip annotations from autoscaling/v2 objects both ways', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: 'web',
        annotations: { team: 'a', 'autoscaling.alpha.kubernetes.io/conditions': '[]' },
      },
      spec: { maxReplicas: 3 },
    };
    const expected = { ...hpa, metadata: { name: 'web', annotations: { team: 'a' } } };
    assert.deepEqual(convertToStorage(hpa, hpaV2, 'autoscaling/v2'), expected);
    assert.deepEqual(convertFromStorage(hpa, hpaV2), expected);
    assert.deepEqual(convertFromStorage(expected, hpaV2), expected);
  });
});
