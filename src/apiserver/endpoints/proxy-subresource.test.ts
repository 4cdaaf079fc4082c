import assert from 'node:assert/strict';
import { test } from 'node:test';
import { proxyRequestPath } from './proxy-subresource.js';

test('the backend path is what follows /proxy, escapes and trailing slash kept', () => {
  assert.deepEqual(proxyRequestPath('/api/v1/nodes/n1/proxy/stats/summary', 'nodes'), {
    prefix: '/api/v1/nodes/n1/proxy',
    subpath: '/stats/summary',
  });
  assert.deepEqual(proxyRequestPath('/api/v1/namespaces/d/pods/web:80/proxy/', 'pods'), {
    prefix: '/api/v1/namespaces/d/pods/web:80/proxy',
    subpath: '/',
  });
  assert.deepEqual(proxyRequestPath('/api/v1/namespaces/d/services/https:s:443/proxy', 'services'), {
    prefix: '/api/v1/namespaces/d/services/https:s:443/proxy',
    subpath: '',
  });
  assert.equal(proxyRequestPath('/api/v1/nodes/n1/proxy/a%2Fb//c/', 'nodes').subpath, '/a%2Fb//c/');
});

test('a namespace or object named proxy does not confuse the split', () => {
  assert.deepEqual(proxyRequestPath('/api/v1/namespaces/proxy/pods/proxy/proxy/proxy/x', 'pods'), {
    prefix: '/api/v1/namespaces/proxy/pods/proxy/proxy',
    subpath: '/proxy/x',
  });
});
