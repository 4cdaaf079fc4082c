import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { FakeRuntime } from '../cri/fake-runtime.js';
import { serveContainerLogs } from './container-logs-handler.js';

const cri = (second: number, msg: string, stream = 'stdout') =>
  `2026-01-01T00:00:${String(second).padStart(2, '0')}.000000000Z ${stream} F ${msg}\n`;

let dir: string;
let server: Server;
let base: string;
const runtime = new FakeRuntime({ images: ['app:1'] });
const pods = new Map<string, Pod>();
const ids: Record<string, string> = {};
let logDir: string;

function pod(statuses: ContainerStatus[]): Pod {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: {
      containers: [
        { name: 'app', image: 'app:1' },
        { name: 'side', image: 'app:1' },
      ],
    },
    status: { containerStatuses: statuses },
  };
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'k8ts-logs-handler-'));
  logDir = path.join(dir, 'default_web_u1');
  const { podSandboxId } = await runtime.runPodSandbox({
    config: { metadata: { name: 'web', namespace: 'default', uid: 'u1', attempt: 0 }, logDirectory: logDir },
  });
  const sandboxConfig = {
    metadata: { name: 'web', namespace: 'default', uid: 'u1', attempt: 0 },
    logDirectory: logDir,
  };
  for (const [name, attempt] of [
    ['app', 0],
    ['app', 1],
  ] as const) {
    const { containerId } = await runtime.createContainer({
      podSandboxId,
      config: { metadata: { name, attempt }, image: { image: 'app:1' }, logPath: `${name}/${attempt}.log` },
      sandboxConfig,
    });
    await runtime.startContainer(containerId);
    ids[`${name}${attempt}`] = containerId;
  }
  runtime.exitContainer(ids['app0']!, 1);
  await mkdir(path.join(logDir, 'app'), { recursive: true });
  await writeFile(path.join(logDir, 'app', '0.log'), cri(1, 'crashed run') + cri(2, 'bye', 'stderr'));
  await writeFile(path.join(logDir, 'app', '1.log'), cri(3, 'one') + cri(4, 'two') + cri(5, 'three'));
  pods.set(
    'default/web',
    pod([
      {
        name: 'app',
        image: 'app:1',
        imageID: '',
        ready: true,
        restartCount: 1,
        containerID: `containerd://${ids['app1']}`,
        state: { running: { startedAt: '2026-01-01T00:00:03Z' } },
        lastState: { terminated: { exitCode: 1, containerID: `containerd://${ids['app0']}` } },
      },
      {
        name: 'side',
        image: 'app:1',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
      },
    ]),
  );
  server = createServer((req, res) => {
    void serveContainerLogs(req, res, {
      getPodByName: (ns, name) => pods.get(`${ns}/${name}`),
      runtime,
      pollMs: 100,
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

async function get(p: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(base + p);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('GET /containerLogs', () => {
  it('returns the running container log as text', async () => {
    assert.deepEqual(await get('/containerLogs/default/web/app'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: 'one\ntwo\nthree\n',
    });
  });

  it('applies tailLines, timestamps, limitBytes and sinceTime', async () => {
    assert.equal((await get('/containerLogs/default/web/app?tailLines=2')).body, 'two\nthree\n');
    assert.equal((await get('/containerLogs/default/web/app?tail=1')).body, 'three\n');
    assert.equal((await get('/containerLogs/default/web/app?tail=all')).body, 'one\ntwo\nthree\n');
    assert.equal(
      (await get('/containerLogs/default/web/app?tailLines=1&timestamps=true')).body,
      '2026-01-01T00:00:05.000000000Z three\n',
    );
    assert.equal((await get('/containerLogs/default/web/app?limitBytes=5')).body, 'one\nt');
    assert.equal(
      (await get('/containerLogs/default/web/app?sinceTime=2026-01-01T00:00:04Z')).body,
      'two\nthree\n',
    );
    // Every line is older than an hour.
    assert.equal((await get('/containerLogs/default/web/app?sinceSeconds=3600')).body, '');
  });

  it('returns the previous run with previous=true', async () => {
    assert.equal((await get('/containerLogs/default/web/app?previous=true')).body, 'crashed run\nbye\n');
    assert.equal((await get('/containerLogs/default/web/app?previous=true&stream=Stderr')).body, 'bye\n');
  });

  it("refuses with upstream's codes and messages", async () => {
    assert.deepEqual(await get('/containerLogs/default/nope/app'), {
      status: 404,
      type: 'text/plain; charset=utf-8',
      body: 'pod "nope" does not exist',
    });
    assert.equal((await get('/containerLogs/default/web/db')).body, 'container "db" not found in pod "web"');
    assert.deepEqual(await get('/containerLogs/default/web/side'), {
      status: 400,
      type: 'text/plain; charset=utf-8',
      body: 'container "side" in pod "web" is waiting to start: ContainerCreating',
    });
    assert.deepEqual(await get('/containerLogs/default/web/side?previous=1'), {
      status: 400,
      type: 'text/plain; charset=utf-8',
      body: 'previous terminated container "side" in pod "web" not found',
    });
    // The query is checked before the pod is looked for, as upstream.
    assert.equal((await get('/containerLogs/default/nope/app?tailLines=x')).status, 400);
    assert.deepEqual(await get('/containerLogs/default/web/app?tailLines=x'), {
      status: 400,
      type: 'text/plain; charset=utf-8',
      body: '{"message": "Unable to decode query."}',
    });
    for (const q of [
      'tailLines=-1',
      'limitBytes=0',
      'sinceSeconds=0',
      'sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z',
      'stream=Both',
    ])
      assert.deepEqual(
        await get(`/containerLogs/default/web/app?${q}`),
        { status: 422, type: 'text/plain; charset=utf-8', body: '{"message": "Invalid request."}' },
        q,
      );
  });

  it('writes a read failure into the body of the 200, as upstream', async () => {
    pods.set('default/gone', {
      ...pod([]),
      metadata: { name: 'gone', namespace: 'default', uid: 'u2' },
      status: {
        containerStatuses: [
          {
            name: 'app',
            image: '',
            imageID: '',
            ready: true,
            restartCount: 0,
            containerID: 'containerd://missing',
            state: { running: {} },
          },
        ],
      },
    });
    assert.deepEqual(await get('/containerLogs/default/gone/app'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: 'unable to retrieve container logs for containerd://missing',
    });
  });

  it('follows: the 200 comes at once, then each line as it is written, until the container exits', async () => {
    const res = await fetch(`${base}/containerLogs/default/web/app?follow=true&tailLines=1`);
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const readUntil = async (text: string) => {
      const start = Date.now();
      while (!seen.includes(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += decoder.decode(value);
      }
      return Date.now() - start;
    };
    await readUntil('three\n');
    await delay(50);
    await appendFile(path.join(logDir, 'app', '1.log'), cri(6, 'four'));
    assert.ok((await readUntil('four\n')) < 1000);
    runtime.exitContainer(ids['app1']!, 0);
    await readUntil('never');
    assert.equal(seen, 'three\nfour\n');
  });
});
