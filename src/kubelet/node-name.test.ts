import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveNodeName } from './node-name.js';

describe('resolveNodeName', () => {
  it('takes the requested name, else the host name, lower-cased and trimmed', () => {
    assert.equal(resolveNodeName('worker-1', 'host'), 'worker-1');
    assert.equal(resolveNodeName(undefined, ' Build-Box.Example.COM\n'), 'build-box.example.com');
  });

  it('refuses names that are no DNS-1123 subdomain', () => {
    assert.throws(
      () => resolveNodeName(undefined, 'my_host'),
      /the host name "my_host" is not valid: .*give --node-name/,
    );
    assert.throws(() => resolveNodeName('-bad', 'host'), /"-bad" is not valid/);
    assert.throws(() => resolveNodeName('', 'host'), /empty node name/);
  });
});
