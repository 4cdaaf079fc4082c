import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeletRouter } from './kubelet-router.js';

const noop = { http: () => undefined };

test('patterns match whole segments and give decoded parameters', () => {
  const r = new KubeletRouter();
  r.add(['GET', 'POST'], '/exec/{podNamespace}/{podID}/{containerName}', noop);
  r.add(['GET', 'POST'], '/exec/{podNamespace}/{podID}/{uid}/{containerName}', noop);
  const three = r.find('GET', '/exec/default/web/app');
  assert.equal(three.kind, 'found');
  assert.deepEqual(three.kind === 'found' && three.params, {
    podNamespace: 'default',
    podID: 'web',
    containerName: 'app',
  });
  const four = r.find('POST', '/exec/default/we%2Fb/1234/app');
  assert.deepEqual(four.kind === 'found' && four.params, {
    podNamespace: 'default',
    podID: 'we/b',
    uid: '1234',
    containerName: 'app',
  });
  assert.equal(r.find('GET', '/exec/default/web').kind, 'not-found');
  assert.equal(r.find('GET', '/exec/default//app').kind, 'not-found');
});

test('a known path with another method is method-not-allowed; an unknown one not-found', () => {
  const r = new KubeletRouter();
  r.add(['POST'], '/run/{ns}/{pod}/{c}', noop);
  assert.equal(r.find('GET', '/run/a/b/c').kind, 'method-not-allowed');
  assert.equal(r.find('GET', '/nothing').kind, 'not-found');
});

test('a {rest*} segment takes the rest of the path; adding the same route again replaces it', () => {
  const r = new KubeletRouter();
  r.add(['GET'], '/logs/{logpath*}', noop);
  const found = r.find('GET', '/logs/pods/a/b.log');
  assert.deepEqual(found.kind === 'found' && found.params, { logpath: 'pods/a/b.log' });
  const replacement = { http: () => 'new' };
  r.add(['GET'], '/logs/{logpath*}', replacement);
  assert.equal(r.list().length, 1);
  const again = r.find('GET', '/logs/x');
  assert.equal(again.kind === 'found' && again.route.handlers, replacement);
});
