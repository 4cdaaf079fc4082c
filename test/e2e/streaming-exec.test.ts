/**
 * exec, attach and cp through the apiserver and the kubelet against a real node (root only):
 * `kubectl exec` output, exit codes and stdin; an interactive `exec -it` in a real terminal (tmux)
 * that follows a resize and stays open past 90 s; `kubectl attach` to a container reading stdin;
 * `kubectl cp` both ways byte for byte; @kubernetes/client-node's Exec; a user without pods/exec
 * refused with upstream's message; and the kubelet's stats through nodes/proxy.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { kubectl, kubectlHome } from '../support/kubectl.js';
import { containerdNodeForFile, eventually } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';
import { writeTokenKubeconfig } from '../support/token-kubeconfig.js';

const run = promisify(execFile);
const { skip, node } = containerdNodeForFile();

// A private tmux server for the interactive session, killed (with what runs in it) at the end.
const tmuxSocket = `k8ts-e2e-${process.pid}`;
const tmux = async (...args: string[]): Promise<string> =>
  (await run('tmux', ['-L', tmuxSocket, ...args])).stdout;
after(async () => {
  await tmux('kill-server').catch(() => undefined);
});

let interactiveStartedAt = 0;
const screen = () => tmux('capture-pane', '-p', '-t', 'exec');

test('kubectl exec: output, the exit code, and stdin', { skip, timeout: 90_000 }, async () => {
  const k = node().kubectl;
  await k(['run', 'web', `--image=${testImages.toolbox1}`]);
  await k(['wait', '--for=condition=Ready', 'pod/web', '--timeout=40s']);
  assert.equal(await k(['exec', 'web', '--', 'hostname']), 'web\n');

  const failed = await node().kubectlRaw(['exec', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
  assert.equal(failed.code, 3);
  assert.equal(failed.stdout, 'out\n');
  assert.match(failed.stderr, /^err\ncommand terminated with exit code 3\n$/);

  assert.equal(await k(['exec', '-i', 'web', '--', 'cat'], 'hi\n'), 'hi\n');
  const missing = await node().kubectlRaw(['exec', 'web', '--', '/no/such/binary']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /no such file or directory/);
});

test('kubectl exec -it in a terminal: a shell that follows a resize', { skip, timeout: 60_000 }, async () => {
  const kubeconfig = node().server.kubeconfig;
  const home = kubectlHome(kubeconfig);
  await tmux(
    'new-session',
    '-d',
    '-s',
    'exec',
    '-x',
    '80',
    '-y',
    '24',
    `HOME=${home} kubectl --kubeconfig ${kubeconfig} exec -it web -- sh`,
  );
  interactiveStartedAt = Date.now();
  await tmux('send-keys', '-t', 'exec', 'stty size; echo "[$(hostname)]"', 'Enter');
  await eventually(async () => ((await screen()).includes('[web]') ? true : undefined), 15_000, 'the shell');
  assert.match(await screen(), /^24 80$/m);
  await tmux('resize-window', '-t', 'exec', '-x', '100', '-y', '30');
  // kubectl forwards the resize on its own schedule: a `stty size` typed before it lands prints the
  // old size, so ask again until the new one shows.
  await eventually(
    async () => {
      await tmux('send-keys', '-t', 'exec', 'clear; stty size', 'Enter');
      await new Promise((r) => setTimeout(r, 300));
      return /^30 100$/m.test(await screen()) ? true : undefined;
    },
    10_000,
    'the new size',
  );
});

test('kubectl attach to a container reading stdin', { skip, timeout: 60_000 }, async () => {
  const k = node().kubectl;
  const reader = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'reader' },
    spec: {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'reader',
          image: testImages.toolbox1,
          stdin: true,
          stdinOnce: true,
          command: ['sh', '-c', 'while read l; do echo "got $l"; done; echo bye'],
        },
      ],
    },
  };
  await k(['apply', '-f', '-'], JSON.stringify(reader));
  await k(['wait', '--for=condition=Ready', 'pod/reader', '--timeout=40s']);
  const attached = await node().kubectlRaw(['attach', '-i', 'reader'], 'one\ntwo\n');
  assert.equal(attached.code, 0, attached.stderr);
  assert.match(attached.stdout, /got one\ngot two\n(bye\n)?$/);
  // stdinOnce: the container's stdin closed with the attach session, so it ran to completion.
  await k(['wait', '--for=jsonpath={.status.phase}=Succeeded', 'pod/reader', '--timeout=30s']);
  assert.equal(await k(['logs', 'reader']), 'got one\ngot two\nbye\n');
});

test('kubectl cp copies a file into the pod and back, byte for byte', { skip, timeout: 60_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'k8ts-cp-'));
  try {
    const content = randomBytes(1024 * 1024 + 17);
    await writeFile(join(dir, 'in.bin'), content);
    const k = node().kubectl;
    await k(['cp', join(dir, 'in.bin'), 'web:/tmp/copied.bin']);
    const sum = (await k(['exec', 'web', '--', 'sha256sum', '/tmp/copied.bin'])).split(' ')[0];
    const { createHash } = await import('node:crypto');
    assert.equal(sum, createHash('sha256').update(content).digest('hex'));
    await k(['cp', 'web:/tmp/copied.bin', join(dir, 'out.bin')]);
    assert.ok((await readFile(join(dir, 'out.bin'))).equals(content));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  '@kubernetes/client-node Exec: stdout, stderr, stdin and the exit status',
  { skip, timeout: 30_000 },
  async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(node().server.kubeconfig);
    const exec = new k8s.Exec(kc);
    const collect = () => {
      const s = new PassThrough();
      let text = '';
      s.on('data', (c: Buffer) => (text += c.toString()));
      return { s, text: () => text };
    };
    const out = collect();
    const err = collect();
    const stdin = new PassThrough();
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      exec
        .exec(
          'default',
          'web',
          'web',
          ['sh', '-c', 'cat; echo to-err >&2; exit 4'],
          out.s,
          err.s,
          stdin,
          false,
          (s) => resolve(s),
        )
        .catch(reject);
      stdin.end('from-stdin\n');
    });
    assert.equal(status.status, 'Failure');
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.deepEqual(status.details?.causes, [{ reason: 'ExitCode', message: '4' }]);
    assert.equal(out.text(), 'from-stdin\n');
    assert.equal(err.text(), 'to-err\n');
  },
);

test(
  'a user without pods/exec is refused; nodes/proxy serves the kubelet stats summary',
  { skip, timeout: 30_000 },
  async () => {
    const k = node().kubectl;
    await k(['create', 'serviceaccount', 'viewer']);
    await k(['create', 'role', 'pod-reader', '--verb=get,list', '--resource=pods']);
    await k([
      'create',
      'rolebinding',
      'viewer-reads',
      '--role=pod-reader',
      '--serviceaccount=default:viewer',
    ]);
    const token = (await k(['create', 'token', 'viewer'])).trim();
    const dir = await mkdtemp(join(tmpdir(), 'k8ts-viewer-'));
    try {
      const viewerConfig = join(dir, 'kubeconfig');
      await writeTokenKubeconfig(node().server.kubeconfig, token, viewerConfig);
      const refused = await kubectl(['exec', 'web', '--', 'hostname'], { kubeconfig: viewerConfig });
      assert.notEqual(refused.code, 0);
      assert.match(
        refused.stderr,
        /pods "web" is forbidden: User "system:serviceaccount:default:viewer" cannot create resource "pods\/exec" in API group "" in the namespace "default"/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const summary = JSON.parse(
      await k(['get', '--raw', `/api/v1/nodes/${node().nodeName}/proxy/stats/summary`]),
    ) as {
      node: { nodeName: string; cpu: { usageCoreNanoSeconds: number }; memory: { workingSetBytes: number } };
      pods: {
        podRef: { name: string; namespace: string };
        containers: {
          name: string;
          cpu: { usageCoreNanoSeconds: number };
          memory: { workingSetBytes: number };
        }[];
      }[];
    };
    assert.equal(summary.node.nodeName, node().nodeName);
    assert.ok(summary.node.cpu.usageCoreNanoSeconds > 0);
    assert.ok(summary.node.memory.workingSetBytes > 0);
    const web = summary.pods.find((p) => p.podRef.name === 'web' && p.podRef.namespace === 'default');
    assert.ok(web, JSON.stringify(summary.pods.map((p) => p.podRef)));
    assert.equal(web.containers[0]?.name, 'web');
    assert.ok(web.containers[0]!.memory.workingSetBytes > 0);
    assert.equal(await k(['get', '--raw', `/api/v1/nodes/${node().nodeName}/proxy/healthz`]), 'ok');
  },
);

test('the interactive session is still open after 90 s', { skip, timeout: 120_000 }, async () => {
  const wait = interactiveStartedAt + 92_000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  await tmux('send-keys', '-t', 'exec', 'clear; echo "still-$((40+2))"', 'Enter');
  await eventually(
    async () => ((await screen()).includes('still-42') ? true : undefined),
    10_000,
    'an answer',
  );
  await tmux('send-keys', '-t', 'exec', 'exit', 'Enter');
  await eventually(
    async () => ((await tmux('list-sessions').catch(() => '')).includes('exec') ? undefined : true),
    10_000,
    'kubectl to end with the shell',
  );
});
