import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePod, podInfo } from '../../testing/fixtures.js';
import { bindingFor } from './default-binder.js';

describe('DefaultBinder', () => {
  it('binds with a Binding naming the node', () => {
    const pod = podInfo(makePod({ name: 'web', namespace: 'prod', uid: 'u1' }));
    assert.deepEqual(bindingFor(pod, 'n7'), {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { namespace: 'prod', name: 'web', uid: 'u1' },
      target: { kind: 'Node', name: 'n7' },
    });
  });
});
