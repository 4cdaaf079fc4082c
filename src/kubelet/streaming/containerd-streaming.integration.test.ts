// The streaming clients against a real containerd 1.6 (root only): a test node (k8ts server with
// its own containerd) runs a toolbox pod; CRI Exec/PortForward hand out streaming URLs, which our
// SPDY clients drive directly (exit code 3 with containerd's Status, stdin EOF reaching cat, tty
// resize, 10 MiB through a port-forward to the pod's httpd, a refused port) and through the bridge
// behind our own servers, with @kubernetes/client-node and our SPDY client in front.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { after, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { containerdNodeForFile, eventually } from '../../../test/support/containerd-node.js';
import { testImages } from '../../../test/support/test-images.js';
import { CriClient } from '../cri/cri-client.js';
import { execExited, execSucceeded } from './exec-status.js';
import { dialPortForward } from './port-forward-client.js';
import { parsePortForwardPorts } from './port-forward-server.js';
import { dialRemoteCommand } from './remote-command-client.js';
import { parseRemoteCommandQuery, serveRemoteCommand } from './remote-command-server.js';
import { bridgePortForward, bridgeRemoteCommand } from './runtime-bridge.js';

const { skip, node } = containerdNodeForFile();
let cri: CriClient | undefined;
let front: http.Server | undefined;
after(() => {
  cri?.close();
  front?.close();
});

