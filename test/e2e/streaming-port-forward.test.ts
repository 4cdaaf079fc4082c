/**
 * Port forwarding through the apiserver and the kubelet to a real pod (root only):
 * `kubectl port-forward pod/...` and `svc/...` serve curl on 127.0.0.1, several connections at
 * once and a 10 MiB download intact; @kubernetes/client-node's PortForward moves bytes too.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, connect, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';
import { startKubectl, type BackgroundKubectl } from '../support/kubectl.js';
import { containerdNodeForFile } from '../support/containerd-node.js';
import { testImages } from '../support/test-images.js';

const run = promisify(execFile);
const { skip, node } = containerdNodeForFile();

async function curl(url: string): Promise<Buffer> {
  const { stdout } = await run('curl', ['-fsS', '--max-time', '20', url], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function forward(target: string, port: string): Promise<{ kubectl: BackgroundKubectl; local: number }> {
  const kubectl = startKubectl(['port-forward', target, `:${port}`], {
    kubeconfig: node().server.kubeconfig,
  });
  const out = await kubectl.waitForStdout(/Forwarding from 127\.0\.0\.1:(\d+) ->/, 20_000);
  return { kubectl, local: Number(/127\.0\.0\.1:(\d+)/.exec(out)![1]) };
}

test(
  'kubectl port-forward pod/web: curl, concurrent connections, a 10 MiB file intact',
  { skip, timeout: 90_000 },
  async () => {
    const k = node().kubectl;
    await k(['run', 'web', `--image=${testImages.toolbox1}`, '--labels=app=web']);
    await k(['wait', '--for=condition=Ready', 'pod/web', '--timeout=40s']);
    await k(['exec', 'web', '--', 'dd', 'if=/dev/urandom', 'of=/www/big', 'bs=1048576', 'count=10']);
    const expected = (await k(['exec', 'web', '--', 'sha256sum', '/www/big'])).split(' ')[0];

    const { kubectl, local } = await forward('pod/web', '8080');
    try {
      assert.equal((await curl(`http://127.0.0.1:${local}/`)).toString(), 'toolbox v1\n');
      const several = await Promise.all(
        Array.from({ length: 6 }, () => curl(`http://127.0.0.1:${local}/healthz`)),
      );
      assert.deepEqual(
        several.map((b) => b.toString()),
        Array.from({ length: 6 }, () => 'ok\n'),
      );
      const big = await curl(`http://127.0.0.1:${local}/big`);
      assert.equal(big.length, 10 * 1024 * 1024);
      assert.equal(createHash('sha256').update(big).digest('hex'), expected);
    } finally {
      await kubectl.stop();
    }
  },
);

test(
  'kubectl port-forward svc/web maps the service port to the pod port',
  { skip, timeout: 60_000 },
  async () => {
    await node().kubectl(['expose', 'pod', 'web', '--port=80', '--target-port=8080']);
    const { kubectl, local } = await forward('svc/web', '80');
    try {
      assert.match(kubectl.stdout(), /Forwarding from 127\.0\.0\.1:\d+ -> 8080/);
      assert.equal((await curl(`http://127.0.0.1:${local}/`)).toString(), 'toolbox v1\n');
    } finally {
      await kubectl.stop();
    }
  },
);

test('@kubernetes/client-node PortForward carries an HTTP exchange', { skip, timeout: 30_000 }, async () => {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(node().server.kubeconfig);
  const portForward = new k8s.PortForward(kc);
  // client-node forwards one socket per call: a local listener hands each connection over.
  const listener = createServer((socket) => {
    void portForward.portForward('default', 'web', [8080], socket, null, socket);
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  try {
    const port = (listener.address() as AddressInfo).port;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (c: Buffer) => {
        text += c.toString();
        if (text.includes('toolbox v1')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      socket.write('GET / HTTP/1.0\r\nHost: web\r\n\r\n');
      setTimeout(() => reject(new Error(`no reply, got ${JSON.stringify(text)}`)), 15_000).unref();
    });
    assert.match(reply, /^HTTP\/1\.[01] 200 OK/);
  } finally {
    listener.close();
  }
});
