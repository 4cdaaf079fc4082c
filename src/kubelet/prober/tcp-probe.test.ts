import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { FakeClock, systemClock } from '../../base/clock.js';
import { runTcpProbe } from './tcp-probe.js';

test('tcpSocket probe succeeds when the port accepts and fails with Go’s dial error otherwise', async () => {
  const server = createServer((socket) => socket.on('error', () => {}));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  assert.deepEqual(await runTcpProbe('127.0.0.1', port, 1, systemClock), { verdict: 'success', output: '' });
  await new Promise((r) => server.close(r));
  assert.deepEqual(await runTcpProbe('127.0.0.1', port, 1, systemClock), {
    verdict: 'failure',
    output: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});

test('tcpSocket probe gives up at the timeout on the injected clock', async () => {
  const clock = new FakeClock();
  // 127.0.0.1:9 may answer or refuse at once; the deadline only matters if it does neither. Either
  // way the verdict is in by the time the fake deadline passes.
  const pending = runTcpProbe('127.0.0.1', 9, 1, clock);
  await clock.advance(1_000);
  const result = await pending;
  assert.notEqual(result.verdict, 'success');
});

test('tcpSocket probe rejects with the abort reason when cancelled', async () => {
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  await assert.rejects(runTcpProbe('127.0.0.1', 9, 1, systemClock, controller.signal), /stop/);
});
