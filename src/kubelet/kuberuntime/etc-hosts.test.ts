import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { etcHostsContent, hostNetworkEtcHostsContent, wantsManagedHosts } from './etc-hosts.js';

const aliases = [
  { ip: '127.0.0.1', hostnames: ['foo.local', 'bar.local'] },
  { ip: '10.1.2.3', hostnames: ['foo.remote'] },
];

test("a pod's hosts file: localhost entries, its IP under its FQDN and hostname, then hostAliases", () => {
  const pod = {
    metadata: { name: 'web-0', namespace: 'shop' },
    spec: { hostname: 'web-0', subdomain: 'web', hostAliases: aliases, containers: [] },
  } as Pod;
  assert.equal(
    etcHostsContent(pod, ['10.42.0.7'], 'cluster.local'),
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' +
      'fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
      '10.42.0.7\tweb-0.web.shop.svc.cluster.local\tweb-0\n' +
      '\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\n',
  );
});

test("a host-network pod's hosts file is the node's, with the hostAliases after it", () => {
  const pod = { metadata: { name: 'h' }, spec: { hostNetwork: true, containers: [] } } as Pod;
  const node = '127.0.0.1\tlocalhost\n192.0.2.10\tnode-1\n';
  assert.equal(
    hostNetworkEtcHostsContent(pod, node),
    `# Kubernetes-managed hosts file (host network).\n${node}`,
  );
  pod.spec!.hostAliases = aliases;
  assert.equal(
    hostNetworkEtcHostsContent(pod, node),
    `# Kubernetes-managed hosts file (host network).\n${node}` +
      '\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\n',
  );
});

test('the managed file is mounted only with pod IPs, and not over a volume mounted at /etc/hosts', () => {
  assert.equal(wantsManagedHosts({ name: 'c' }, ['10.42.0.7']), true);
  assert.equal(wantsManagedHosts({ name: 'c' }, []), false);
  assert.equal(
    wantsManagedHosts({ name: 'c', volumeMounts: [{ name: 'h', mountPath: '/etc/hosts' }] }, ['10.42.0.7']),
    false,
  );
});
