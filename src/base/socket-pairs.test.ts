// What every socket that carries HTTP without TCP must do, checked for both kinds: MemorySocket
// (one thread) and PortSocket (between threads, here over a MessageChannel in one thread).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { describe, test } from 'node:test';
import type { Duplex } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { memorySocketPair } from './memory-socket.js';
import { PortLink } from './port-link.js';
import type { SocketSurface } from './socket-surface.js';

/** A way to make connections: each call gives a client's end and hands the server's end to `accept`. */
type Connector = (accept: (server: SocketSurface) => void) => () => SocketSurface;

const kinds: Record<string, Connector> = {
  MemorySocket: (accept) => () => {
    const [client, server] = memorySocketPair();
    accept(server);
    return client;
  },
  PortSocket: (accept) => {
    const { port1, port2 } = new MessageChannel();
    new PortLink(port2, (server) => accept(server));
    const link = new PortLink(port1);
    return () => link.open();
  },
};

for (const [kind, connector] of Object.entries(kinds)) {
  /** Two connected ends: a client's socket and the socket a server accepted. */
  const pair = async (): Promise<[SocketSurface, SocketSurface]> => {
    let accepted: (server: SocketSurface) => void = () => {};
    const server = new Promise<SocketSurface>((resolve) => (accepted = resolve));
    const client = connector(accepted)();
    return [client, await server];
  };

  describe(kind, () => {
    test('bytes written on one end are read on the other, both ways, as Buffers', async () => {
      const [a, b] = await pair();
      a.write('ping');
      const [chunk] = (await once(b, 'data')) as [unknown];
      assert.ok(Buffer.isBuffer(chunk));
      assert.equal(String(chunk), 'ping');
      b.write('pong');
      assert.equal(String((await once(a, 'data'))[0]), 'pong');
      a.destroy();
    });

    test("the client's end closing half-way leaves the server's end writing (half-close)", async () => {
      const [client, server] = await pair();
      server.resume();
      client.end();
      await once(server, 'end');
      server.write('still open');
      assert.equal(String((await once(client, 'data'))[0]), 'still open');
      client.destroy();
    });

    test("the server's end closing closes the client's end (no half-open client)", async () => {
      const [client, server] = await pair();
      client.resume();
      server.resume();
      server.end();
      await once(client, 'close');
      server.destroy();
    });

    test('destroying one end closes the other', async () => {
      const [a, b] = await pair();
      a.destroy();
      await once(b, 'close');
      assert.equal(b.destroyed, true);
    });

    test("setTimeout emits 'timeout' after idleness; traffic postpones it; 0 turns it off", async () => {
      const [a, b] = await pair();
      b.resume();
      let fired = 0;
      a.setTimeout(40, () => fired++);
      const ticker = setInterval(() => a.write('x'), 10);
      await new Promise((resolve) => setTimeout(resolve, 100));
      clearInterval(ticker);
      assert.equal(fired, 0);
      await once(a, 'timeout');
      assert.equal(fired, 1);
      a.setTimeout(0);
      assert.equal(a.timeout, 0);
      a.destroy();
    });

    test('an http.Server and an http.Agent speak HTTP over it: bodies, keep-alive, streaming', async () => {
      const server = http.createServer((req, res) => {
        if (req.url === '/stream') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('one\n');
          setTimeout(() => res.end('two\n'), 10);
          return;
        }
        let length = 0;
        req.on('data', (c: Buffer) => (length += c.length));
        req.on('end', () => res.end(`got ${length} bytes`));
      });
      let connections = 0;
      const connect = connector((accepted) => server.emit('connection', accepted));
      class PairAgent extends http.Agent {
        override createConnection(): Duplex {
          connections++;
          return connect();
        }
      }
      const agent = new PairAgent({ keepAlive: true, maxSockets: 1 });
      const request = (path: string, body?: string) =>
        new Promise<string>((resolve, reject) => {
          const req = http.request({ agent, path, method: body ? 'POST' : 'GET', host: 'x' }, (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += String(c)));
            res.on('end', () => resolve(text));
          });
          req.on('error', reject);
          req.end(body);
        });
      const big = 'x'.repeat(1024 * 1024);
      assert.equal(await request('/upload', big), `got ${big.length} bytes`);
      assert.equal(await request('/stream'), 'one\ntwo\n');
      assert.equal(await request('/upload', 'small'), 'got 5 bytes');
      assert.equal(connections, 1);
      agent.destroy();
      server.close();
      server.closeAllConnections();
    });
  });
}
