/**
 * A stand-in for a kubelet's HTTPS API (port 10250) in apiserver tests: it requires a client
 * certificate from the given CA and records who called what, serves canned logs (following ones
 * stay open and write a line whenever the test asks), /healthz and /stats/summary, and accepts
 * upgrades: a `v5.channel.k8s.io` WebSocket whose stdin (channel 0) comes back on stdout (channel
 * 1) until the client's stdin close ([0xFF, 0]) ends it with a Success status, or an SPDY-style
 * raw upgrade that echoes every byte. A container named `broken` refuses every stream with 400.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';

/** One request the fake saw. */
export interface KubeletCall {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly rawHeaders: readonly string[];
  /** CN of the client certificate. */
  readonly clientCommonName: string;
}

/** The running fake. */
export interface FakeKubelet {
  readonly port: number;
  readonly calls: KubeletCall[];
  /** Writes a line to every open following log stream. */
  emitLogLine(line: string): void;
  /** How many following log streams are open now. */
  openFollowers(): number;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with the given serving pair, trusting clients of `clientCaPem`. */
export async function startFakeKubelet(options: {
  readonly certPem: string;
  readonly keyPem: string;
  readonly clientCaPem: string;
}): Promise<FakeKubelet> {
  const calls: KubeletCall[] = [];
  const followers = new Set<ServerResponse>();
  const sockets = new Set<Duplex>();
  const record = (req: IncomingMessage) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    calls.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      clientCommonName: String(peer.subject?.CN ?? ''),
    });
  };
  const server: Server = createServer(
    {
      cert: options.certPem,
      key: options.keyPem,
      ca: options.clientCaPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      record(req);
      const url = new URL(req.url ?? '/', 'https://kubelet');
      if (url.pathname === '/healthz') return void res.end('ok');
      if (url.pathname === '/stats/summary') {
        res.setHeader('Content-Type', 'application/json');
        return void res.end(JSON.stringify({ node: { nodeName: 'n1' }, pods: [] }));
      }
      const logs = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (logs) {
        if (logs[3] === 'gone') {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          return void res.end('no such container');
        }
        if (logs[3] === 'waiting') {
          res.writeHead(400, { 'Content-Type': 'text/plain' });
          return void res.end(
            `container "waiting" in pod "${logs[2]}" is waiting to start: ContainerCreating`,
          );
        }
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write(`log of ${logs[1]}/${logs[2]}/${logs[3]}\n`);
        if (url.searchParams.get('follow') !== 'true') return void res.end('last line\n');
        followers.add(res);
        res.once('close', () => followers.delete(res));
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('404 page not found');
    },
  );
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false),
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    record(req);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (/\/broken(\?|$)/.test(req.url ?? '')) {
      const body = 'container broken is not running';
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      return;
    }
    if ((req.headers.upgrade ?? '').toLowerCase() === 'websocket') {
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('message', (data: Buffer) => {
          if (data[0] === 0) ws.send(Buffer.concat([Buffer.from([1]), data.subarray(1)]));
          else if (data[0] === 0xff && data[1] === 0) {
            ws.send(Buffer.concat([Buffer.from([3]), Buffer.from('{"metadata":{},"status":"Success"}')]));
            ws.close(1000);
          }
        });
      });
      return;
    }
    // SPDY: answer with the first protocol version offered, then echo raw bytes.
    const version = req.headersDistinct['x-stream-protocol-version']?.[0] ?? '';
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
        `X-Stream-Protocol-Version: ${version}\r\n\r\n`,
    );
    if (head.length > 0) socket.write(head);
    socket.on('data', (chunk: Buffer) => socket.write(chunk));
    socket.on('end', () => socket.end());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    calls,
    emitLogLine: (line) => {
      for (const res of followers) res.write(`${line}\n`);
    },
    openFollowers: () => followers.size,
    close: async () => {
      for (const res of followers) res.end();
      for (const socket of sockets) socket.destroy();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
