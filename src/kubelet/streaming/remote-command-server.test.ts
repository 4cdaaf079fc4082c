// serveRemoteCommand against real clients: @kubernetes/client-node's Exec (WebSocket v5), a plain
// WebSocket client speaking v4, v1 and base64, and our own SPDY client (kubectl's fallback path,
// v4 and v1) — backed by a local child process, so output, exit codes, stdin EOF and resizes are
// the real thing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { execExited, execSucceeded } from './exec-status.js';
import { dialRemoteCommand } from './remote-command-client.js';
import { parseRemoteCommandQuery, serveRemoteCommand } from './remote-command-server.js';
import type { RemoteCommandRunner } from './remote-command-session.js';
import { respondUpgradeRequired } from './upgrade-handshake.js';
import { WebSocketClient, type WsSocket } from './ws-module.js';

/** Runs `command` as a local process wired to the session (what the kubelet does via the runtime). */
function childProcess(command: readonly string[]): RemoteCommandRunner {
  return async (session) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'pipe' });
    if (session.stdin) session.stdin.pipe(child.stdin);
    else child.stdin.end();
    child.stdout.pipe(session.stdout ?? new PassThrough(), { end: false });
    child.stderr.pipe(session.stderr ?? session.stdout ?? new PassThrough(), { end: false });
    session.signal.addEventListener('abort', () => child.kill());
    const [code] = (await once(child, 'close')) as [number | null];
    return execExited(code ?? 1, command);
  };
}

/** A "terminal" that reports every resize on stdout until stdin ends. */
const resizeReporter: RemoteCommandRunner = async (session) => {
  session.onResize((size) => session.stdout?.write(`size ${size.width}x${size.height}\n`));
  session.stdin?.resume();
  if (session.stdin) await once(session.stdin, 'end');
  return execSucceeded();
};

/** Waits for the client to leave; reports when the session's signal fired. */
let sawAbort: () => void = () => undefined;
const waitForAbort: RemoteCommandRunner = async (session) => {
  session.stdout?.write('waiting\n');
  await new Promise((resolve) => session.signal.addEventListener('abort', resolve));
  sawAbort();
  return execSucceeded();
};

