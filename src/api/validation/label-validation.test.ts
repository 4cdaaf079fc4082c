import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from './label-validation.js';

const nameRegexErr =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('isQualifiedName', () => {
  const valid = [
    'a',
    'A',
    '1',
    'app',
    'a.b_c-d',
    'example.com/app',
    'k8s.io/a',
    `${'a'.repeat(63)}`,
    `${'a'.repeat(253)}/b`,
  ];
  for (const v of valid) it(`accepts ${v.slice(0, 20)}`, () => assert.deepEqual(isQualifiedName(v), []));

  const invalid: [string, string[]][] = [
    ['', ['name part must be non-empty', nameRegexErr]],
    ['-a', [nameRegexErr]],
    ['a-', [nameRegexErr]],
    ['a b', [nameRegexErr]],
    ['/a', ['prefix part must be non-empty']],
    ['a/', ['name part must be non-empty', nameRegexErr]],
    [`${'a'.repeat(64)}`, ['name part must be no more than 63 characters']],
    [
      'Ex.com/a',
      [
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [`${'a'.repeat(254)}/b`, ['prefix part must be no more than 253 characters']],
  ];
  for (const [v, errs] of invalid) {
    it(`rejects ${JSON.stringify(v.slice(0, 20))}`, () => assert.deepEqual(isQualifiedName(v), errs));
  }
});

describe('isValidLabelValue', () => {
  it('accepts empty and well-formed values', () => {
    for (const v of ['', 'a', 'A-1_b.c', '12345', 'a'.repeat(63)]) assert.deepEqual(isValidLabelValue(v), []);
  });
  it('rejects malformed and long values', () => {
    assert.equal(isValidLabelValue('-a').length, 1);
    assert.equal(isValidLabelValue('a/b').length, 1);
    assert.deepEqual(isValidLabelValue('a'.repeat(64)), ['must be no more than 63 characters']);
    assert.equal(isValidLabelValue(`-${'a'.repeat(64)}`).length, 2);
  });
});

describe('DNS names', () => {
  it('subdomains', () => {
    assert.deepEqual(isDNS1123Subdomain('my.example.com'), []);
    assert.equal(isDNS1123Subdomain('My.com').length, 1);
    assert.equal(isDNS1123Subdomain('a..b').length, 1);
  });
  it('labels', () => {
    assert.deepEqual(isDNS1123Label('my-name'), []);
    assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
    assert.equal(isDNS1123Label('-a').length, 1);
    assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  });
});
