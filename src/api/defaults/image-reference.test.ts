import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPullPolicy, imageTag } from './image-reference.js';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

test('imageTag reads the tag the way the kubelet parses image references', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'latest'],
    ['nginx:1.27', '1.27'],
    ['nginx:latest', 'latest'],
    ['library/nginx:stable-alpine', 'stable-alpine'],
    ['localhost/pause', 'latest'],
    ['localhost:5000/pause', 'latest'],
    ['127.0.0.1:5000/k8ts/toolbox:v1', 'v1'],
    ['registry.k8s.io/pause:3.10', '3.10'],
    [`nginx@${digest}`, ''],
    [`nginx:1.27@${digest}`, '1.27'],
    [`nginx:latest@${digest}`, 'latest'],
  ];
  for (const [image, tag] of cases) assert.equal(imageTag(image), tag, image);
});

test('imageTag reports no tag for references that do not parse', () => {
  const digestOnlyName = '0123456789abcdef'.repeat(4);
  for (const image of [
    '',
    'Nginx',
    'nginx:',
    'nginx@sha256:abc',
    'a//b',
    ':1.0',
    digestOnlyName,
    `x${'a'.repeat(700)}`,
  ]) {
    assert.equal(imageTag(image), '', image);
  }
});

test('defaultPullPolicy is Always only for latest or untagged images', () => {
  assert.equal(defaultPullPolicy('busybox'), 'Always');
  assert.equal(defaultPullPolicy('busybox:latest'), 'Always');
  assert.equal(defaultPullPolicy('busybox:1.36'), 'IfNotPresent');
  assert.equal(defaultPullPolicy(`busybox@${digest}`), 'IfNotPresent');
  assert.equal(defaultPullPolicy(undefined), 'IfNotPresent');
});
