import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerDescriptor } from './controller-context.js';
import { selectControllers } from './controller-manager.js';

const descriptor = (name: string, disabledByDefault = false): ControllerDescriptor => ({
  name,
  defaultWorkers: 1,
  ...(disabledByDefault ? { disabledByDefault } : {}),
  setup: () => ({ run: async () => {} }),
});

const available = [descriptor('a'), descriptor('b'), descriptor('signer', true)];
const names = (spec: string[]) => selectControllers(spec, available).map((d) => d.name);

describe('selectControllers', () => {
  it('runs with * every controller not disabled by default; those only when named', () => {
    assert.deepEqual(names(['*']), ['a', 'b']);
    assert.deepEqual(names(['*', 'signer']), ['a', 'b', 'signer']);
    assert.deepEqual(names(['signer']), ['signer']);
    assert.deepEqual(names(['*', '-a', 'signer']), ['b', 'signer']);
    assert.deepEqual(names(['*', 'signer', '-signer']), ['a', 'b']);
  });

  it('refuses unknown names', () => {
    assert.throws(() => names(['*', 'nope']), /"nope" is not in the list of known controllers/);
  });
});