let server: http.Server;
let base = '';
before(async () => {
  server = http.createServer((_req, res) => respondUpgradeRequired(res));
  server.on('upgrade', (req: http.IncomingMessage, socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parsed = parseRemoteCommandQuery(url.searchParams);
    const options =
      'error' in parsed ? { stdin: false, stdout: false, stderr: false, tty: false } : parsed.options;
    const command = 'error' in parsed ? [] : parsed.command;
    const run = url.pathname.endsWith('/resize')
      ? resizeReporter
      : url.pathname.endsWith('/wait')
        ? waitForAbort
        : childProcess(command);
    void serveRemoteCommand(req, socket, head, options, run);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

function text(stream: Readable | undefined): Promise<string> {
  if (stream === undefined) return Promise.resolve('');
  let out = '';
  stream.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => {
    stream.on('end', () => resolve(out));
    stream.on('close', () => resolve(out));
  });
}

const exit3 = ['sh', '-c', 'echo out; echo err >&2; exit 3'];
const exit3Status = {
  metadata: {},
  status: 'Failure',
  message:
    'command terminated with non-zero exit code: error executing command [sh -c echo out; echo err >&2; exit 3], exit code 3',
  reason: 'NonZeroExitCode',
  details: { causes: [{ reason: 'ExitCode', message: '3' }] },
};

function clientNodeExec(command: string[], stdin: Readable | null) {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://${base}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'x' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = text(stdout);
  const err = text(stderr);
  return new Promise<{ status: k8s.V1Status; protocol: string; out: string; err: string }>(
    (resolve, reject) => {
      let protocol = '';
      new k8s.Exec(kc)
        .exec('default', 'web', 'app', command, stdout, stderr, stdin, false, (status) => {
          void Promise.all([out, err]).then(([o, e]) => resolve({ status, protocol, out: o, err: e }));
        })
        .then((ws) => (protocol = ws.protocol), reject);
    },
  );
}

test('client-node Exec: v5, stdout and stderr apart, the NonZeroExitCode Status', async () => {
  const result = await clientNodeExec(exit3, null);
  assert.equal(result.protocol, 'v5.channel.k8s.io');
  assert.equal(result.out, 'out\n');
  assert.equal(result.err, 'err\n');
  assert.deepEqual(result.status, exit3Status);
});

test('client-node Exec with stdin: its end (v5 CLOSE) reaches cat, which exits 0', async () => {
  const stdin = new PassThrough();
  const result = clientNodeExec(['cat'], stdin);
  stdin.write('hello ');
  stdin.end('stdin\n');
  const { out, status } = await result;
  assert.equal(out, 'hello stdin\n');
  assert.deepEqual(status, { metadata: {}, status: 'Success' });
});

/** A raw WebSocket session: every message as [channel, text], the close code, pong payloads. */
async function rawSession(path: string, protocols: string[], send: (ws: WsSocket) => void = () => undefined) {
  const ws = new WebSocketClient(`ws://${base}${path}`, protocols);
  const messages: [number, string][] = [];
  const pongs: string[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) messages.push([data[0]!, data.subarray(1).toString()]);
    else messages.push([data.toString().charCodeAt(0) - 48, `b64:${data.toString().slice(1)}`]);
  });
  ws.on('pong', (data: Buffer) => pongs.push(data.toString()));
  await once(ws, 'open');
  send(ws);
  const [code] = (await once(ws, 'close')) as [number];
  return { protocol: ws.protocol, messages, code, pongs };
}

test('WebSocket v4: hello on stdout, output, the Status JSON on channel 3, Close 1000, pings answered', async () => {
  const query = '?command=sh&command=-c&command=sleep+0.2%3B+echo+out%3B+exit+3&stdout=1&stderr=1';
  const s = await rawSession(`/exec${query}`, ['v4.channel.k8s.io'], (ws) => ws.ping(Buffer.from('k')));
  assert.equal(s.protocol, 'v4.channel.k8s.io');
  assert.deepEqual(s.messages.slice(0, 2), [
    [1, ''],
    [1, 'out\n'],
  ]);
  assert.equal(s.messages.length, 3);
  assert.equal(s.messages[2]![0], 3);
  assert.equal(JSON.parse(s.messages[2]![1]).reason, 'NonZeroExitCode');
  assert.equal(s.code, 1000);
  assert.deepEqual(s.pongs, ['k']);
});

test('WebSocket channel.k8s.io (v1) sends the failure as plain text; base64 uses text frames', async () => {
  const query = '?command=sh&command=-c&command=printf+hi%3B+exit+2&output=1';
  const v1 = await rawSession(`/exec${query}`, ['channel.k8s.io']);
  assert.deepEqual(v1.messages, [
    [1, ''],
    [1, 'hi'],
    [
      3,
      'command terminated with non-zero exit code: error executing command [sh -c printf hi; exit 2], exit code 2',
    ],
  ]);
  const b64 = await rawSession(`/exec${query}`, ['base64.channel.k8s.io']);
  assert.equal(b64.protocol, 'base64.channel.k8s.io');
  assert.deepEqual(b64.messages.slice(0, 2), [
    [1, 'b64:'],
    [1, `b64:${Buffer.from('hi').toString('base64')}`],
  ]);
});

test('WebSocket v5 with a tty: resize messages on channel 4 reach the session', async () => {
  const s = await rawSession('/resize?stdin=true&stdout=true&tty=true', ['v5.channel.k8s.io'], (ws) => {
    ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":80,"Height":24}')]), { binary: true });
    ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":120,')]), { binary: true });
    ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('"Height":40}')]), { binary: true });
    setTimeout(() => ws.send(Buffer.from([255, 0]), { binary: true }), 100);
  });
  assert.deepEqual(s.messages, [
    [1, ''],
    [1, 'size 80x24\n'],
    [1, 'size 120x40\n'],
    [3, '{"metadata":{},"status":"Success"}'],
  ]);
});

test('a plain request gets 400 "Upgrade request required"; unknown subprotocols 403; no stream 400', async () => {
  const plain = await fetch(`http://${base}/exec?command=true&stdout=1`);
  assert.equal(plain.status, 400);
  assert.deepEqual(await plain.json(), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Upgrade request required',
    reason: 'BadRequest',
    code: 400,
  });
  const refused = new WebSocketClient(`ws://${base}/exec?command=true&stdout=1`, ['v9.channel.k8s.io']);
  refused.on('error', () => undefined);
  const [, res] = (await once(refused, 'unexpected-response')) as [unknown, http.IncomingMessage];
  assert.equal(res.statusCode, 403);
  const body = await text(res);
  assert.match(body, /^requested protocol\(s\) are not supported: \[v9\.channel\.k8s\.io\]; supports \[/);
  refused.terminate();
  const empty = new WebSocketClient(`ws://${base}/exec?command=true`, ['v5.channel.k8s.io']);
  empty.on('error', () => undefined);
  const [, res400] = (await once(empty, 'unexpected-response')) as [unknown, http.IncomingMessage];
  assert.equal(res400.statusCode, 400);
  assert.equal(await text(res400), 'you must specify at least 1 of stdin, stdout, stderr\n');
  empty.terminate();
});

