import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servingNames } from './serving-names.js';

test('servingNames covers loopback, the host, the service IP and the kubernetes Service names', () => {
  const names = servingNames({ serviceIp: '10.43.0.1', hostname: 'node-a' });
  assert.deepEqual(names.ips, ['127.0.0.1', '10.43.0.1']);
  assert.deepEqual(names.dnsNames, [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    'node-a',
  ]);
});

test('servingNames adds extras, treats IPs among hostnames as IPs and drops duplicates', () => {
  const names = servingNames({
    serviceIp: '10.43.0.1',
    hostname: 'node-a',
    hostnames: ['api.example.com', '192.168.1.10', 'LOCALHOST', ' ', 'Node-A'],
    ips: ['10.43.0.1', 'fd00::1'],
  });
  assert.deepEqual(names.ips, ['127.0.0.1', '10.43.0.1', 'fd00::1', '192.168.1.10']);
  assert.ok(names.dnsNames.includes('api.example.com'));
  assert.equal(names.dnsNames.filter((n) => n.toLowerCase() === 'localhost').length, 1);
  assert.equal(names.dnsNames.filter((n) => n.toLowerCase() === 'node-a').length, 1);
});

test('servingNames rejects a bad service IP, extra IP or DNS name', () => {
  assert.throws(() => servingNames({ serviceIp: 'kubernetes' }), /serviceIp is not an IP address/);
  assert.throws(() => servingNames({ serviceIp: '10.43.0.1', ips: ['example.com'] }), /not an IP address/);
  for (const bad of ['bücher.example', 'two words', 'a..b', '-lead.example', 'https://x']) {
    assert.throws(
      () => servingNames({ serviceIp: '10.43.0.1', hostnames: [bad] }),
      /not a valid DNS name/,
      bad,
    );
  }
  const ok = servingNames({
    serviceIp: '10.43.0.1',
    hostnames: ['*.apps.example.com', 'my_host', 'fqdn.example.'],
  });
  assert.ok(ok.dnsNames.includes('*.apps.example.com') && ok.dnsNames.includes('my_host'));
});

test('servingNames leaves out a machine name that cannot be a SAN instead of failing', () => {
  const names = servingNames({ serviceIp: '10.43.0.1', hostname: 'Mein Rechner' });
  assert.ok(!names.dnsNames.includes('Mein Rechner'));
  assert.ok(names.dnsNames.includes('localhost'));
});
