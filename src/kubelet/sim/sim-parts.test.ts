import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveImage } from './fake-ids.js';
import { PodCidrAllocator } from './pod-cidr-allocator.js';
import { PodIpPool } from './pod-ip-pool.js';
import { isStoppedNode, simBehaviour } from './sim-annotations.js';
import { simNodeProfiles } from './sim-node-profile.js';

test('node podCIDRs are the lowest free /24s of the cluster CIDR', () => {
  const a = new PodCidrAllocator({ clusterCidr: '10.42.0.0/16' });
  assert.equal(a.capacity, 256);
  a.markUsed('10.42.1.0/24');
  a.markUsed('192.168.0.0/24'); // not ours: ignored
  assert.deepEqual(
    [a.allocate(), a.allocate(), a.allocate()],
    ['10.42.0.0/24', '10.42.2.0/24', '10.42.3.0/24'],
  );
  const tiny = new PodCidrAllocator({ clusterCidr: '10.0.0.0/23' });
  assert.deepEqual(
    [tiny.allocate(), tiny.allocate(), tiny.allocate()],
    ['10.0.0.0/24', '10.0.1.0/24', undefined],
  );
  tiny.release('10.0.0.0/24');
  assert.equal(tiny.allocate(), '10.0.0.0/24');
});

test('pod IPs skip the network and gateway addresses and do not reuse a freed IP at once', () => {
  const pool = new PodIpPool('10.42.7.0/24');
  assert.deepEqual([pool.allocate(), pool.allocate()], ['10.42.7.2', '10.42.7.3']);
  pool.release('10.42.7.2');
  assert.equal(pool.allocate(), '10.42.7.4');
  assert.equal(pool.reserve('10.42.7.9'), true);
  assert.equal(pool.reserve('10.43.0.1'), false);
  const small = new PodIpPool('10.0.0.0/30'); // .0 network, .1 gateway, .2 usable, .3 broadcast
  assert.deepEqual([small.allocate(), small.allocate()], ['10.0.0.2', undefined]);
});

test('images resolve as containerd reports them', () => {
  assert.equal(resolveImage('nginx').image, 'docker.io/library/nginx:latest');
  assert.equal(resolveImage('bitnami/redis:7').image, 'docker.io/bitnami/redis:7');
  assert.equal(resolveImage('registry.local/toolbox:1').image, 'registry.local/toolbox:1');
  assert.equal(resolveImage('localhost:5000/app').image, 'localhost:5000/app:latest');
  assert.match(resolveImage('nginx:1.27').imageId, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  assert.equal(resolveImage('nginx:1.27').imageId, resolveImage('docker.io/library/nginx:1.27').imageId);
  const digest = 'sha256:' + 'a'.repeat(64);
  assert.equal(resolveImage(`busybox@${digest}`).imageId, `docker.io/library/busybox@${digest}`);
});

test('sim annotations: exit-after is a Go duration, exit-code an integer, ready "false" opts out', () => {
  assert.deepEqual(simBehaviour(undefined), { exitAfterMs: undefined, exitCode: 0, ready: true });
  assert.deepEqual(
    simBehaviour({
      'sim.k8ts.io/exit-after': '1m30s',
      'sim.k8ts.io/exit-code': '3',
      'sim.k8ts.io/ready': 'false',
    }),
    { exitAfterMs: 90_000, exitCode: 3, ready: false },
  );
  assert.deepEqual(simBehaviour({ 'sim.k8ts.io/exit-after': 'soon', 'sim.k8ts.io/exit-code': 'x' }), {
    exitAfterMs: undefined,
    exitCode: 0,
    ready: true,
  });
  assert.equal(isStoppedNode({ 'sim.k8ts.io/stopped': 'true' }), true);
  assert.equal(isStoppedNode({ 'sim.k8ts.io/stopped': 'false' }), false);
});

test('node profiles spread zones round-robin and number their InternalIPs', () => {
  const profiles = simNodeProfiles({ count: 4 });
  assert.deepEqual(
    profiles.map((p) => [p.name, p.internalIP, p.labels['topology.kubernetes.io/zone']]),
    [
      ['sim-node-0', '172.16.0.10', 'sim-region-1a'],
      ['sim-node-1', '172.16.0.11', 'sim-region-1b'],
      ['sim-node-2', '172.16.0.12', 'sim-region-1c'],
      ['sim-node-3', '172.16.0.13', 'sim-region-1a'],
    ],
  );
  assert.deepEqual(
    [profiles[0]!.capacity['cpu'], profiles[0]!.capacity['memory'], profiles[0]!.capacity['pods']],
    ['32', '256Gi', '110'],
  );
  assert.equal(profiles[0]!.nodeInfo.kubeletVersion, 'v1.32.4');
  assert.equal(profiles[0]!.labels['node.kubernetes.io/instance-type'], 'sim-32c-256gi');
});
