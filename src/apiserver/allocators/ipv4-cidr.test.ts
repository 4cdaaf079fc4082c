import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIpv4, parseIpv4, parseIpv4Cidr } from './ipv4-cidr.js';

test('parses and formats dotted quads', () => {
  assert.equal(parseIpv4('10.43.0.1'), 10 * 2 ** 24 + 43 * 2 ** 16 + 1);
  assert.equal(formatIpv4(parseIpv4('255.255.255.255')!), '255.255.255.255');
  for (const bad of ['10.43.0', '10.43.0.256', '10.43.0.01', '10.43.0.-1', 'fd00::1', '', 'a.b.c.d']) {
    assert.equal(parseIpv4(bad), undefined, bad);
  }
});

test('parses CIDRs and clears host bits', () => {
  assert.deepEqual(parseIpv4Cidr('10.43.7.9/16'), {
    network: parseIpv4('10.43.0.0'),
    prefixLength: 16,
    totalSize: 65536,
    text: '10.43.0.0/16',
  });
  assert.equal(parseIpv4Cidr('10.43.0.0/33'), undefined);
  assert.equal(parseIpv4Cidr('10.43.0.0'), undefined);
  assert.equal(parseIpv4Cidr('fd00::/108'), undefined);
});
