import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAP_SYS_RESOURCE, effectiveCapabilities, hasCapability } from './linux-capabilities.js';

test('reads CapEff and tests single bits', () => {
  // The CI VM: everything but CAP_SYS_RESOURCE.
  const vm = 'Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\n';
  assert.equal(effectiveCapabilities(vm), 0x1fffeffffffn);
  assert.equal(hasCapability(CAP_SYS_RESOURCE, vm), false);
  assert.equal(hasCapability(21, vm), true);
  assert.equal(hasCapability(CAP_SYS_RESOURCE, 'CapEff:\t000001ffffffffff\n'), true);
  assert.equal(effectiveCapabilities('no caps here'), 0n);
});
