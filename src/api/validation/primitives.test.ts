import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from './field-error.js';
import { fieldPath } from './field-path.js';
import {
  cidrContains,
  isValidCIDR,
  isValidIP,
  parseCIDRSloppy,
  parseIPSloppy,
  validateNonSpecialIP,
} from './ip-address.js';
import {
  selectorConverts,
  selectorIsEmpty,
  selectorMatches,
  validateLabelSelector,
} from './label-selector.js';
import { compareQuantities, isValidQuantity, parseQuantity } from './resource-quantity.js';
import { isConfigMapKey, isRelaxedEnvVarName, isValidPortName } from './string-formats.js';

const p = fieldPath('f');

describe('quantities', () => {
  const q = (s: string) => {
    const v = parseQuantity(s);
    assert.ok(v, s);
    return v;
  };
  it('parses every suffix form', () => {
    for (const s of ['1', '0.5', '100m', '1Ki', '1.5Gi', '1e3', '2E', '-1', '+3', '.5', '5.'])
      assert.ok(isValidQuantity(s), s);
    for (const s of ['', 'abc', '1X', '1 Gi', '1Gib', '--1', 'e3']) assert.ok(!isValidQuantity(s), s);
  });
  it('compares exactly across units', () => {
    assert.equal(compareQuantities(q('1'), q('1000m')), 0);
    assert.equal(compareQuantities(q('1Ki'), q('1024')), 0);
    assert.equal(compareQuantities(q('1e-3'), q('1m')), 0);
    assert.equal(compareQuantities(q('1Gi'), q('1G')), 1);
    assert.equal(compareQuantities(q('-1'), q('0')), -1);
  });
});

describe('IP addresses', () => {
  it('parses sloppily, as Kubernetes API fields do', () => {
    assert.equal(parseIPSloppy('010.0.0.1')?.family, 4);
    assert.equal(parseIPSloppy('::ffff:1.2.3.4')?.family, 6);
    assert.equal(parseIPSloppy('1.2.3'), undefined);
    assert.equal(parseIPSloppy('fe80::1%eth0'), undefined);
  });
  it('renders upstream messages', () => {
    assert.deepEqual(isValidIP(p, 'x').map(fieldErrorMessage), [
      'f: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    assert.deepEqual(isValidCIDR(p, '10.0.0.0/8').map(fieldErrorMessage), []);
    assert.deepEqual(validateNonSpecialIP('0.0.0.0', p).map(fieldErrorMessage), [
      'f: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    ]);
    assert.deepEqual(validateNonSpecialIP('fe80::1', p).map(fieldErrorMessage), [
      'f: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ]);
  });
  it('checks CIDR containment', () => {
    const net = parseCIDRSloppy('10.0.0.0/16');
    const inner = parseCIDRSloppy('10.0.5.0/24');
    const outer = parseCIDRSloppy('10.1.0.0/24');
    assert.ok(net && inner && outer);
    assert.ok(cidrContains(net, inner.ip));
    assert.ok(!cidrContains(net, outer.ip));
  });
});

describe('label selectors', () => {
  const sel = {
    matchLabels: { app: 'x' },
    matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }],
  };
  it('matches like upstream', () => {
    assert.ok(selectorMatches(sel, { app: 'x', tier: 'web' }));
    assert.ok(!selectorMatches(sel, { app: 'x', tier: 'db' }));
    assert.ok(!selectorMatches(undefined, { app: 'x' }), 'a missing selector matches nothing');
    assert.ok(selectorMatches({}, {}), 'an empty selector matches everything');
    assert.ok(selectorIsEmpty({}) && !selectorIsEmpty(undefined));
  });
  it('validates requirements', () => {
    const bad = {
      matchExpressions: [
        { key: 'k', operator: 'In' },
        { key: 'k', operator: 'Exists', values: ['v'] },
      ],
    };
    assert.deepEqual(validateLabelSelector(bad, p).map(fieldErrorMessage), [
      "f.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "f.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ]);
    assert.ok(!selectorConverts(bad));
  });
});

describe('string formats', () => {
  it('checks port names', () => {
    assert.deepEqual(isValidPortName('http'), []);
    assert.deepEqual(isValidPortName('8080'), ['must contain at least one letter (a-z)']);
    assert.deepEqual(isValidPortName('-a--b'), [
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
  });
  it('checks config keys and env names', () => {
    assert.deepEqual(isConfigMapKey('.'), ["must not be '.'"]);
    assert.deepEqual(isRelaxedEnvVarName('1ABC'), []);
    assert.equal(isRelaxedEnvVarName('A\u00e9').length, 1);
  });
});
