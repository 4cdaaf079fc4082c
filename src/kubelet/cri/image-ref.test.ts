import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageRepository, normalizeImageRef, parseImageRef } from './image-ref.js';

test('normalizes references as containerd records them', () => {
  assert.equal(normalizeImageRef('busybox'), 'docker.io/library/busybox:latest');
  assert.equal(normalizeImageRef('user/app:2'), 'docker.io/user/app:2');
  assert.equal(normalizeImageRef('127.0.0.1:5000/toolbox:1'), '127.0.0.1:5000/toolbox:1');
  assert.equal(normalizeImageRef('127.0.0.1:5000/toolbox'), '127.0.0.1:5000/toolbox:latest');
  assert.equal(normalizeImageRef('localhost/a/b'), 'localhost/a/b:latest');
  assert.equal(normalizeImageRef('registry.k8s.io/pause@sha256:abc'), 'registry.k8s.io/pause@sha256:abc');
});

test('splits tag and digest and names the repository', () => {
  assert.deepEqual(parseImageRef('127.0.0.1:5000/toolbox:1@sha256:abc'), {
    domain: '127.0.0.1:5000',
    path: 'toolbox',
    tag: '1',
    digest: 'sha256:abc',
  });
  assert.equal(imageRepository('nginx:1.25'), 'docker.io/library/nginx');
});
