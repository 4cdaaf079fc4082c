// SpdyConnection in both roles over a real TCP socket and over a WebSocket tunnel whose messages
// cut the byte stream at arbitrary points: streams with replies, data both ways, half-close,
// PING echo, RST_STREAM, GOAWAY, refusal and the loss of the connection.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { encodeSpdyFrame, SpdyFrameReader } from './spdy-frames.js';
import { SpdyConnection } from './spdy-connection.js';
import { SpdyHeaderCompressor } from './spdy-header-block.js';
import type { SpdyStream } from './spdy-stream.js';
import { connectTestWebSocket } from './test-websocket-client.js';
import { acceptWebSocket } from './upgrade-handshake.js';
import { webSocketByteStream } from './websocket-byte-stream.js';

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((c) => c()));

/** A server-role connection per accepted socket, and a client-role connection to it. */
async function socketPair(
  onStream: (s: SpdyStream) => void,
): Promise<{ client: SpdyConnection; server: SpdyConnection }> {
  let server: SpdyConnection | undefined;
  const listener = net.createServer({ allowHalfOpen: true }, (socket) => {
    server = new SpdyConnection({ transport: socket, role: 'server', onStream });
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  cleanups.push(() => listener.close());
  const socket = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  const client = new SpdyConnection({ transport: socket, role: 'client' });
  while (server === undefined) await new Promise((r) => setImmediate(r));
  return { client, server };
}

function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => stream.on('end', () => resolve(Buffer.concat(chunks).toString())));
}

test('a stream carries data both ways and half-closes: the server answers after the client FIN', async () => {
  const seen: Record<string, string>[] = [];
  const { client } = await socketPair((stream) => {
    seen.push({ ...stream.headers });
    void readAll(stream).then((text) => stream.end(`got ${text.length} bytes: ${text.slice(0, 5)}`));
  });
  const stream = await client.openStream({ streamtype: 'data', port: '80', requestid: '0' });
  assert.equal(stream.id, 1);
  assert.deepEqual(stream.replyHeaders, {});
  const reply = readAll(stream);
  stream.write('hello');
  stream.end(Buffer.alloc(200_000, 'x')); // several DATA frames, then the FIN
  assert.equal(await reply, 'got 200005 bytes: hello');
  assert.deepEqual(seen, [{ streamtype: 'data', port: '80', requestid: '0' }]);
  const second = await client.openStream({ streamtype: 'error' });
  assert.equal(second.id, 3);
  second.end();
  assert.equal(await readAll(second), 'got 0 bytes: ');
  await client.close();
});

test('a PING from the peer comes back as the identical frame; our own PINGs get answers', async () => {
  const { client } = await socketPair(() => undefined);
  assert.ok((await client.ping()) >= 0);
  // And at the byte level against a server connection: id 7 sent, id 7 echoed.
  const listener = net.createServer((socket) => new SpdyConnection({ transport: socket, role: 'server' }));
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  cleanups.push(() => listener.close());
  const raw = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1');
  const ping = encodeSpdyFrame({ type: 'ping', id: 7 });
  raw.write(ping);
  const [echo] = (await once(raw, 'data')) as [Buffer];
  assert.equal(echo.toString('hex'), ping.toString('hex'));
  raw.destroy();
  await client.close();
});

test('RST_STREAM from the peer ends the stream after the data already received', async () => {
  const { client } = await socketPair((stream) => {
    stream.write('last words');
    setTimeout(() => stream.reset(), 20);
  });
  const stream = await client.openStream({ streamtype: 'data' });
  const aborted = once(stream, 'aborted');
  assert.equal(await readAll(stream), 'last words');
  await aborted;
  assert.equal(stream.resetStatus, 5);
  await client.close();
});

test('a stream the server refuses fails to open; GOAWAY stops new streams', async () => {
  const { client, server } = await socketPair((stream) => {
    if (stream.headers['streamtype'] === 'bogus') throw new Error('invalid stream type "bogus"');
  });
  await assert.rejects(client.openStream({ streamtype: 'bogus' }), /reset by the peer/);
  const ok = await client.openStream({ streamtype: 'data' });
  const goaway = once(client, 'goaway');
  server.goAway();
  assert.deepEqual(await goaway, [3]);
  await assert.rejects(client.openStream({ streamtype: 'data' }), /closing/);
  ok.destroy();
  await client.close();
});

test('losing the connection ends every stream for readers and fails later writes', async () => {
  let serverStream: SpdyStream | undefined;
  const { client, server } = await socketPair((s) => (serverStream = s));
  const stream = await client.openStream({ streamtype: 'data' });
  stream.write('before');
  const received = readAll(serverStream!);
  await new Promise((r) => setTimeout(r, 20));
  client.destroy();
  assert.equal(await received, 'before');
  await server.done;
  const err = await new Promise<Error | null | undefined>((resolve) => serverStream!.write('after', resolve));
  assert.ok(err instanceof Error, 'a write after the connection is gone fails');
});

test('SPDY through a WebSocket tunnel whose messages split frames anywhere (and some are empty)', async () => {
  const httpServer = http.createServer();
  httpServer.on('upgrade', (req, socket, head) => {
    void acceptWebSocket(req, socket, head, 'SPDY/3.1+portforward.k8s.io').then((ws) => {
      new SpdyConnection({
        transport: webSocketByteStream(ws!),
        role: 'server',
        onStream: (stream) => stream.pipe(stream), // echo
      });
    });
  });
  httpServer.listen(0, '127.0.0.1');
  await once(httpServer, 'listening');
  cleanups.push(() => httpServer.close());
  const { stream: tunnel, protocol } = await connectTestWebSocket(
    `http://127.0.0.1:${(httpServer.address() as net.AddressInfo).port}/`,
    'SPDY/3.1+portforward.k8s.io',
    { messageSizes: [2, 2, 4, 0, 1, 3, 7] },
  );
  assert.equal(protocol, 'SPDY/3.1+portforward.k8s.io');
  const client = new SpdyConnection({ transport: tunnel, role: 'client' });
  assert.ok((await client.ping()) >= 0);
  const stream = await client.openStream({ streamtype: 'data', port: '80', requestid: '0' });
  const payload = Buffer.alloc(300_000);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 31) % 251;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(stream, 'end');
  stream.end(payload);
  await ended;
  assert.ok(Buffer.concat(chunks).equals(payload));
  await client.close();
});

test('frames a server connection writes arrive in order: SYN_REPLY before the stream data', async () => {
  // The handler writes synchronously while the SYN_REPLY is still being compressed.
  const listener = net.createServer((socket) => {
    new SpdyConnection({ transport: socket, role: 'server', onStream: (s) => s.write('early') });
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  cleanups.push(() => listener.close());
  const socket = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1');
  const compressor = new SpdyHeaderCompressor();
  socket.write(
    encodeSpdyFrame({
      type: 'syn_stream',
      streamId: 1,
      associatedStreamId: 0,
      priority: 0,
      slot: 0,
      fin: false,
      unidirectional: false,
      headerBlock: await compressor.compress({ streamtype: 'stdout' }),
    }),
  );
  compressor.close();
  const reader = new SpdyFrameReader();
  const types: string[] = [];
  while (types.length < 2) {
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    types.push(...reader.push(chunk).map((f) => f.type));
  }
  assert.deepEqual(types, ['syn_reply', 'data']);
  socket.destroy();
});
