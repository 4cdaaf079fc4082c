// PortSocket and PortLink's own behaviour; what every socket kind shares is in socket-pairs.test.ts.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { PortLink } from './port-link.js';
import type { PortSocket } from './port-socket.js';

/** A link whose accepting end collects the sockets it is given, and the port the opener posts on. */
function link() {
  const { port1, port2 } = new MessageChannel();
  const accepted: PortSocket[] = [];
  const server = new PortLink(port2, (socket) => accepted.push(socket));
  return { client: new PortLink(port1), server, accepted, clientPort: port1 };
}

const turn = () => new Promise(setImmediate);

test('what the sockets of one end send in one turn goes out as one message', async () => {
  const { client, accepted, clientPort } = link();
  let messages = 0;
  const post = clientPort.postMessage.bind(clientPort);
  clientPort.postMessage = (...args: Parameters<typeof post>) => {
    messages++;
    post(...args);
  };
  const sockets = [client.open(), client.open(), client.open()];
  sockets.forEach((s, i) => s.write(`request ${i}`));
  await turn();
  assert.equal(messages, 1);
  while (accepted.length < 3) await turn();
  const received = await Promise.all(accepted.map(async (s) => String((await once(s, 'data'))[0])));
  assert.deepEqual(received, ['request 0', 'request 1', 'request 2']);
  for (const s of sockets) s.destroy();
});

/** Keeps this thread busy for `ms`, as a long turn of real work would. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

test('a long turn ships what it wrote so far instead of holding it to the end of the turn', async () => {
  const { port1, port2 } = new MessageChannel();
  const socket = new PortLink(port1, undefined, { flushAfterMs: 5 }).open();
  socket.write('early');
  // Still within the same turn, and quickly: nothing has gone out yet.
  assert.equal(receiveMessageOnPort(port2), undefined);
  busy(10);
  socket.write('late');
  // Still within the same turn: the batch already went out, for the other thread to work on.
  assert.notEqual(receiveMessageOnPort(port2), undefined);
  socket.destroy();
  port2.close();
});

test('a thread takes in batches for one budget per turn, so its timers are not starved', async () => {
  const { port1, port2 } = new MessageChannel();
  const accepted: PortSocket[] = [];
  new PortLink(port2, (s) => accepted.push(s), { receiveBudgetMs: 10 });
  // Every write is its own message: a peer sending faster than this thread reads.
  const socket = new PortLink(port1, undefined, { flushAfterMs: 0 }).open();
  while (accepted.length === 0) await turn();
  const order: string[] = [];
  accepted[0]!.on('data', (chunk: Buffer) => {
    order.push(String(chunk));
    if (order.length === 1) setTimeout(() => order.push('timer'), 0);
    busy(6);
  });
  for (let i = 0; i < 6; i++) socket.write(`c${i}`);
  for (let turns = 0; turns < 100 && order.length < 7; turns++) await turn();
  // Every chunk arrives, in order; the timer set by the first runs before the last ones arrive.
  assert.deepEqual(
    order.filter((e) => e !== 'timer'),
    ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'],
  );
  const timer = order.indexOf('timer');
  assert.ok(timer > 1 && timer < 6, `order: ${order.join(' ')}`);
  socket.destroy();
});

test('the accepting end is told who opened: the metadata crosses with the open', async () => {
  const { port1, port2 } = new MessageChannel();
  const metas: unknown[] = [];
  new PortLink(port2, (_socket, meta) => metas.push(meta));
  const socket = new PortLink(port1).open({ name: 'system:kube-scheduler', groups: [] });
  while (metas.length === 0) await turn();
  assert.deepEqual(metas, [{ name: 'system:kube-scheduler', groups: [] }]);
  socket.destroy();
  assert.throws(() => new PortLink(new MessageChannel().port1, () => {}).open(), /accepts connections/);
});

test('a writer waits while the reader does not read, and goes on when it does', async () => {
  const { client, accepted } = link();
  const a = client.open();
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < 16; i++) a.write(chunk);
  for (let i = 0; i < 5; i++) await turn();
  const b = accepted[0]!;
  // The reader's end takes its 256 KiB window; the rest of the 1 MiB waits in the writer.
  assert.ok(
    b.readableLength >= 256 * 1024 && b.readableLength < 512 * 1024,
    `reader holds ${b.readableLength}`,
  );
  assert.ok(a.writableLength >= 512 * 1024, `writer holds ${a.writableLength}`);
  let received = 0;
  b.on('data', (c: Buffer) => (received += c.length));
  await once(a, 'drain');
  await turn();
  assert.ok(received >= 512 * 1024, `read ${received}`);
  a.destroy();
});

test("the other end's thread going away (its port closing) destroys every socket", async () => {
  const { client, server, accepted } = link();
  const sockets = [client.open(), client.open()];
  while (accepted.length < 2) await turn();
  server.close();
  await Promise.all([...sockets, ...accepted].map((s) => (s.destroyed ? undefined : once(s, 'close'))));
  assert.ok(sockets.every((s) => s.destroyed));
});
