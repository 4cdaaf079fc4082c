import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { computePodQosClass, podQosClass } from './qos-class.js';

type Res = { requests?: Record<string, string>; limits?: Record<string, string> };
const c = (name: string, resources: Res = {}, restartPolicy?: string): Container => ({
  name,
  image: 'x',
  resources,
  ...(restartPolicy !== undefined ? { restartPolicy } : {}),
});
const pod = (containers: Container[], initContainers: Container[] = []): Pod => ({
  metadata: { name: 'p', uid: 'u' },
  spec: { containers, initContainers },
});
const both = (cpu: string, memory: string) => ({ cpu, memory });

describe('computePodQosClass', () => {
  it('is BestEffort without any cpu or memory request or limit', () => {
    assert.equal(computePodQosClass(pod([c('a'), c('b')])), 'BestEffort');
    // Only cpu and memory count; zero values count as unset.
    assert.equal(
      computePodQosClass(pod([c('a', { requests: { 'ephemeral-storage': '1Gi' } })])),
      'BestEffort',
    );
    assert.equal(
      computePodQosClass(pod([c('a', { requests: { cpu: '0' }, limits: { memory: '0' } })])),
      'BestEffort',
    );
  });

  it('is Guaranteed when every container limits cpu and memory and requests equal limits', () => {
    const g = c('a', { requests: both('500m', '64Mi'), limits: both('0.5', '67108864') });
    assert.equal(
      computePodQosClass(pod([g, c('b', { requests: both('1', '1Gi'), limits: both('1', '1Gi') })])),
      'Guaranteed',
    );
  });

  it('compares pod-wide sums, as upstream does, not container by container', () => {
    const a = c('a', { requests: both('200m', '1Gi'), limits: both('100m', '1Gi') });
    const b = c('b', { requests: both('100m', '1Gi'), limits: both('200m', '1Gi') });
    assert.equal(computePodQosClass(pod([a, b])), 'Guaranteed');
  });

  it('is Burstable when a container lacks a limit or a request differs', () => {
    assert.equal(computePodQosClass(pod([c('a', { requests: { cpu: '100m' } })])), 'Burstable');
    assert.equal(
      computePodQosClass(pod([c('a', { requests: both('1', '1Gi'), limits: both('1', '1Gi') }), c('b')])),
      'Burstable',
    );
    assert.equal(
      computePodQosClass(pod([c('a', { requests: both('1', '1Gi'), limits: both('2', '1Gi') })])),
      'Burstable',
    );
    // Limits without requests (an undefaulted spec): the request sums do not match the limit sums.
    assert.equal(computePodQosClass(pod([c('a', { limits: both('1', '1Gi') })])), 'Burstable');
  });

  it('counts init containers and sidecars like regular containers', () => {
    const g = { requests: both('1', '1Gi'), limits: both('1', '1Gi') };
    assert.equal(computePodQosClass(pod([c('a', g)], [c('init', g), c('side', g, 'Always')])), 'Guaranteed');
    assert.equal(computePodQosClass(pod([c('a', g)], [c('init')])), 'Burstable');
    assert.equal(
      computePodQosClass(pod([c('a')], [c('side', { requests: { memory: '1Mi' } }, 'Always')])),
      'Burstable',
    );
  });
});

describe('podQosClass', () => {
  it('takes the class from the status when the API set it', () => {
    assert.equal(podQosClass({ ...pod([c('a')]), status: { qosClass: 'Guaranteed' } }), 'Guaranteed');
    assert.equal(podQosClass(pod([c('a')])), 'BestEffort');
  });
});
