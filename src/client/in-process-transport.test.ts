import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, beforeEach, test } from 'node:test';
import { memorySocketPair, type MemorySocket } from '../base/memory-socket.js';
import { InProcessTransport } from './in-process-transport.js';

let server: Server;
let serverSockets: MemorySocket[];
let clientSockets: MemorySocket[];
let closedRequests: string[];

async function readAll(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const c of body) text += Buffer.from(c).toString('utf8');
  return text;
}

/** Resolves once `socket` closed (at once if it already has). */
async function closed(socket: MemorySocket): Promise<void> {
  if (!socket.closed) await once(socket, 'close');
}

/** A connection factory to `server` that records the server's ends. */
function connect(): MemorySocket {
  const [client, serverEnd] = memorySocketPair();
  serverSockets.push(serverEnd);
  clientSockets.push(client);
  server.emit('connection', serverEnd);
  return client;
}

beforeEach(() => {
  serverSockets = [];
  clientSockets = [];
  closedRequests = [];
  // Never listens: connections arrive only through connect().
  server = createServer((req: IncomingMessage, res) => {
    res.on('close', () => closedRequests.push(req.url ?? ''));
    void readAll(req).then((body) => {
      if (req.url === '/watch') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"n":1}\n');
        const timer = setInterval(() => res.write('{"n":2}\n'), 5);
        res.on('close', () => clearInterval(timer));
        if (req.headers['x-finish'] === 'yes') setTimeout(() => res.end(), 20);
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json', 'x-seen-host': req.headers.host ?? '' });
      res.end(JSON.stringify({ method: req.method, url: req.url, body, auth: req.headers.authorization }));
    });
  });
});

afterEach(() => {
  for (const s of serverSockets) s.destroy();
});

test('a request reaches the server with its method, path, query and body; the response comes back', async () => {
  const t = new InProcessTransport({ connect });
  try {
    const res = await t.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      query: new URLSearchParams({ fieldManager: 'm' }),
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"a":1}'),
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(await readAll(res.body)), {
      method: 'POST',
      url: '/api/v1/namespaces/default/configmaps?fieldManager=m',
      body: '{"a":1}',
    });
  } finally {
    t.close();
  }
});

test('sequential requests reuse one kept-alive connection; concurrent ones open more', async () => {
  const t = new InProcessTransport({ connect });
  try {
    for (let i = 0; i < 3; i++) {
      await readAll((await t.request({ method: 'GET', path: `/r${i}`, headers: {} })).body);
      // node's agent returns a connection to the pool a tick after the response ended.
      await new Promise(setImmediate);
    }
    assert.equal(serverSockets.length, 1);
    await Promise.all(
      [1, 2, 3].map(async (i) =>
        readAll((await t.request({ method: 'GET', path: `/c${i}`, headers: {} })).body),
      ),
    );
    assert.equal(serverSockets.length, 3);
  } finally {
    t.close();
  }
});

test('an idle connection closes by the keep-alive timeout; the next request opens a new one', async () => {
  // Announced as "Keep-Alive: timeout=2"; node's agent drops idle sockets a second before that.
  server.keepAliveTimeout = 2000;
  const t = new InProcessTransport({ connect });
  try {
    await readAll((await t.request({ method: 'GET', path: '/a', headers: {} })).body);
    await closed(clientSockets[0]!);
    await readAll((await t.request({ method: 'GET', path: '/b', headers: {} })).body);
    assert.equal(serverSockets.length, 2);
  } finally {
    t.close();
  }
});

test('a chunked stream arrives as written and ends when the server ends it', async () => {
  const t = new InProcessTransport({ connect });
  try {
    const res = await t.request({ method: 'GET', path: '/watch', headers: { 'x-finish': 'yes' } });
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    const lines = (await readAll(res.body)).trim().split('\n');
    assert.equal(lines[0], '{"n":1}');
    assert.ok(lines.length >= 2);
  } finally {
    t.close();
  }
});

test('aborting a stream rejects its reader and the server sees the connection close', async () => {
  const t = new InProcessTransport({ connect });
  try {
    const ac = new AbortController();
    const res = await t.request({ method: 'GET', path: '/watch', headers: {}, signal: ac.signal });
    const iterator = res.body[Symbol.asyncIterator]();
    await iterator.next();
    ac.abort();
    await assert.rejects(async () => {
      for (;;) if ((await iterator.next()).done) break;
    });
    await closed(serverSockets[0]!);
    assert.deepEqual(closedRequests, ['/watch']);
  } finally {
    t.close();
  }
});

test('close() ends pooled connections on both sides', async () => {
  const t = new InProcessTransport({ connect });
  await readAll((await t.request({ method: 'GET', path: '/a', headers: {} })).body);
  const serverEnd = serverSockets[0]!;
  t.close();
  await closed(serverEnd);
  assert.equal(serverEnd.destroyed, true);
});

test('a factory that throws rejects the request, as a refused connection does', async () => {
  const refused = Object.assign(new Error('the API server is shutting down'), { code: 'ECONNREFUSED' });
  const t = new InProcessTransport({
    connect: () => {
      throw refused;
    },
  });
  await assert.rejects(t.request({ method: 'GET', path: '/api', headers: {} }), refused);
  t.close();
});
