import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container } from 'kubernetes-types/core/v1.js';
import { joinHostPort, resolveContainerPort } from './container-port.js';
import { canonicalHeaderName, httpGetRequest } from './http-get-request.js';

const container: Container = { name: 'app', ports: [{ name: 'web', containerPort: 8080 }] };

test('ports resolve by number, by name, or from a numeric string, within 1..65535', () => {
  assert.equal(resolveContainerPort(80, container), 80);
  assert.equal(resolveContainerPort('web', container), 8080);
  assert.equal(resolveContainerPort('9090', container), 9090);
  assert.throws(
    () => resolveContainerPort('nope', container),
    /strconv.Atoi: parsing "nope": invalid syntax/,
  );
  assert.throws(() => resolveContainerPort(0, container), /invalid port number: 0/);
  assert.throws(() => resolveContainerPort(70000, container), /invalid port number: 70000/);
  assert.equal(joinHostPort('fd00::5', 80), '[fd00::5]:80');
});

test('header names take Go’s canonical form', () => {
  assert.equal(canonicalHeaderName('x-forwarded-for'), 'X-Forwarded-For');
  assert.equal(canonicalHeaderName('HOST'), 'Host');
  assert.equal(canonicalHeaderName('bad header'), 'bad header');
});

test('requests default to HTTP on the pod IP and add User-Agent and Accept', () => {
  const req = httpGetRequest({ port: 'web', path: 'healthz' }, container, '10.1.2.3', 'lifecycle');
  assert.equal(req.url.href, 'http://10.1.2.3:8080/healthz');
  assert.deepEqual(req.headers, [
    ['User-Agent', 'kube-lifecycle/1.32'],
    ['Accept', '*/*'],
  ]);
  assert.equal(req.host, undefined);
  const tls = httpGetRequest(
    { port: 443, scheme: 'HTTPS', host: 'svc.local' },
    container,
    '10.1.2.3',
    'probe',
  );
  assert.equal(tls.url.protocol, 'https:');
  assert.equal(tls.url.hostname, 'svc.local');
  assert.equal(tls.url.pathname, '/');
});
