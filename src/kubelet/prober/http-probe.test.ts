import assert from 'node:assert/strict';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
  type Server,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Container, HTTPGetAction } from 'kubernetes-types/core/v1.js';
import { FakeClock, systemClock } from '../../base/clock.js';
import { httpGetRequest } from './http-get-request.js';
import { runHttpProbe } from './http-probe.js';
import { selfSignedCertificate } from './test-tls-certificate.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const container: Container = { name: 'app', ports: [{ name: 'http', containerPort: 0 }] };
let handler: Handler = (_req, res) => res.end('ok');
const seen: IncomingMessage[] = [];
let server: Server;
let port = 0;

async function listen(s: Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

function probe(action: Partial<HTTPGetAction>, timeoutSeconds = 1, clock = systemClock) {
  const request = httpGetRequest({ port, path: '/healthz', ...action }, container, '127.0.0.1', 'probe');
  return runHttpProbe(request, timeoutSeconds, clock);
}

describe('httpGet probe', () => {
  before(async () => {
    server = createHttpServer((req, res) => {
      seen.push(req);
      handler(req, res);
    });
    port = await listen(server);
  });
  after(() => server.close());

  it('succeeds on 2xx with the body as output and sends upstream headers', async () => {
    handler = (_req, res) => res.end('fine');
    seen.length = 0;
    assert.deepEqual(await probe({}), { verdict: 'success', output: 'fine' });
    const req = seen[0]!;
    assert.equal(req.url, '/healthz');
    assert.equal(req.headers['user-agent'], 'kube-probe/1.32');
    assert.equal(req.headers.accept, '*/*');
    assert.equal(req.headers.host, `127.0.0.1:${port}`);
    assert.equal(req.headers.connection, 'close');
    assert.equal(req.headers['accept-encoding'], undefined);
  });

  it('sends the action headers, a Host override, and drops an empty Accept', async () => {
    seen.length = 0;
    handler = (_req, res) => res.end();
    await probe({
      path: '/ready?full=1',
      httpHeaders: [
        { name: 'x-custom', value: 'a' },
        { name: 'X-Custom', value: 'b' },
        { name: 'host', value: 'example.test' },
        { name: 'Accept', value: '' },
        { name: 'User-Agent', value: 'mine' },
      ],
    });
    const req = seen[0]!;
    assert.equal(req.url, '/ready?full=1');
    assert.equal(req.headers.host, 'example.test');
    assert.equal(req.headers['x-custom'], 'a, b');
    assert.equal(req.headers.accept, undefined);
    assert.equal(req.headers['user-agent'], 'mine');
  });

  it('resolves a named port', async () => {
    handler = (_req, res) => res.end('named');
    const named: Container = { name: 'app', ports: [{ name: 'http', containerPort: port }] };
    const request = httpGetRequest({ port: 'http', path: '/' }, named, '127.0.0.1', 'probe');
    assert.equal((await runHttpProbe(request, 1, systemClock)).output, 'named');
  });

  it('fails on 4xx/5xx without quoting the body', async () => {
    handler = (_req, res) => res.writeHead(503).end('secret');
    assert.deepEqual(await probe({}), {
      verdict: 'failure',
      output: 'HTTP probe failed with statuscode: 503',
    });
  });

  it('follows redirects on the same host and warns about one to another host', async () => {
    seen.length = 0;
    handler = (req, res) => {
      if (req.url === '/healthz') res.writeHead(302, { location: '/final' }).end();
      else if (req.url === '/final') res.end('landed');
      else res.writeHead(301, { location: 'http://elsewhere.test/x' }).end('moved');
    };
    assert.deepEqual(await probe({}), { verdict: 'success', output: 'landed' });
    assert.equal(seen[1]?.headers.referer, `http://127.0.0.1:${port}/healthz`);
    assert.equal(seen[1]?.headers['user-agent'], 'kube-probe/1.32');
    assert.deepEqual(await probe({ path: '/away' }), {
      verdict: 'warning',
      output: 'Probe terminated redirects, Response body: moved',
    });
  });

  it('stops after 10 redirects', async () => {
    seen.length = 0;
    handler = (req, res) => res.writeHead(302, { location: `/r${seen.length}` }).end();
    const result = await probe({ path: '/r0' });
    assert.equal(result.verdict, 'failure');
    assert.equal(result.output, `Get "http://127.0.0.1:${port}/r9": stopped after 10 redirects`);
    assert.equal(seen.length, 10);
  });

  it('keeps only the first 10 KiB of the body', async () => {
    handler = (_req, res) => res.end('x'.repeat(64 * 1024));
    const result = await probe({});
    assert.equal(result.output.length, 10 * 1024);
  });

  it('fails with Go’s message when the connection is refused', async () => {
    const closed = createHttpServer();
    const closedPort = await listen(closed);
    await new Promise((r) => closed.close(r));
    const request = httpGetRequest({ port: closedPort, path: '/x' }, container, '127.0.0.1', 'probe');
    assert.deepEqual(await runHttpProbe(request, 1, systemClock), {
      verdict: 'failure',
      output: `Get "http://127.0.0.1:${closedPort}/x": dial tcp 127.0.0.1:${closedPort}: connect: connection refused`,
    });
  });

  it('fails when no answer comes within the timeout (on the injected clock)', async () => {
    const clock = new FakeClock();
    let arrived!: () => void;
    const came = new Promise<void>((r) => (arrived = r));
    const hung: ServerResponse[] = [];
    handler = (_req, res) => {
      hung.push(res);
      arrived();
    };
    const pending = probe({}, 2, clock);
    await came;
    await clock.advance(2_000);
    assert.deepEqual(await pending, {
      verdict: 'failure',
      output: `Get "http://127.0.0.1:${port}/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
    hung.forEach((r) => r.end());
  });

  it('probes HTTPS without verifying the certificate', async () => {
    const tls = createHttpsServer(selfSignedCertificate(), (_req, res) => res.end('secure'));
    const tlsPort = await listen(tls);
    try {
      const request = httpGetRequest(
        { port: tlsPort, scheme: 'HTTPS', path: '/' },
        container,
        '127.0.0.1',
        'probe',
      );
      assert.deepEqual(await runHttpProbe(request, 1, systemClock), { verdict: 'success', output: 'secure' });
    } finally {
      tls.close();
    }
  });
});
