import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestInfo } from '../request/request-info.js';
import { isLongRunningRequest } from './long-running.js';

const longRunning = (method: string, path: string) =>
  isLongRunningRequest(
    parseRequestInfo(method, new URL(path, 'https://x').pathname, new URL(path, 'https://x').searchParams),
  );

test('watches and the streaming subresources are long-running, as upstream counts them', () => {
  assert.equal(longRunning('GET', '/api/v1/pods?watch=true'), true);
  for (const sub of ['log', 'exec', 'attach', 'portforward', 'proxy']) {
    assert.equal(longRunning('GET', `/api/v1/namespaces/d/pods/p/${sub}`), true, sub);
  }
  assert.equal(longRunning('POST', '/api/v1/namespaces/d/pods/p/exec'), true);
  assert.equal(longRunning('DELETE', '/api/v1/nodes/n/proxy/x'), true);
  assert.equal(longRunning('PUT', '/api/v1/namespaces/d/services/s/proxy'), true);
});

test('everything else is bounded by the request timeout and in-flight limits', () => {
  assert.equal(longRunning('GET', '/api/v1/pods'), false);
  assert.equal(longRunning('GET', '/api/v1/namespaces/d/pods/p'), false);
  assert.equal(longRunning('PUT', '/api/v1/namespaces/d/pods/p/status'), false);
  assert.equal(longRunning('GET', '/healthz'), false);
});
