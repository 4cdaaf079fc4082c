import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isProxyableIp } from './proxyable-address.js';
import { splitSchemeNamePort } from './scheme-name-port.js';

test('proxy ids split as upstream SplitSchemeNamePort', () => {
  assert.deepEqual(splitSchemeNamePort('web'), { scheme: '', name: 'web', port: '' });
  assert.deepEqual(splitSchemeNamePort('web:8080'), { scheme: '', name: 'web', port: '8080' });
  assert.deepEqual(splitSchemeNamePort('https:web:metrics'), {
    scheme: 'https',
    name: 'web',
    port: 'metrics',
  });
  assert.deepEqual(splitSchemeNamePort('web:'), { scheme: '', name: 'web', port: '' });
  for (const bad of ['', ':80', 'ftp:web:21', 'a:b:c:d'])
    assert.equal(splitSchemeNamePort(bad), undefined, bad);
});

test('loopback is proxyable in k8ts; link-local, multicast, unspecified and non-IPs are not', () => {
  for (const ok of ['127.0.0.1', '10.42.0.7', '192.168.1.2', '::1', '2001:db8::1', '::ffff:10.0.0.1']) {
    assert.equal(isProxyableIp(ok), true, ok);
  }
  for (const bad of [
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    'fe80::1',
    'ff02::1',
    'host',
    '',
  ]) {
    assert.equal(isProxyableIp(bad), false, bad);
  }
});
