import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { chooseContainer } from './pod-container.js';

function pod(spec: Partial<NonNullable<Pod['spec']>>): Pod {
  return { metadata: { name: 'web' }, spec: { containers: [], ...spec } };
}
const c = (name: string) => ({ name });

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isStatusError(err, 'BadRequest'));
    assert.equal(err.status.code, 400);
    return err.message;
  }
  assert.fail('expected a 400');
}

test('the only regular container is the default, whatever init containers there are', () => {
  assert.equal(chooseContainer(pod({ containers: [c('app')], initContainers: [c('setup')] }), ''), 'app');
});

test('a named container of any kind is accepted', () => {
  const p = pod({
    containers: [c('a'), c('b')],
    initContainers: [c('i')],
    ephemeralContainers: [c('debug')],
  });
  assert.equal(chooseContainer(p, 'b'), 'b');
  assert.equal(chooseContainer(p, 'i'), 'i');
  assert.equal(chooseContainer(p, 'debug'), 'debug');
});

test('several containers and none named: upstream lists init, regular and ephemeral ones', () => {
  const p = pod({
    containers: [c('a'), c('b')],
    initContainers: [c('i')],
    ephemeralContainers: [c('debug')],
  });
  assert.equal(
    badRequestMessage(() => chooseContainer(p, '')),
    'a container name must be specified for pod web, choose one of: [i a b debug]',
  );
});

test('an unknown container and a pod without containers', () => {
  assert.equal(
    badRequestMessage(() => chooseContainer(pod({ containers: [c('a')] }), 'nope')),
    'container nope is not valid for pod web',
  );
  assert.equal(
    badRequestMessage(() => chooseContainer(pod({}), '')),
    'a container name must be specified for pod web',
  );
});