test('SPDY v4 (kubectl fallback): output, exit code and stdin half-close', async () => {
  const session = await dialRemoteCommand(
    `http://${base}/exec?command=sh&command=-c&command=echo+out%3B+echo+err+%3E%262%3B+exit+3&stdout=1&stderr=1`,
    {
      stdin: false,
      stdout: true,
      stderr: true,
      tty: false,
    },
  );
  assert.equal(session.protocol, 'v4.channel.k8s.io');
  const [out, err, status] = await Promise.all([text(session.stdout), text(session.stderr), session.status]);
  assert.deepEqual([out, err, status], ['out\n', 'err\n', exit3Status]);
  session.close();

  const cat = await dialRemoteCommand(`http://${base}/exec?command=cat&stdin=1&stdout=1`, {
    stdin: true,
    stdout: true,
    stderr: false,
    tty: false,
  });
  const catOut = text(cat.stdout);
  cat.stdin!.write('piped ');
  cat.stdin!.end('and closed\n');
  assert.equal(await catOut, 'piped and closed\n');
  assert.deepEqual(await cat.status, { metadata: {}, status: 'Success' });
  cat.close();
});

test('SPDY v5 offered by kubectl is served as v4; v1 reports the failure as text', async () => {
  const v5 = await dialRemoteCommand(`http://${base}/exec?command=true&stdout=1`, {
    stdin: false,
    stdout: true,
    stderr: false,
    tty: false,
    protocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
  });
  assert.equal(v5.protocol, 'v5.channel.k8s.io');
  assert.deepEqual(await v5.status, { metadata: {}, status: 'Success' });
  v5.close();
  const v1 = await dialRemoteCommand(`http://${base}/exec?command=sh&command=-c&command=exit+4&stdout=1`, {
    stdin: false,
    stdout: true,
    stderr: false,
    tty: false,
    protocols: ['channel.k8s.io'],
  });
  assert.deepEqual(await v1.status, {
    metadata: {},
    status: 'Failure',
    message:
      'command terminated with non-zero exit code: error executing command [sh -c exit 4], exit code 4',
  });
  v1.close();
});

test('SPDY with a tty: the resize stream delivers sizes; an unknown version is refused with 403', async () => {
  const tty = await dialRemoteCommand(`http://${base}/resize?stdin=1&stdout=1&tty=1`, {
    stdin: true,
    stdout: true,
    stderr: false,
    tty: true,
  });
  const out = text(tty.stdout);
  tty.resize({ width: 100, height: 30 });
  await new Promise((r) => setTimeout(r, 100));
  tty.stdin!.end();
  assert.equal(await out, 'size 100x30\n');
  tty.close();
  await assert.rejects(
    dialRemoteCommand(`http://${base}/exec?command=true&stdout=1`, {
      stdin: false,
      stdout: true,
      stderr: false,
      tty: false,
      protocols: ['v9.channel.k8s.io'],
    }),
    /unable to upgrade connection: unable to upgrade: unable to negotiate protocol: client supports \[v9\.channel\.k8s\.io\], server accepts \[v5\.channel\.k8s\.io v4/,
  );
});

test('a client that leaves mid-session aborts the session signal (WebSocket and SPDY)', async () => {
  const aborted = new Promise<void>((resolve) => (sawAbort = resolve));
  const ws = new WebSocketClient(`ws://${base}/wait?stdout=1`, ['v5.channel.k8s.io']);
  await new Promise<void>((resolve) => {
    let seen = 0;
    ws.on('message', () => ++seen === 2 && resolve()); // the hello, then "waiting"
  });
  ws.terminate();
  await aborted;

  const abortedSpdy = new Promise<void>((resolve) => (sawAbort = resolve));
  const spdy = await dialRemoteCommand(`http://${base}/wait?stdout=1`, {
    stdin: false,
    stdout: true,
    stderr: false,
    tty: false,
  });
  await once(spdy.stdout!, 'data');
  spdy.close();
  await abortedSpdy;
});
