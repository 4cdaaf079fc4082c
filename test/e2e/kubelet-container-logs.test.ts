/**
 * The kubelet's container logs on real containerd (root only): pods print lines and the kubelet's
 * /containerLogs entry point (`serveContainerLogs`, served here on a loopback port with the node's
 * CRI socket and the pod as the API has it) returns them — the whole log, a tail, timestamps, one
 * stream, a follow that sees new lines within a second, the previous run after a restart — and the
 * log manager rotates a busy container's log (2Ki × 3 files on this node) while a follow keeps
 * every line exactly once.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { CriClient } from '../../src/kubelet/cri/cri-client.js';
import { containerIdForLogs, containerLogFile } from '../../src/kubelet/logs/container-log-target.js';
import { serveContainerLogs } from '../../src/kubelet/logs/container-logs-handler.js';
import { containerdNodeForFile, eventually } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const { skip, node } = containerdNodeForFile({
  extraArgs: ['--container-log-max-size', '2Ki', '--container-log-max-files', '3'],
});

let runtime: CriClient | undefined;
let server: Server | undefined;
let base = '';
const pods = new Map<string, Pod>();

/** Serves the entry point on a loopback port, over the node's CRI socket (started on first use). */
async function ensureServer(): Promise<void> {
  if (server !== undefined) return;
  const cri = new CriClient({ endpoint: join(node().dataDir, 'containerd', 'containerd.sock') });
  runtime = cri;
  server = createServer((req, res) => {
    void serveContainerLogs(req, res, {
      getPodByName: (namespace, name) => pods.get(`${namespace}/${name}`),
      runtime: cri,
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

after(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  runtime?.close();
});

async function apiPod(name: string): Promise<Pod> {
  const p = JSON.parse(await node().kubectl(['get', 'pod', name, '-o', 'json'])) as Pod;
  pods.set(`default/${name}`, p);
  return p;
}

async function runPod(name: string, script: string, extra: Record<string, unknown> = {}): Promise<void> {
  await ensureServer();
  await node().kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'main', image: testImages.toolbox1, command: ['sh', '-c', script] }],
        ...extra,
      },
    }),
  );
}

async function logs(pod: string, query = ''): Promise<string> {
  await apiPod(pod);
  const res = await fetch(`${base}/containerLogs/default/${pod}/main${query}`);
  const body = await res.text();
  assert.equal(res.status, 200, body);
  return body;
}

test('a running pod: all, tail, timestamps, stream and limitBytes', { skip, timeout: 60_000 }, async () => {
  // stdout and stderr reach containerd through separate pipes: the pause keeps their order in the file.
  await runPod(
    'printer',
    'for i in 1 2 3 4; do echo "line $i"; done; sleep 1; echo oops >&2; exec sleep 3600',
  );
  await node().kubectl(['wait', '--for=condition=Ready', 'pod/printer', '--timeout=40s']);
  const all = await eventually(
    async () => {
      const text = await logs('printer');
      return text.includes('oops') ? text : undefined;
    },
    10_000,
    'the log',
  );
  assert.equal(all, 'line 1\nline 2\nline 3\nline 4\noops\n');
  assert.equal(await logs('printer', '?tailLines=2'), 'line 4\noops\n');
  assert.equal(await logs('printer', '?stream=Stderr'), 'oops\n');
  assert.equal(await logs('printer', '?limitBytes=9'), 'line 1\nli');
  assert.equal(await logs('printer', '?sinceSeconds=3600'), all);
  const stamped = (await logs('printer', '?timestamps=true&tailLines=1')).trimEnd();
  assert.match(stamped, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z oops$/);
  assert.ok(Math.abs(Date.parse(stamped.split(' ')[0]!) - Date.now()) < 120_000);

  // The helper the endpoint uses, straight on the CRI status: the file is where the kubelet put it.
  const pod = await apiPod('printer');
  const file = await containerLogFile(runtime!, containerIdForLogs('printer', pod.status, 'main', false));
  assert.equal(
    file.logPath,
    join(node().dataDir, 'kubelet', 'pod-logs', `default_printer_${pod.metadata!.uid!}`, 'main', '0.log'),
  );
  assert.equal(file.running, true);

  const refused = await fetch(`${base}/containerLogs/default/printer/main?previous=true`);
  assert.equal(refused.status, 400);
  assert.equal(await refused.text(), 'previous terminated container "main" in pod "printer" not found');
  await node().kubectl(['delete', 'pod', 'printer', '--wait=true', '--timeout=30s']);
});