function collect(stream: Readable | undefined): Promise<Buffer> {
  if (stream === undefined) return Promise.resolve(Buffer.alloc(0));
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The pod's running container and sandbox, found by its kubelet labels. */
async function podIds(
  client: CriClient,
  pod: string,
): Promise<{ containerId: string; podSandboxId: string }> {
  return eventually(
    async () => {
      const { containers } = await client.listContainers({
        filter: { state: 'CONTAINER_RUNNING', labelSelector: { 'io.kubernetes.pod.name': pod } },
      });
      const c = containers[0];
      return c === undefined ? undefined : { containerId: c.id, podSandboxId: c.podSandboxId };
    },
    20_000,
    `a running container of pod ${pod}`,
  );
}

test(
  'exec and port-forward against containerd: direct SPDY clients, then bridged behind our servers',
  { skip, timeout: 240_000 },
  async (t) => {
    const k = node().kubectl;
    await k(['run', 'web', `--image=${testImages.toolbox2}`]);
    await k(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
    cri = new CriClient({ endpoint: join(node().dataDir, 'containerd', 'containerd.sock') });
    const client = cri;
    const { containerId, podSandboxId } = await podIds(client, 'web');

    await t.test('exec: stdout and stderr apart, exit code 3 with the Status containerd writes', async () => {
      const cmd = ['sh', '-c', 'echo out; echo err >&2; exit 3'];
      const { url } = await client.exec({ containerId, cmd, stdout: true, stderr: true });
      const session = await dialRemoteCommand(url, { stdin: false, stdout: true, stderr: true, tty: false });
      assert.equal(session.protocol, 'v4.channel.k8s.io');
      const [out, err, status] = await Promise.all([
        collect(session.stdout),
        collect(session.stderr),
        session.status,
      ]);
      assert.deepEqual([out.toString(), err.toString()], ['out\n', 'err\n']);
      assert.deepEqual(status, execExited(3, cmd));
      session.close();
    });

    await t.test('exec: closing stdin (a SPDY FIN) ends cat', async () => {
      const { url } = await client.exec({
        containerId,
        cmd: ['cat'],
        stdin: true,
        stdout: true,
        stderr: true,
      });
      const session = await dialRemoteCommand(url, { stdin: true, stdout: true, stderr: true, tty: false });
      const out = collect(session.stdout);
      session.stdin!.end('hi\n');
      assert.equal((await out).toString(), 'hi\n');
      assert.deepEqual(await session.status, execSucceeded());
      session.close();
    });

    await t.test('exec with a tty: a resize reaches the terminal', async () => {
      const cmd = ['sh', '-c', 'sleep 1; stty size'];
      const { url } = await client.exec({ containerId, cmd, stdin: true, stdout: true, tty: true });
      const session = await dialRemoteCommand(url, { stdin: true, stdout: true, stderr: false, tty: true });
      assert.equal(session.stderr, undefined);
      const out = collect(session.stdout);
      session.resize({ width: 100, height: 30 });
      assert.equal((await out).toString(), '30 100\r\n');
      assert.deepEqual(await session.status, execSucceeded());
      session.close();
    });

    // 10 MiB of random bytes where the pod's httpd (toolbox:2 serves /www on 8080) finds them.
    await client.execSync({
      containerId,
      cmd: ['sh', '-c', 'head -c 10485760 /dev/urandom > /www/big'],
      timeout: 30,
    });
    const expected = (
      await client.execSync({ containerId, cmd: ['sha256sum', '/www/big'], timeout: 30 })
    ).stdout
      .toString()
      .split(' ')[0];

    await t.test(
      'port-forward: 10 MiB from the pod intact; a closed port fails with the runtime text',
      async () => {
        const { url } = await client.portForward({ podSandboxId, port: [8080, 9] });
        const pf = await dialPortForward(url);
        try {
          const conn = await pf.forward(8080);
          const response = collect(conn);
          conn.end('GET /big HTTP/1.0\r\n\r\n');
          const raw = await response;
          const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
          assert.match(raw.subarray(0, 20).toString(), /^HTTP\/1\.[01] 200/);
          assert.equal(body.length, 10 * 1024 * 1024);
          assert.equal(sha(body), expected);

          const refused = await pf.forward(9);
          refused.end();
          await assert.rejects(collect(refused), /localhost:9/);
        } finally {
          pf.close();
        }
      },
    );

    // Our servers in front, each session bridged to a fresh CRI URL, as the kubelet will do it.
    front = http.createServer((_req, res) => res.writeHead(404).end());
    front.on('upgrade', (req: http.IncomingMessage, socket, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.endsWith('/portforward')) {
        const ports = parsePortForwardPorts(url.searchParams);
        void client
          .portForward({ podSandboxId })
          .then(({ url: runtimeUrl }) =>
            bridgePortForward(req, socket, head, { ports: Array.isArray(ports) ? ports : [] }, runtimeUrl),
          );
        return;
      }
      const parsed = parseRemoteCommandQuery(url.searchParams);
      if ('error' in parsed) return socket.destroy();
      const { options, command } = parsed;
      void client
        .exec({ containerId, cmd: command, ...options })
        .then(({ url: runtimeUrl }) =>
          serveRemoteCommand(req, socket, head, options, (session) =>
            bridgeRemoteCommand(session, runtimeUrl),
          ),
        );
    });
    front.listen(0, '127.0.0.1');
    await once(front, 'listening');
    const base = `127.0.0.1:${(front.address() as AddressInfo).port}`;
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://${base}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'x' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });

    await t.test('bridged exec with client-node (WebSocket v5): output, exit 3, stdin EOF', async () => {
      const run = (command: string[], stdin: Readable | null) => {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        const out = collect(stdout);
        const err = collect(stderr);
        return new Promise<[string, string, k8s.V1Status]>((resolve, reject) => {
          new k8s.Exec(kc)
            .exec('default', 'web', 'web', command, stdout, stderr, stdin, false, (status) => {
              void Promise.all([out, err]).then(([o, e]) => resolve([o.toString(), e.toString(), status]));
            })
            .catch(reject);
        });
      };
      const cmd = ['sh', '-c', 'echo out; echo err >&2; exit 3'];
      assert.deepEqual(await run(cmd, null), ['out\n', 'err\n', execExited(3, cmd)]);
      const stdin = new PassThrough();
      const catting = run(['cat'], stdin);
      stdin.end('through the bridge\n');
      assert.deepEqual(await catting, ['through the bridge\n', '', execSucceeded()]);

      // What kubectl cp does: a large stdin, then EOF; the process must see every byte.
      const upload = randomBytes(5 * 1024 * 1024);
      const bulk = new PassThrough();
      const summing = run(['sha256sum'], bulk);
      bulk.end(upload);
      const [summed] = await summing;
      assert.equal(summed.split(' ')[0], sha(upload));
    });

    await t.test('bridged port-forward: client-node reads the page, SPDY moves 10 MiB', async () => {
      const output = new PassThrough();
      const page = new Promise<string>((resolve) => {
        let text = '';
        output.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('toolbox v2')) resolve(text);
        });
      });
      const input = new PassThrough();
      const ws = (await new k8s.PortForward(kc).portForward(
        'default',
        'web',
        [8080],
        output,
        null,
        input,
      )) as unknown as {
        close(): void;
      };
      input.write('GET / HTTP/1.0\r\n\r\n');
      assert.match(await page, /^HTTP\/1\.[01] 200[\s\S]*toolbox v2/);
      ws.close();

      const pf = await dialPortForward(`http://${base}/portforward`);
      try {
        const conn = await pf.forward(8080);
        const response = collect(conn);
        conn.end('GET /big HTTP/1.0\r\n\r\n');
        const raw = await response;
        assert.equal(sha(raw.subarray(raw.indexOf('\r\n\r\n') + 4)), expected);
      } finally {
        pf.close();
      }
    });
  },
);
