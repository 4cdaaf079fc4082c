// servePortForward against real clients: @kubernetes/client-node's PortForward (WebSocket channel
// protocol), our SPDY client on a raw upgrade (kubectl's fallback) and on a WebSocket tunnel
// (kubectl 1.30+), forwarding to local TCP servers: data both ways, half-close, concurrent
// connections, a large transfer intact, and a target that refuses reported as text.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { dialPortForward } from './port-forward-client.js';
import { parsePortForwardPorts, servePortForward } from './port-forward-server.js';
import { SpdyConnection } from './spdy-connection.js';
import { connectTestWebSocket } from './test-websocket-client.js';

const servers: (http.Server | net.Server)[] = [];
after(() => servers.forEach((s) => s.close()));

async function listen<T extends http.Server | net.Server>(server: T): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

// Targets "in the pod": 80 echoes and ends after the client's EOF; 81 greets and hangs up;
// 82 sends 10 MiB; anything else is refused with the text containerd would send.
const bigPayload = Buffer.alloc(10 * 1024 * 1024);
for (let i = 0; i < bigPayload.length; i += 4) bigPayload.writeUInt32LE((i * 2654435761) >>> 0, i);
const targets = new Map<number, number>();
let base = '';
before(async () => {
  targets.set(80, await listen(net.createServer({ allowHalfOpen: true }, (s) => s.pipe(s))));
  targets.set(81, await listen(net.createServer((s) => s.end('hello from 81\n'))));
  targets.set(82, await listen(net.createServer((s) => s.end(bigPayload))));
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req: http.IncomingMessage, socket, head: Buffer) => {
    const ports = parsePortForwardPorts(new URL(req.url ?? '/', 'http://x').searchParams);
    void servePortForward(req, socket, head, { ports: Array.isArray(ports) ? ports : [] }, async (port) => {
      const local = targets.get(port);
      if (local === undefined) {
        throw new Error(`failed to connect to localhost:${port} inside namespace "ns": connection refused`);
      }
      const s = net.connect(local, '127.0.0.1');
      await once(s, 'connect');
      return s;
    });
  });
  base = `127.0.0.1:${await listen(server)}`;
});

function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function clientNode(): k8s.PortForward {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://${base}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'x' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return new k8s.PortForward(kc);
}

test('client-node PortForward: echo through the channel protocol, then a target that hangs up', async () => {
  const output = new PassThrough();
  const input = new PassThrough();
  const got = new Promise<string>((resolve) => {
    let text = '';
    output.on('data', (c: Buffer) => {
      text += c.toString();
      if (text === 'ping from client-node') resolve(text);
    });
  });
  const ws = (await clientNode().portForward('default', 'web', [80], output, null, input)) as unknown as {
    protocol: string;
    close(): void;
  };
  assert.equal(ws.protocol, 'v4.channel.k8s.io');
  input.write('ping from ');
  input.write('client-node');
  assert.equal(await got, 'ping from client-node');
  ws.close();

  const greeting = new PassThrough();
  const closed = collect(greeting);
  const socket = (await clientNode().portForward(
    'default',
    'web',
    [81],
    greeting,
    null,
    new PassThrough(),
  )) as unknown as {
    on(event: 'close', cb: () => void): void;
  };
  await new Promise<void>((resolve) => socket.on('close', resolve));
  greeting.end();
  assert.equal((await closed).toString(), 'hello from 81\n');
});

test('client-node PortForward to a closed port: the error text on the error channel', async () => {
  const errors = new PassThrough();
  const text = new Promise<string>((resolve) => errors.on('data', (c: Buffer) => resolve(c.toString())));
  await clientNode().portForward('default', 'web', [9999], new PassThrough(), errors, new PassThrough());
  assert.equal(await text, 'failed to connect to localhost:9999 inside namespace "ns": connection refused');
});

test('SPDY raw upgrade: echo with half-close, 5 concurrent connections, 10 MiB intact, refusal', async () => {
  const session = await dialPortForward(`http://${base}/portforward`);
  try {
    const echo = await session.forward(80);
    echo.end('half-closed, still answered');
    assert.equal((await collect(echo)).toString(), 'half-closed, still answered');

    const many = await Promise.all([1, 2, 3, 4, 5].map(() => session.forward(80)));
    const replies = many.map((s, i) => {
      s.end(`connection ${i}`);
      return collect(s);
    });
    assert.deepEqual(
      (await Promise.all(replies)).map((b) => b.toString()),
      ['connection 0', 'connection 1', 'connection 2', 'connection 3', 'connection 4'],
    );

    const big = await session.forward(82);
    big.end();
    assert.equal(sha(await collect(big)), sha(bigPayload));

    const upload = await session.forward(80);
    const echoed = collect(upload);
    upload.end(bigPayload);
    assert.equal(sha(await echoed), sha(bigPayload));

    const refused = await session.forward(9999);
    refused.end();
    await assert.rejects(
      collect(refused),
      /^Error: failed to connect to localhost:9999 inside namespace "ns"/,
    );
  } finally {
    session.close();
  }
});

test('SPDY tunnelled in WebSocket messages (kubectl 1.30+): streams paired by requestid, PING echoed', async () => {
  const { stream: tunnel, protocol } = await connectTestWebSocket(
    `http://${base}/portforward`,
    'SPDY/3.1+portforward.k8s.io',
    { messageSizes: [2, 2, 4, 4, 4, 1, 0, 1000] },
  );
  assert.equal(protocol, 'SPDY/3.1+portforward.k8s.io');
  const client = new SpdyConnection({ transport: tunnel, role: 'client' });
  try {
    assert.ok((await client.ping()) >= 0);
    const forward = async (requestid: string): Promise<{ data: Duplex; error: Promise<Buffer> }> => {
      const error = await client.openStream({ streamtype: 'error', port: '80', requestid });
      error.end();
      const data = await client.openStream({ streamtype: 'data', port: '80', requestid });
      return { data, error: collect(error) };
    };
    const [a, b] = await Promise.all([forward('0'), forward('1')]);
    a.data.end('first');
    b.data.end('second');
    assert.deepEqual(
      [(await collect(a.data)).toString(), (await collect(b.data)).toString()],
      ['first', 'second'],
    );
    assert.deepEqual([(await a.error).length, (await b.error).length], [0, 0]);
  } finally {
    await client.close();
  }
});

test('the channel protocol needs ports from the query; they parse as the kubelet parses them', async () => {
  const res = await new Promise<http.IncomingMessage>((resolve) => {
    const req = http.request(`http://${base}/portforward`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Protocol': 'v4.channel.k8s.io',
      },
    });
    req.on('response', resolve);
    req.end();
  });
  assert.equal(res.statusCode, 400);
  assert.equal((await collect(res)).toString(), 'query parameter "port" is required\n');
  assert.deepEqual(parsePortForwardPorts(new URLSearchParams('ports=80,8080&port=443')), [443, 80, 8080]);
  assert.deepEqual(parsePortForwardPorts(new URLSearchParams('port=0')), { error: 'port "0" must be > 0' });
  assert.deepEqual(parsePortForwardPorts(new URLSearchParams('ports=http')), {
    error: 'unable to parse "http" as a port: invalid syntax',
  });
});
