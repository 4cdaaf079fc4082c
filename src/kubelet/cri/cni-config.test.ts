import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conflistPath, renderCniConflist } from './cni-config.js';

const base = { confDir: '/etc/k8ts/net.d', ipamDataDir: '/var/lib/k8ts/ipam', podCidr: '10.42.3.17/24' };

test('bridge + host-local + portmap for the podCIDR, gateway on the first address', () => {
  const conf = JSON.parse(renderCniConflist(base)) as {
    name: string;
    plugins: Record<string, unknown>[];
  };
  assert.equal(conf.name, 'k8ts');
  assert.deepEqual(
    conf.plugins.map((p) => p['type']),
    ['bridge', 'portmap'],
  );
  const bridge = conf.plugins[0] ?? {};
  assert.equal(bridge['bridge'], 'k8ts0');
  assert.equal(bridge['hairpinMode'], true);
  assert.equal(bridge['isGateway'], true);
  assert.equal(bridge['ipMasq'], false);
  assert.deepEqual(bridge['ipam'], {
    type: 'host-local',
    ranges: [[{ subnet: '10.42.3.0/24', gateway: '10.42.3.1' }]],
    routes: [{ dst: '0.0.0.0/0' }],
    dataDir: '/var/lib/k8ts/ipam',
  });
  assert.deepEqual(conf.plugins[1], { type: 'portmap', capabilities: { portMappings: true } });
  assert.equal(conflistPath(base), '/etc/k8ts/net.d/10-k8ts.conflist');
});

test('bridge names must be ours and fit in 15 bytes', () => {
  assert.throws(() => renderCniConflist({ ...base, bridge: 'cni0' }), /k8ts/);
  assert.throws(() => renderCniConflist({ ...base, bridge: 'k8ts-much-too-long' }), /15/);
  const conf = JSON.parse(renderCniConflist({ ...base, bridge: 'k8ts-n1', ipMasq: true, mtu: 1400 })) as {
    plugins: Record<string, unknown>[];
  };
  assert.deepEqual(
    [conf.plugins[0]?.['bridge'], conf.plugins[0]?.['ipMasq'], conf.plugins[0]?.['mtu']],
    ['k8ts-n1', true, 1400],
  );
});
