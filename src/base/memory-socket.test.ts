// MemorySocket's own behaviour; what every socket kind shares is in socket-pairs.test.ts.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { memorySocketPair } from './memory-socket.js';

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
