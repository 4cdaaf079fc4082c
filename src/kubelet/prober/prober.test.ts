import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { systemClock } from '../../base/clock.js';
import type { KubeletEvent } from './container-event.js';
import { execError, execOutput, FakeContainerExec } from './fake-container-exec.js';
import { Prober, type ProbeTarget } from './prober.js';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'ns', uid: 'u1' },
  spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'side', restartPolicy: 'Always' }] },
};

function target(container: Container): ProbeTarget {
  return { pod, container, containerId: 'containerd://c1', podIp: '127.0.0.1' };
}

function setup() {
  const events: KubeletEvent[] = [];
  const exec = new FakeContainerExec(() => execOutput(1, 'bad'));
  const prober = new Prober({ exec, clock: systemClock, onEvent: (e) => events.push(e) });
  return { events, exec, prober };
}

test('a failure records Unhealthy with the kind and output', async () => {
  const t = setup();
  const c: Container = { name: 'app', livenessProbe: { exec: { command: ['check'] } } };
  assert.equal(await t.prober.probe('liveness', target(c)), 'failure');
  assert.deepEqual(
    t.events.map((e) => [e.type, e.reason, e.message, e.involvedObject.fieldPath]),
    [['Warning', 'Unhealthy', 'Liveness probe failed: bad', 'spec.containers{app}']],
  );
});

test('a container without the probe counts as success', async () => {
  const t = setup();
  assert.equal(await t.prober.probe('readiness', target({ name: 'app' })), 'success');
  assert.equal(t.exec.calls.length, 0);
});

test('an erroring handler is tried 3 times, reported, and discarded', async () => {
  const t = setup();
  t.exec.answer = () => execError('Unknown', 'container is in CONTAINER_EXITED state');
  const c: Container = { name: 'side', readinessProbe: { exec: { command: ['check'] } } };
  assert.equal(await t.prober.probe('readiness', target(c)), undefined);
  assert.equal(t.exec.calls.length, 3);
  assert.deepEqual(
    t.events.map((e) => [e.reason, e.message, e.involvedObject.fieldPath]),
    [
      [
        'Unhealthy',
        'Readiness probe errored and resulted in unknown state: container is in CONTAINER_EXITED state',
        'spec.initContainers{side}',
      ],
    ],
  );
});

test('exec commands expand $(VAR) from literal env values only', async () => {
  const t = setup();
  const c: Container = {
    name: 'app',
    env: [
      { name: 'FILE', value: '/tmp/ok' },
      { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
    ],
    startupProbe: { exec: { command: ['cat', '$(FILE)', '[$(SECRET)]', '$(NOPE)', '$$(FILE)'] } },
  };
  await t.prober.probe('startup', target(c));
  assert.deepEqual(t.exec.calls[0]?.call.cmd, ['cat', '/tmp/ok', '[]', '$(NOPE)', '$(FILE)']);
});

test('a bad port is an error; a redirect elsewhere is a ProbeWarning and counts as success', async () => {
  const t = setup();
  const bad: Container = { name: 'app', readinessProbe: { httpGet: { port: 'metrics' } } };
  assert.equal(await t.prober.probe('readiness', target(bad)), undefined);
  assert.equal(
    t.events[0]?.message,
    'Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "metrics": invalid syntax',
  );
  const server = createServer((_req, res) =>
    res.writeHead(302, { location: 'http://other.test/' }).end('bye'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const redirecting: Container = { name: 'app', livenessProbe: { httpGet: { port, path: '/' } } };
    assert.equal(await t.prober.probe('liveness', target(redirecting)), 'success');
    assert.deepEqual(t.events[1], {
      involvedObject: {
        kind: 'Pod',
        apiVersion: 'v1',
        namespace: 'ns',
        name: 'web',
        uid: 'u1',
        fieldPath: 'spec.containers{app}',
      },
      type: 'Warning',
      reason: 'ProbeWarning',
      message: 'Liveness probe warning: Probe terminated redirects, Response body: bye',
    });
  } finally {
    server.close();
  }
});
