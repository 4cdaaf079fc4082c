// imagePullSecrets to CRI pull credentials: both docker config Secret types, the registry matched
// by host (docker.io's aliases included), username/password recovered from `auth`, and the first
// matching Secret winning.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Secret } from 'kubernetes-types/core/v1.js';
import { pullAuthFor } from './pull-secrets.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

function dockerConfigJson(name: string, auths: Record<string, unknown>): Secret {
  return {
    metadata: { name },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths })) },
  };
}

test('a dockerconfigjson Secret gives the credentials of the image registry', () => {
  const secret = dockerConfigJson('regcred', {
    '127.0.0.1:5000': { username: 'alice', password: 's3cret' },
    'other.example:443': { username: 'bob', password: 'nope' },
  });
  assert.deepEqual(pullAuthFor('127.0.0.1:5000/toolbox:1', [secret]), {
    username: 'alice',
    password: 's3cret',
    serverAddress: '127.0.0.1:5000',
  });
  assert.equal(pullAuthFor('quay.example/app:1', [secret]), undefined);
});

test('username and password come from `auth` when only it is given; URLs and docker.io aliases match', () => {
  const secret = dockerConfigJson('hub', {
    'https://index.docker.io/v1/': { auth: b64('carol:pa:ss') },
  });
  assert.deepEqual(pullAuthFor('busybox', [secret]), {
    username: 'carol',
    password: 'pa:ss',
    auth: b64('carol:pa:ss'),
    serverAddress: 'docker.io',
  });
});

test('a legacy dockercfg Secret works too, and the first matching Secret wins', () => {
  const legacy: Secret = {
    metadata: { name: 'old' },
    type: 'kubernetes.io/dockercfg',
    data: { '.dockercfg': b64(JSON.stringify({ 'registry.example': { username: 'u1', password: 'p1' } })) },
  };
  const newer = dockerConfigJson('new', { 'registry.example': { username: 'u2', password: 'p2' } });
  assert.equal(pullAuthFor('registry.example/team/app:2', [legacy, newer])?.username, 'u1');
  assert.equal(pullAuthFor('registry.example/team/app:2', [newer, legacy])?.username, 'u2');
});

test('Secrets of other types or with undecodable data are ignored', () => {
  const opaque: Secret = {
    metadata: { name: 'x' },
    type: 'Opaque',
    data: { '.dockerconfigjson': b64('{}') },
  };
  const broken: Secret = {
    metadata: { name: 'y' },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64('not json') },
  };
  assert.equal(pullAuthFor('127.0.0.1:5000/toolbox:1', [opaque, broken]), undefined);
});
