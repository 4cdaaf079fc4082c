import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CidrSet, noCIDRsRemainingMessage } from './cidr-set.js';
import { formatCidr, parseCidr } from './ip-cidr.js';

it('hands out subnets in order, skips occupied ones, wraps around and runs out', () => {
  const set = new CidrSet('10.42.0.0/22', 24);
  set.occupy('10.42.1.0/24');
  assert.equal(set.allocateNext(), '10.42.0.0/24');
  assert.equal(set.allocateNext(), '10.42.2.0/24');
  assert.equal(set.allocateNext(), '10.42.3.0/24');
  assert.throws(() => set.allocateNext(), { message: noCIDRsRemainingMessage });
  set.release('10.42.0.0/24');
  assert.equal(set.allocateNext(), '10.42.0.0/24');
  assert.throws(() => set.occupy('10.43.0.0/24'), /out of the range/);
});

it('handles IPv6 ranges and refuses masks more than 16 bits apart', () => {
  const set = new CidrSet('fd00:10:42::/56', 64);
  assert.equal(set.allocateNext(), 'fd00:10:42::/64');
  assert.equal(set.allocateNext(), 'fd00:10:42:1::/64');
  assert.throws(() => new CidrSet('10.0.0.0/8', 25), /too big/);
  assert.equal(formatCidr(parseCidr('10.42.7.9/24')), '10.42.7.0/24');
  assert.equal(formatCidr(parseCidr('2001:db8:0:0:1:ffff::/80')), '2001:db8:0:0:1::/80');
});
