import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceClusterIps, serviceNodePorts, serviceOwner } from './service-allocations.js';

test('cluster IPs: clusterIPs first, clusterIP as fallback, none for headless or ExternalName', () => {
  assert.deepEqual(serviceClusterIps({ spec: { clusterIP: '10.43.0.5', clusterIPs: ['10.43.0.5'] } }), [
    '10.43.0.5',
  ]);
  assert.deepEqual(serviceClusterIps({ spec: { clusterIP: '10.43.0.6' } }), ['10.43.0.6']);
  assert.deepEqual(serviceClusterIps({ spec: { clusterIP: 'None', clusterIPs: ['None'] } }), []);
  assert.deepEqual(serviceClusterIps({ spec: { clusterIP: '' } }), []);
  assert.deepEqual(serviceClusterIps({ spec: { type: 'ExternalName', clusterIP: '10.43.0.7' } }), []);
  assert.deepEqual(serviceClusterIps({}), []);
});

test('node ports: every port once, plus the health check port', () => {
  const spec = {
    ports: [
      { port: 53, protocol: 'TCP', nodePort: 30053 },
      { port: 53, protocol: 'UDP', nodePort: 30053 },
      { port: 80 },
      { port: 81, nodePort: 0 },
    ],
    healthCheckNodePort: 30099,
  };
  assert.deepEqual(serviceNodePorts({ spec }), [30053, 30099]);
  assert.deepEqual(serviceNodePorts({ spec: { ports: 'bogus' } }), []);
  assert.equal(serviceOwner({ metadata: { namespace: 'ns', name: 'svc' } }), 'ns/svc');
});
