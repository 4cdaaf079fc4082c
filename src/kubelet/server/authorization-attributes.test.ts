import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forbiddenMessage, isSubpath, nodeRequestAttributes } from './authorization-attributes.js';

test('the verb comes from the HTTP method; methods without an API verb get none', () => {
  const verb = (m: string) => nodeRequestAttributes(m, '/pods', 'n1').verb;
  assert.deepEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map(verb), [
    'get',
    'create',
    'update',
    'patch',
    'delete',
    '',
    '',
  ]);
});

test('the subresource comes from the path: stats, metrics, log, checkpoint, else proxy', () => {
  const sub = (p: string) => nodeRequestAttributes('GET', p, 'n1').subresource;
  const cases: [string, string][] = [
    ['/stats/summary', 'stats'],
    ['/stats', 'stats'],
    ['/statsfoo', 'proxy'],
    ['/metrics', 'metrics'],
    ['/metrics/cadvisor', 'metrics'],
    ['/metrics/resource', 'metrics'],
    ['/metricsx', 'proxy'],
    ['/logs/', 'log'],
    ['/logs/syslog', 'log'],
    ['/checkpoint/ns/pod/c', 'checkpoint'],
    ['/pods', 'proxy'],
    ['/healthz', 'proxy'],
    ['/exec/ns/pod/c', 'proxy'],
    ['/run/ns/pod/c', 'proxy'],
    ['/containerLogs/ns/pod/c', 'proxy'],
    ['/portForward/ns/pod', 'proxy'],
  ];
  assert.deepEqual(
    cases.map(([p]) => [p, sub(p)]),
    cases,
  );
});

test('a WebSocket exec (GET) is authorized as get, a SPDY one (POST) as create, as upstream 1.32', () => {
  assert.equal(nodeRequestAttributes('GET', '/exec/ns/pod/c', 'n1').verb, 'get');
  assert.equal(nodeRequestAttributes('POST', '/exec/ns/pod/c', 'n1').verb, 'create');
});

test('the attributes name the node and read as upstream Forbidden text', () => {
  const a = nodeRequestAttributes('POST', '/run/default/web/app', 'worker-1');
  assert.deepEqual(
    { resource: a.resource, name: a.name, apiVersion: a.apiVersion, path: a.path },
    { resource: 'nodes', name: 'worker-1', apiVersion: 'v1', path: '/run/default/web/app' },
  );
  assert.equal(
    forbiddenMessage('jane', a),
    'Forbidden (user=jane, verb=create, resource=nodes, subresource(s)=[proxy])',
  );
});

test('isSubpath ignores a trailing slash of the base and needs a segment boundary', () => {
  assert.ok(isSubpath('/stats', '/stats/'));
  assert.ok(isSubpath('/stats/summary', '/stats/'));
  assert.ok(!isSubpath('/statsx', '/stats/'));
});
