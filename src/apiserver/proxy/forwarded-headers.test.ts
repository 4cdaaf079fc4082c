import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { forwardedRequestHeaders, forwardedResponseHeaders } from './forwarded-headers.js';

function request(rawHeaders: string[], remoteAddress = '::ffff:127.0.0.1'): IncomingMessage {
  return { rawHeaders, socket: { remoteAddress } } as unknown as IncomingMessage;
}

test('an upgrade keeps its switching headers, repeated ones included, and drops consumed credentials', () => {
  const headers = forwardedRequestHeaders(
    request([
      'Host',
      'apiserver:6443',
      'Authorization',
      'Bearer secret',
      'Impersonate-User',
      'jane',
      'Connection',
      'Upgrade',
      'Upgrade',
      'SPDY/3.1',
      'X-Stream-Protocol-Version',
      'v4.channel.k8s.io',
      'X-Stream-Protocol-Version',
      'v3.channel.k8s.io',
      'User-Agent',
      'kubectl/v1.32.4',
    ]),
    true,
  );
  assert.deepEqual(headers, [
    'Connection',
    'Upgrade',
    'Upgrade',
    'SPDY/3.1',
    'X-Stream-Protocol-Version',
    'v4.channel.k8s.io',
    'X-Stream-Protocol-Version',
    'v3.channel.k8s.io',
    'User-Agent',
    'kubectl/v1.32.4',
    'X-Forwarded-For',
    '127.0.0.1',
  ]);
});

test('a plain request loses hop-by-hop headers and those Connection names; X-Forwarded-For grows', () => {
  const headers = forwardedRequestHeaders(
    request(
      [
        'Connection',
        'keep-alive, X-Secret-Hop',
        'Keep-Alive',
        'timeout=5',
        'X-Secret-Hop',
        '1',
        'Transfer-Encoding',
        'chunked',
        'X-Forwarded-For',
        '10.0.0.1',
        'Accept',
        'text/html',
      ],
      '10.0.0.2',
    ),
    false,
  );
  assert.deepEqual(headers, ['Accept', 'text/html', 'X-Forwarded-For', '10.0.0.1, 10.0.0.2']);
});

test('response headers pass but for hop-by-hop ones', () => {
  assert.deepEqual(
    forwardedResponseHeaders([
      'Content-Type',
      'text/plain',
      'Transfer-Encoding',
      'chunked',
      'Connection',
      'close',
      'Set-Cookie',
      'a=1',
    ]),
    ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1'],
  );
});