test(
  'follow sees new lines within a second and ends when the container exits',
  { skip, timeout: 60_000 },
  async () => {
    await runPod('ticker', 'i=0; while [ $i -lt 8 ]; do i=$((i+1)); echo "tick $i"; sleep 0.5; done', {
      restartPolicy: 'Never',
    });
    await node().kubectl(['wait', '--for=condition=Ready', 'pod/ticker', '--timeout=40s']);
    await apiPod('ticker');
    const res = await fetch(`${base}/containerLogs/default/ticker/main?follow=true`);
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const arrivals: number[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
      arrivals.push(Date.now());
    }
    assert.equal(text, [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `tick ${i}\n`).join(''));
    // Lines written every half second arrive as they are written, not at the end.
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    assert.ok(arrivals.length >= 4 && Math.max(...gaps) < 1500, `arrival gaps ${gaps.join(',')}`);
    await node().kubectl(['delete', 'pod', 'ticker', '--wait=true', '--timeout=30s']);
  },
);

test('previous=true returns the run before the restart', { skip, timeout: 90_000 }, async () => {
  const script =
    'n=$(cat /data/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /data/n; echo "run $n"; ' +
    'if [ $n -ge 2 ]; then exec sleep 3600; fi; exit 1';
  await ensureServer();
  await node().kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crasher' },
      spec: {
        terminationGracePeriodSeconds: 1,
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          {
            name: 'main',
            image: testImages.toolbox1,
            command: ['sh', '-c', script],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
        ],
      },
    }),
  );
  await eventually(
    async () => {
      const s = (await apiPod('crasher')).status?.containerStatuses?.[0];
      return s?.restartCount === 1 && s.state?.running !== undefined ? s : undefined;
    },
    60_000,
    'the second run',
  );
  assert.equal(await logs('crasher'), 'run 2\n');
  assert.equal(await logs('crasher', '?previous=true'), 'run 1\n');
  await node().kubectl(['delete', 'pod', 'crasher', '--wait=true', '--timeout=30s']);
});

test(
  'a busy log is rotated, and a follow keeps every line once across rotations',
  { skip, timeout: 90_000 },
  async () => {
    // ~100 bytes every 20 ms: 2Ki is passed well within each 10 s check.
    await runPod(
      'chatty',
      'i=0; while true; do i=$((i+1)); echo "seq $i ................................................................................"; sleep 0.02; done',
    );
    await node().kubectl(['wait', '--for=condition=Ready', 'pod/chatty', '--timeout=40s']);
    const pod = await apiPod('chatty');
    const dir = join(node().dataDir, 'kubelet', 'pod-logs', `default_chatty_${pod.metadata!.uid!}`, 'main');
    const controller = new AbortController();
    const res = await fetch(`${base}/containerLogs/default/chatty/main?follow=true`, {
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
      }
    })().catch(() => undefined);
    // Two rotations: one plain rotated file and one gzipped (3 files in all with the live one).
    const files = await eventually(
      async () => {
        // Taken between two steps of a rotation, the listing may show a file being compressed.
        const names = (await readdir(dir)).sort();
        const settled =
          names.length === 3 &&
          names[0] === '0.log' &&
          /^0\.log\.\d{8}-\d{6}\.gz$/.test(names[1]!) &&
          /^0\.log\.\d{8}-\d{6}$/.test(names[2]!);
        return settled ? names : undefined;
      },
      60_000,
      'two rotations: the live log, one plain rotated file and one gzipped',
    );
    assert.ok(files[1]! < files[2]!, 'the gzipped file is the older one');
    // Let the follow read on past the rotations, then stop it.
    await new Promise((r) => setTimeout(r, 1500));
    controller.abort();
    await reading;
    const seqs = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => Number(/^seq (\d+) /.exec(l)?.[1] ?? NaN));
    assert.ok(seqs.length > 300, `${seqs.length} lines`);
    const first = seqs[0]!;
    // The last line may be cut by the abort; every other one is there exactly once, in order.
    for (let i = 0; i < seqs.length - 1; i++) assert.equal(seqs[i], first + i, `line ${i} of ${seqs.length}`);
    await node().kubectl(['delete', 'pod', 'chatty', '--wait=true', '--timeout=30s']);
  },
);
