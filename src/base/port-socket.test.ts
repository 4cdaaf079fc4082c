// PortSocket's own behaviour; what every socket kind shares is in socket-pairs.test.ts.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { PortSocket } from './port-socket.js';

/** Two connected ends, as a client's socket and the socket a server accepted. */
function pair(): [PortSocket, PortSocket] {
  const { port1, port2 } = new MessageChannel();
  return [new PortSocket(port1, { allowHalfOpen: false }), new PortSocket(port2, { allowHalfOpen: true })];
}

test('writes made in one synchronous run arrive as one chunk', async () => {
  const [a, b] = pair();
  a.write('GET / HTTP/1.1\r\n');
  a.write('Host: x\r\n\r\n');
  assert.equal(String((await once(b, 'data'))[0]), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  a.destroy();
});

test('a writer waits while the reader does not read, and goes on when it does', async () => {
  const [a, b] = pair();
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < 16; i++) a.write(chunk);
  for (let i = 0; i < 5; i++) await new Promise(setImmediate);
  // The reader's end takes its 256 KiB window; the rest of the 1 MiB waits in the writer.
  assert.ok(
    b.readableLength >= 256 * 1024 && b.readableLength < 512 * 1024,
    `reader holds ${b.readableLength}`,
  );
  assert.ok(a.writableLength >= 512 * 1024, `writer holds ${a.writableLength}`);
  let received = 0;
  b.on('data', (c: Buffer) => (received += c.length));
  const drained = once(a, 'drain');
  await drained;
  await new Promise(setImmediate);
  assert.ok(received >= 512 * 1024, `read ${received}`);
  a.destroy();
});
