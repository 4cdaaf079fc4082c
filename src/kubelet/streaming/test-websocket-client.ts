// Test support: a minimal WebSocket client that, unlike `ws`, accepts any subprotocol name (kubectl's
// "SPDY/3.1+portforward.k8s.io" is not an HTTP token) and can cut what it sends into arbitrary
// binary messages, the way client-go's tunnel writes each SPDY frame field as its own message.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** Options of connectTestWebSocket. */
export interface TestWebSocketOptions {
  /** Cuts every write into messages of these sizes (cycled); 0 adds an empty message. */
  readonly messageSizes?: readonly number[];
}

/** An open test WebSocket as a byte stream of its binary messages, plus its subprotocol. */
export interface TestWebSocket {
  readonly stream: Duplex;
  readonly protocol: string;
}

/** Opens a WebSocket to `url` offering `protocol`; the Duplex carries binary message payloads. */
export function connectTestWebSocket(
  url: string,
  protocol: string,
  options: TestWebSocketOptions = {},
): Promise<TestWebSocket> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        'Sec-WebSocket-Protocol': protocol,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => reject(new Error(`no upgrade: HTTP ${res.statusCode}`)));
    req.on('upgrade', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
      resolve({
        stream: messageStream(socket, head, options.messageSizes ?? []),
        protocol: String(res.headers['sec-websocket-protocol'] ?? ''),
      });
    });
    req.end();
  });
}

function messageStream(socket: Socket, head: Buffer, sizes: readonly number[]): Duplex {
  let pending = head;
  let cycle = 0;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stream.push(null);
  };
  const sendFrame = (opcode: number, payload: Buffer) => socket.write(maskedFrame(opcode, payload));
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      let at = 0;
      while (at < chunk.length) {
        const size = sizes.length === 0 ? chunk.length : sizes[cycle++ % sizes.length]!;
        sendFrame(2, chunk.subarray(at, at + size));
        at += size;
      }
      callback();
    },
    final(callback) {
      sendFrame(8, Buffer.from([0x03, 0xe8]));
      callback();
    },
    destroy(err, callback) {
      socket.destroy();
      callback(err);
    },
  });
  const parse = () => {
    for (;;) {
      if (pending.length < 2) return;
      const opcode = pending[0]! & 0x0f;
      let length = pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      if (pending.length < offset + length) return;
      const payload = pending.subarray(offset, offset + length);
      pending = pending.subarray(offset + length);
      if (opcode === 2 && payload.length > 0 && !ended) stream.push(payload);
      else if (opcode === 9) sendFrame(10, payload);
      else if (opcode === 8) {
        sendFrame(8, payload.subarray(0, 2));
        socket.end();
        end();
      }
    }
  };
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    parse();
  });
  socket.on('close', end);
  parse();
  return stream;
}

function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const header =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | payload.length])
      : payload.length < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, payload.length >> 8, payload.length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), u64(payload.length)]);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
