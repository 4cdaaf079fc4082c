import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, PodSpec } from 'kubernetes-types/core/v1.js';
import { podSandboxConfig, type SandboxSettings } from './sandbox-config.js';

const settings: SandboxSettings = {
  podLogsRoot: '/var/log/pods',
  dns: { clusterDns: ['10.43.0.10'], clusterDomain: 'cluster.local', host: {} },
};

function pod(spec: Partial<PodSpec>, name = 'web'): Pod {
  return {
    metadata: { name, namespace: 'shop', uid: 'u1' },
    spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
  };
}

const hostnameOf = (p: Pod) => podSandboxConfig(p, 0, '/kubepods', settings).config.hostname;

test('the sandbox hostname is spec.hostname, else the pod name cut to 63 characters', () => {
  assert.equal(hostnameOf(pod({})), 'web');
  assert.equal(hostnameOf(pod({ hostname: 'web-0', subdomain: 'group' })), 'web-0');
  assert.equal(hostnameOf(pod({}, `${'a'.repeat(62)}-b`)), 'a'.repeat(62));
});

test('setHostnameAsFQDN with a subdomain makes the FQDN the hostname; without a subdomain it changes nothing', () => {
  assert.equal(
    hostnameOf(pod({ hostname: 'web-0', subdomain: 'group', setHostnameAsFQDN: true })),
    'web-0.group.shop.svc.cluster.local',
  );
  assert.equal(hostnameOf(pod({ hostname: 'web-0', setHostnameAsFQDN: true })), 'web-0');
});

test('an FQDN over 64 characters fails with upstream message', () => {
  const long = pod({ hostname: 'h'.repeat(40), subdomain: 'group', setHostnameAsFQDN: true });
  const fqdn = `${'h'.repeat(40)}.group.shop.svc.cluster.local`;
  assert.throws(() => hostnameOf(long), {
    message: `failed to construct FQDN from pod hostname and cluster domain, FQDN ${fqdn} is too long (64 characters is the max, ${fqdn.length} characters requested)`,
  });
});

test('a hostNetwork pod sets no hostname: it keeps the node UTS namespace', () => {
  const config = podSandboxConfig(pod({ hostNetwork: true, hostname: 'x' }), 0, '/kubepods', settings).config;
  assert.equal(config.hostname, undefined);
  assert.equal(config.linux?.securityContext?.namespaceOptions?.network, 'NODE');
});
