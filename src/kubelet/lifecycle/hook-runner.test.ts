import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { FakeClock, systemClock } from '../../base/clock.js';
import type { KubeletEvent } from '../prober/container-event.js';
import { execError, execOutput, FakeContainerExec } from '../prober/fake-container-exec.js';
import { LifecycleHookRunner, type HookTarget } from './hook-runner.js';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'ns', uid: 'u1' },
  spec: { containers: [{ name: 'app' }] },
};
const container: Container = { name: 'app' };
const target: HookTarget = { pod, container, containerId: 'containerd://c1', podIps: ['127.0.0.1'] };

function setup(clock = systemClock) {
  const events: KubeletEvent[] = [];
  const exec = new FakeContainerExec();
  const runner = new LifecycleHookRunner({ exec, clock, onEvent: (e) => events.push(e) });
  return { events, exec, runner };
}

async function listen(handler: (req: IncomingMessage) => number) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    res.writeHead(handler(req)).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, seen, port: (server.address() as AddressInfo).port };
}

test('exec hooks run without a timeout; a non-zero exit fails with upstream’s message', async () => {
  const t = setup();
  assert.equal(await t.runner.run(target, { exec: { command: ['touch', '/ready'] } }), undefined);
  assert.deepEqual(t.exec.calls[0]?.call, { containerId: 'c1', cmd: ['touch', '/ready'], timeout: 0 });
  t.exec.answer = () => execOutput(1, 'partial\n', 'boom\n');
  const failure = await t.runner.run(target, { exec: { command: ['sh', '-c', 'exit 1'] } });
  assert.equal(
    failure?.message,
    'Exec lifecycle hook ([sh -c exit 1]) for Container "app" in Pod "web_ns(u1)" failed - error: ' +
      'command \'sh -c exit 1\' exited with 1: boom\n, message: "partial\\nboom\\n"',
  );
  t.exec.answer = () => execError('NotFound', 'no such container');
  const gone = await t.runner.run(target, { exec: { command: ['true'] } });
  assert.match(gone?.message ?? '', /failed - error: no such container, message: ""$/);
});

test('httpGet hooks succeed on any HTTP answer and say kube-lifecycle', async () => {
  const t = setup();
  const { server, seen, port } = await listen(() => 500);
  try {
    assert.equal(await t.runner.run(target, { httpGet: { port, path: '/shutdown' } }), undefined);
    assert.equal(seen[0]?.url, '/shutdown');
    assert.equal(seen[0]?.headers['user-agent'], 'kube-lifecycle/1.32');
  } finally {
    server.close();
  }
  const failure = await t.runner.run(target, { httpGet: { port, path: '/shutdown' } });
  assert.equal(
    failure?.message,
    `HTTP lifecycle hook (/shutdown) for Container "app" in Pod "web_ns(u1)" failed - error: ` +
      `Get "http://127.0.0.1:${port}/shutdown": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  );
  const noIp = await t.runner.run({ ...target, podIps: [] }, { httpGet: { port, path: '/' } });
  assert.match(noIp?.message ?? '', /failed - error: failed to find networking container/);
});

test('an HTTPS hook answered in plain HTTP is retried over HTTP without Authorization', async () => {
  const t = setup();
  const { server, seen, port } = await listen(() => 200);
  try {
    const handler = {
      httpGet: {
        port,
        scheme: 'HTTPS',
        path: '/hook',
        httpHeaders: [
          { name: 'Authorization', value: 'Bearer x' },
          { name: 'X-Keep', value: '1' },
        ],
      },
    };
    assert.equal(await t.runner.run(target, handler), undefined);
    const plain = seen.at(-1)!;
    assert.equal(plain.headers.authorization, undefined);
    assert.equal(plain.headers['x-keep'], '1');
    assert.deepEqual(t.events, [
      {
        involvedObject: { kind: 'Pod', apiVersion: 'v1', namespace: 'ns', name: 'web', uid: 'u1' },
        type: 'Warning',
        reason: 'LifecycleHTTPFallback',
        message: `request to HTTPS lifecycle hook 127.0.0.1:${port} got HTTP response, retry with HTTP succeeded`,
      },
    ]);
  } finally {
    server.close();
  }
});

test('sleep hooks wait on the clock and fail when cut short', async () => {
  const clock = new FakeClock();
  const t = setup(clock);
  let done = false;
  const pending = t.runner.run(target, { sleep: { seconds: 5 } }).then((r) => ((done = true), r));
  await clock.advance(4_999);
  assert.equal(done, false);
  await clock.advance(1);
  assert.equal(await pending, undefined);
  const controller = new AbortController();
  const cut = t.runner.run(target, { sleep: { seconds: 5 } }, controller.signal);
  controller.abort();
  assert.equal(
    (await cut)?.message,
    'Sleep lifecycle hook (5) for Container "app" in Pod "web_ns(u1)" failed - error: container terminated before sleep hook finished',
  );
});

test('a tcpSocket handler is not run', async () => {
  const t = setup();
  const failure = await t.runner.run(target, { tcpSocket: { port: 80 } });
  assert.match(failure?.message ?? '', /^Cannot run handler: invalid handler: /);
});
