import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.js';
import { isStatusError, notFound } from '../../machinery/errors/index.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ServedResource } from './served-resource.js';
import { serviceProxyTarget } from './service-proxy.js';

/** Just enough of the registry for the service proxy: get (404 when absent) and find by resource. */
function fakeRegistry(objects: Record<string, Record<string, KubeObject>>) {
  const store = (resource: string) => ({
    get: async (_ns: string, name: string) => {
      const o = objects[resource]?.[name];
      if (o === undefined) throw notFound({ group: '', resource }, name);
      return o;
    },
    find: async (_ns: string, name: string) => objects[resource]?.[name],
  });
  const registry = { preferred: (_g: string, resource: string) => ({ store: store(resource) }) };
  return {
    registry: registry as unknown as ResourceRegistry,
    services: { type: { resource: 'services' }, store: store('services') } as unknown as ServedResource,
  };
}

const service = {
  metadata: { name: 'svc', namespace: 'd' },
  spec: {
    ports: [
      { name: 'http', port: 80 },
      { name: 'metrics', port: 9090 },
    ],
  },
};
const pod = (name: string, ip: string) => ({
  metadata: { name, namespace: 'd' },
  status: { podIPs: [{ ip }] },
});
const address = (ip: string, podName: string, namespace = 'd') => ({
  ip,
  targetRef: { kind: 'Pod', namespace, name: podName },
});

test('a port number maps to its service port name, whose endpoint port is used on a matching pod', async () => {
  const { registry, services } = fakeRegistry({
    services: { svc: service },
    pods: { a: pod('a', '10.0.0.1'), b: pod('b', '10.0.0.99') },
    endpoints: {
      svc: {
        subsets: [
          {
            // b's IP does not match its pod: skipped, as upstream's isValidAddress skips it.
            addresses: [address('10.0.0.1', 'a'), address('10.0.0.2', 'b')],
            ports: [
              { name: 'http', port: 8080 },
              { name: 'metrics', port: 9100 },
            ],
          },
        ],
      },
    },
  });
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(await serviceProxyTarget(services, registry, 'd', 'svc:80'), {
      scheme: 'http',
      host: '10.0.0.1',
      port: 8080,
    });
  }
  assert.deepEqual(await serviceProxyTarget(services, registry, 'd', 'https:svc:metrics'), {
    scheme: 'https',
    host: '10.0.0.1',
    port: 9100,
    tls: {},
  });
});

test('unusable addresses, ports and ids are upstream errors', async () => {
  const { registry, services } = fakeRegistry({
    services: { svc: service },
    pods: { a: pod('a', '10.0.0.1') },
    endpoints: {
      svc: {
        subsets: [{ addresses: [address('10.0.0.1', 'a', 'other')], ports: [{ name: 'http', port: 8080 }] }],
      },
    },
  });
  const failure = async (id: string) => {
    try {
      await serviceProxyTarget(services, registry, 'd', id);
    } catch (err) {
      assert.ok(isStatusError(err));
      return `${err.status.code} ${err.message}`;
    }
    assert.fail(`expected ${id} to fail`);
  };
  assert.equal(await failure('svc:http'), '503 no endpoints available for service "svc:http"');
  assert.equal(await failure('svc:8080'), '503 no service port 8080 found for service "svc"');
  assert.equal(await failure('ftp:svc:21'), '400 invalid service request "ftp:svc:21"');
  assert.equal(await failure('nope'), '404 endpoints "nope" not found');
});
