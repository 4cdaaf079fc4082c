import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { HttpsTransport } from './https-transport.js';

let server: Server;
let base: string;
const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

before(async () => {
  server = createServer((req, res) => {
    void readAll(req).then((body) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
      if (req.url?.includes('stream')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"n":1}\n');
        setTimeout(() => res.end('{"n":2}\n'), 20);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end('{"kind":"Status"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('paths keep the server URL prefix; the bearer token and the body are sent', async () => {
  const t = new HttpsTransport({
    config: { server: `${base}/k8s/clusters/c1/`, namespace: 'default', token: 'sekret' },
  });
  try {
    const res = await t.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      query: new URLSearchParams({ fieldManager: 'm' }),
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"a":1}'),
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers['retry-after'], '3');
    let text = '';
    for await (const c of res.body) text += Buffer.from(c).toString('utf8');
    assert.equal(text, '{"kind":"Status"}');
    assert.deepEqual(seen.at(-1), {
      method: 'POST',
      url: '/k8s/clusters/c1/api/v1/namespaces/default/configmaps?fieldManager=m',
      auth: 'Bearer sekret',
      body: '{"a":1}',
    });
  } finally {
    t.close();
  }
});

test('a streaming body arrives as it is written; aborting cancels it', async () => {
  const t = new HttpsTransport({ config: { server: base, namespace: 'default' } });
  try {
    const res = await t.request({ method: 'GET', path: '/stream', headers: {} });
    let text = '';
    for await (const c of res.body) text += Buffer.from(c).toString('utf8');
    assert.equal(text, '{"n":1}\n{"n":2}\n');
    const ac = new AbortController();
    const res2 = await t.request({ method: 'GET', path: '/stream', headers: {}, signal: ac.signal });
    ac.abort();
    await assert.rejects(async () => {
      for await (const _ of res2.body) {
        /* drain */
      }
    });
  } finally {
    t.close();
  }
});

test('an unreachable server rejects with the connection error', async () => {
  const t = new HttpsTransport({ config: { server: 'http://127.0.0.1:1', namespace: 'default' } });
  await assert.rejects(t.request({ method: 'GET', path: '/api', headers: {} }), { code: 'ECONNREFUSED' });
  t.close();
});

test('only http and https servers are accepted', () => {
  assert.throws(() => new HttpsTransport({ config: { server: 'ftp://x', namespace: 'default' } }), TypeError);
});
