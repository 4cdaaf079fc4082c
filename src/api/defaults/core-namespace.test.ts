import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { prepareNamespaceForCreate } from './core-namespace.js';

test('prepareNamespaceForCreate resets status to Active and adds the kubernetes finalizer', () => {
  const namespace: Namespace = { metadata: { name: 'a' }, status: { phase: 'Terminating' } };
  prepareNamespaceForCreate(namespace);
  assert.deepEqual(namespace, {
    metadata: { name: 'a' },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
});

test('prepareNamespaceForCreate keeps other finalizers and does not add kubernetes twice', () => {
  const withOther: Namespace = { metadata: { name: 'b' }, spec: { finalizers: ['example.com/cleanup'] } };
  prepareNamespaceForCreate(withOther);
  assert.deepEqual(withOther.spec?.finalizers, ['example.com/cleanup', 'kubernetes']);
  const already: Namespace = { metadata: { name: 'c' }, spec: { finalizers: ['kubernetes'] } };
  prepareNamespaceForCreate(already);
  assert.deepEqual(already.spec?.finalizers, ['kubernetes']);
});
