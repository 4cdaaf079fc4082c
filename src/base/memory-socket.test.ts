import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { memorySocketPair } from './memory-socket.js';

test('bytes written on one end are read on the other, both ways', async () => {
  const [a, b] = memorySocketPair();
  a.write('ping');
  assert.equal(String((await once(b, 'data'))[0]), 'ping');
  b.write('pong');
  assert.equal(String((await once(a, 'data'))[0]), 'pong');
  a.destroy();
});

test("the client's end closing half-way leaves the server's end writing (half-close)", async () => {
  const [client, server] = memorySocketPair();
  server.resume();
  client.end();
  await once(server, 'end');
  server.write('still open');
  assert.equal(String((await once(client, 'data'))[0]), 'still open');
  client.destroy();
});

test("the server's end closing closes the client's end (no half-open client)", async () => {
  const [client, server] = memorySocketPair();
  client.resume();
  server.resume();
  server.end();
  await once(client, 'close');
  await once(server, 'close');
});

test('destroying one end closes the other', async () => {
  const [a, b] = memorySocketPair();
  a.destroy();
  await once(b, 'close');
  assert.equal(b.destroyed, true);
});

test('a writer waits while the reader does not read, and goes on when it does', async () => {
  const [a, b] = memorySocketPair();
  const chunk = Buffer.alloc(16 * 1024);
  for (let i = 0; i < 16; i++) a.write(chunk);
  await new Promise(setImmediate);
  await new Promise(setImmediate);
  // The reader's end takes about 64 KiB; the rest of the 256 KiB waits in the writer.
  assert.ok(
    b.readableLength >= 64 * 1024 && b.readableLength < 128 * 1024,
    `reader holds ${b.readableLength}`,
  );
  assert.ok(a.writableLength >= 128 * 1024, `writer holds ${a.writableLength}`);
  const drained = once(a, 'drain');
  b.resume();
  await drained;
  a.destroy();
});

test('bytes written in one turn arrive together in a later one, never inside the write', async () => {
  const [a, b] = memorySocketPair();
  const received: string[] = [];
  b.on('data', (d: Buffer) => received.push(String(d)));
  a.write('GET / HTTP/1.1\r\n');
  a.write('\r\n');
  assert.deepEqual(received, []);
  await new Promise(setImmediate);
  assert.deepEqual(received, ['GET / HTTP/1.1\r\n\r\n']);
  a.destroy();
});

test("setTimeout emits 'timeout' after idleness; traffic postpones it; 0 turns it off", async () => {
  const [a, b] = memorySocketPair();
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
