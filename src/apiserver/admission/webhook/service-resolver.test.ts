import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../api/object.js';
import { resolveService, type ServiceLookups } from './service-resolver.js';

const ref = { namespace: 'webhooks', name: 'hook', path: '/validate', port: 443 };

function lookups(objects: {
  service?: KubeObject;
  endpoints?: KubeObject;
  pods?: KubeObject[];
}): ServiceLookups {
  return {
    service: async () => objects.service,
    endpoints: async () => objects.endpoints,
    pod: async (ns, name) =>
      objects.pods?.find((p) => p.metadata?.namespace === ns && p.metadata?.name === name),
  };
}

const service: KubeObject = {
  metadata: { name: 'hook', namespace: 'webhooks' },
  spec: {
    type: 'ClusterIP',
    clusterIP: '10.43.0.20',
    ports: [{ name: 'https', port: 443, targetPort: 8443 }],
  },
};
const pod: KubeObject = {
  metadata: { name: 'hook-1', namespace: 'webhooks' },
  status: { podIP: '10.42.0.7', podIPs: [{ ip: '10.42.0.7' }] },
};

function endpoints(ip: string, targetRef?: Record<string, string>): KubeObject {
  return {
    metadata: { name: 'hook', namespace: 'webhooks' },
    subsets: [
      { addresses: [{ ip, ...(targetRef ? { targetRef } : {}) }], ports: [{ name: 'https', port: 8443 }] },
    ],
  };
}

describe('resolveService', () => {
  it("dials a ready endpoint that is a known pod's IP, at its target port", async () => {
    const eps = endpoints('10.42.0.7', { kind: 'Pod', namespace: 'webhooks', name: 'hook-1' });
    assert.deepEqual(await resolveService(ref, lookups({ service, endpoints: eps, pods: [pod] })), {
      host: '10.42.0.7',
      port: 8443,
    });
  });

  it('never dials an endpoint that is not a pod of the cluster; the cluster IP serves instead', async () => {
    for (const eps of [
      endpoints('192.0.2.1'),
      endpoints('192.0.2.1', { kind: 'Pod', namespace: 'webhooks', name: 'hook-1' }),
      endpoints('10.42.0.7', { kind: 'Pod', namespace: 'webhooks', name: 'missing' }),
    ]) {
      assert.deepEqual(await resolveService(ref, lookups({ service, endpoints: eps, pods: [pod] })), {
        host: '10.43.0.20',
        port: 443,
      });
    }
  });

  it("refuses what upstream's resolver refuses", async () => {
    await assert.rejects(resolveService(ref, lookups({})), { message: 'service "hook" not found' });
    const external = { ...service, spec: { type: 'ExternalName', externalName: 'example.com' } };
    await assert.rejects(resolveService(ref, lookups({ service: external })), {
      message: 'unsupported service type "ExternalName"',
    });
    await assert.rejects(resolveService({ ...ref, port: 9443 }, lookups({ service })), {
      message: 'no service port 9443 found for service "hook"',
    });
    const headless = { ...service, spec: { ...(service['spec'] as object), clusterIP: 'None' } };
    await assert.rejects(resolveService(ref, lookups({ service: headless })), {
      message: 'no endpoints available for service "hook"',
    });
  });
});
