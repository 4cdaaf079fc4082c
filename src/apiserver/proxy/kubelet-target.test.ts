import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from 'kubernetes-types/core/v1.js';
import { isStatusError } from '../../machinery/errors/index.js';
import {
  DEFAULT_PREFERRED_ADDRESS_TYPES,
  parsePreferredAddressTypes,
  type KubeletClientConfig,
} from './kubelet-client-config.js';
import { kubeletTarget } from './kubelet-target.js';
import { preferredNodeAddress } from './node-address.js';

const config: KubeletClientConfig = {
  certPem: 'CERT',
  keyPem: 'KEY',
  preferredAddressTypes: DEFAULT_PREFERRED_ADDRESS_TYPES,
  timeoutMs: 5000,
  defaultPort: 10250,
};

function node(
  addresses: { type: string; address: string }[],
  port?: number,
  labels?: Record<string, string>,
): Node {
  return {
    metadata: { name: 'n1', ...(labels ? { labels } : {}) },
    status: {
      addresses,
      ...(port !== undefined ? { daemonEndpoints: { kubeletEndpoint: { Port: port } } } : {}),
    },
  };
}

test("k8ts prefers InternalIP over Hostname, so kubelet traffic stays on the node's own address", () => {
  const n = node([
    { type: 'Hostname', address: 'box' },
    { type: 'InternalIP', address: '127.0.0.1' },
  ]);
  assert.equal(preferredNodeAddress(n, DEFAULT_PREFERRED_ADDRESS_TYPES), '127.0.0.1');
  // Upstream's order picks the hostname.
  assert.equal(preferredNodeAddress(n, parsePreferredAddressTypes('Hostname,InternalDNS,InternalIP')), 'box');
});

test('a wanted Hostname falls back to the kubernetes.io/hostname label', () => {
  const n = node([{ type: 'ExternalIP', address: '203.0.113.9' }], undefined, {
    'kubernetes.io/hostname': 'lbl',
  });
  assert.equal(preferredNodeAddress(n, DEFAULT_PREFERRED_ADDRESS_TYPES), 'lbl');
});

test('no usable address is upstream 500 listing the known ones', () => {
  const n = node([{ type: 'ExternalIP', address: '203.0.113.9' }]);
  try {
    preferredNodeAddress(n, parsePreferredAddressTypes('InternalIP'));
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(isStatusError(err));
    assert.equal(err.status.code, 500);
    assert.equal(err.status.reason, undefined);
    assert.equal(err.message, 'no preferred addresses found; known addresses: [{ExternalIP 203.0.113.9}]');
  }
});

test('the kubelet port comes from daemonEndpoints, else the default; TLS verifies only with a CA', () => {
  const published = kubeletTarget(node([{ type: 'InternalIP', address: '127.0.0.1' }], 41234), config);
  assert.deepEqual(published, {
    scheme: 'https',
    host: '127.0.0.1',
    port: 41234,
    tls: { certPem: 'CERT', keyPem: 'KEY' },
    connectTimeoutMs: 5000,
  });
  const fallback = kubeletTarget(node([{ type: 'InternalIP', address: '10.1.2.3' }], 0), {
    ...config,
    caPem: 'CA',
  });
  assert.equal(fallback.port, 10250);
  assert.equal(fallback.tls?.caPem, 'CA');
  const skipped = kubeletTarget(
    node([{ type: 'InternalIP', address: '10.1.2.3' }]),
    { ...config, caPem: 'CA' },
    {
      insecureSkipVerify: true,
    },
  );
  assert.equal(skipped.tls?.caPem, undefined);
});

test('--kubelet-preferred-address-types accepts only node address types', () => {
  assert.deepEqual(parsePreferredAddressTypes(' ExternalIP , InternalDNS'), ['ExternalIP', 'InternalDNS']);
  assert.throws(
    () => parsePreferredAddressTypes('InternalIP,LegacyHostIP'),
    /unsupported address type "LegacyHostIP"/,
  );
  assert.throws(() => parsePreferredAddressTypes(''), /must not be empty/);
});
