import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.js';
import {
  capacityAnnotationSetCorrectly,
  repackSubsets,
  subsetsFor,
  truncateSubsets,
} from './endpoint-subsets.js';

const service: Service = {
  metadata: { name: 'web', namespace: 'ns' },
  spec: {
    clusterIP: '10.43.0.1',
    ipFamilies: ['IPv4'],
    ports: [
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'metrics', port: 9090, targetPort: 9090 },
    ],
  },
};

function pod(name: string, ip: string, ready: boolean, withHttp = true): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: {
      nodeName: 'n1',
      containers: [{ name: 'c', ports: withHttp ? [{ name: 'http', containerPort: 8080 }] : [] }],
    },
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

describe('subsetsFor', () => {
  it('groups addresses by the ports they serve and splits ready from not ready', () => {
    const { subsets, ready, notReady } = subsetsFor(service, [
      pod('b', '10.0.0.2', true),
      pod('a', '10.0.0.1', false),
      pod('c', '10.0.0.3', true, false),
    ]);
    assert.equal(ready, 3);
    assert.equal(notReady, 2);
    assert.deepEqual(subsets, [
      {
        addresses: [
          {
            ip: '10.0.0.2',
            nodeName: 'n1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' },
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.0.0.1',
            nodeName: 'n1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
      {
        addresses: [
          {
            ip: '10.0.0.2',
            nodeName: 'n1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' },
          },
          {
            ip: '10.0.0.3',
            nodeName: 'n1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'c', uid: 'uid-c' },
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.0.0.1',
            nodeName: 'n1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
          },
        ],
        ports: [{ name: 'metrics', port: 9090, protocol: 'TCP' }],
      },
    ]);
  });

  it('leaves terminating pods out unless not-ready addresses are published', () => {
    const terminating = {
      ...pod('t', '10.0.0.9', true),
      metadata: { name: 't', namespace: 'ns', uid: 'u', deletionTimestamp: '2026-01-01T00:00:00Z' },
    };
    assert.deepEqual(subsetsFor(service, [terminating]).subsets, []);
    const published = { ...service, spec: { ...service.spec, publishNotReadyAddresses: true } };
    assert.equal(subsetsFor(published, [terminating]).ready, 2);
  });

  it('leaves the name out of an unnamed port, as Go omits an empty omitempty string', () => {
    const single: Service = {
      metadata: { name: 'one', namespace: 'ns' },
      spec: { clusterIP: '10.43.0.2', ipFamilies: ['IPv4'], ports: [{ port: 80, targetPort: 8080 }] },
    };
    assert.deepEqual(subsetsFor(single, [pod('a', '10.0.0.1', true)]).subsets[0]?.ports, [
      { port: 8080, protocol: 'TCP' },
    ]);
  });

  it('lists a headless Service without ports by address alone', () => {
    const headless: Service = {
      metadata: { name: 'h', namespace: 'ns' },
      spec: { clusterIP: 'None', ipFamilies: ['IPv4'] },
    };
    assert.deepEqual(
      subsetsFor(headless, [pod('a', '10.0.0.1', true)]).subsets.map((s) => [s.addresses?.length, s.ports]),
      [[1, undefined]],
    );
  });
});

describe('repackSubsets', () => {
  it('merges duplicates, not-ready winning over ready for the same port', () => {
    const a = { ip: '10.0.0.1', targetRef: { uid: 'a' } };
    const port = { name: 'p', port: 80, protocol: 'TCP' };
    const out = repackSubsets([
      { addresses: [a], ports: [port] },
      { notReadyAddresses: [a], ports: [port] },
    ]);
    assert.deepEqual(out, [{ notReadyAddresses: [a], ports: [port] }]);
  });
});

describe('truncation', () => {
  const addrs = (n: number, base: number) =>
    Array.from({ length: n }, (_, i) => ({ ip: `10.${base}.${Math.floor(i / 250)}.${i % 250}` }));

  it('keeps at most 1000 addresses, ready first, in proportion', () => {
    const subsets: EndpointSubset[] = [
      { addresses: addrs(600, 1), notReadyAddresses: addrs(300, 2) },
      { addresses: addrs(200, 3), notReadyAddresses: addrs(100, 4) },
    ];
    assert.equal(truncateSubsets(subsets), true);
    const count = (k: 'addresses' | 'notReadyAddresses') =>
      subsets.reduce((n, s) => n + (s[k] ?? []).length, 0);
    assert.equal(count('addresses'), 800);
    assert.equal(count('notReadyAddresses'), 200);
    assert.deepEqual(
      subsets.map((s) => s.notReadyAddresses?.length),
      [150, 50],
    );
  });

  it('cuts ready addresses too when they alone exceed the capacity', () => {
    const subsets: EndpointSubset[] = [{ addresses: addrs(1200, 1), notReadyAddresses: addrs(5, 2) }];
    truncateSubsets(subsets);
    assert.equal(subsets[0]?.addresses?.length, 1000);
    assert.deepEqual(subsets[0]?.notReadyAddresses, []);
  });

  it('says whether the over-capacity annotation is right', () => {
    assert.equal(capacityAnnotationSetCorrectly({}, [{ addresses: addrs(3, 1) }]), true);
    assert.equal(
      capacityAnnotationSetCorrectly({ 'endpoints.kubernetes.io/over-capacity': 'truncated' }, []),
      false,
    );
    assert.equal(capacityAnnotationSetCorrectly({}, [{ addresses: addrs(1001, 1) }]), false);
  });
});
