// A WebSocket as a plain byte stream, for SPDY tunnelled in WebSocket messages (kubectl's
// "SPDY/3.1+portforward.k8s.io", client-go's TunnelingConnection): every binary message is the
// next slice of the byte stream (any size, empty ones included) and every write goes out as one
// binary message. Ending the stream closes the WebSocket normally.
import { Duplex } from 'node:stream';
import { wsOpen, type WsSocket } from './ws-module.js';

/** Wraps an open WebSocket into a Duplex of the bytes its binary messages carry. */
export function webSocketByteStream(ws: WsSocket): Duplex {
  let paused = false;
  let ended = false;
  const stream = new Duplex({
    allowHalfOpen: false,
    read() {
      if (paused) {
        paused = false;
        ws.resume();
      }
    },
    write(chunk: Buffer, _encoding, callback) {
      if (ws.readyState !== wsOpen) {
        callback(new Error('websocket is closed'));
        return;
      }
      ws.send(chunk, { binary: true }, (err) => callback(err ?? null));
    },
    final(callback) {
      if (ws.readyState === wsOpen) ws.close(1000);
      callback();
    },
    destroy(err, callback) {
      if (ws.readyState === wsOpen) ws.close(1000);
      else ws.terminate();
      callback(err);
    },
  });
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.length === 0 || ended) return;
    if (!stream.push(data)) {
      paused = true;
      ws.pause();
    }
  });
  ws.on('close', () => {
    // EOF after whatever is still buffered; the reader then ends its side, which completes the stream.
    ended = true;
    stream.push(null);
  });
  ws.on('error', (err: Error) => stream.destroy(err));
  stream.on('error', () => undefined);
  return stream;
}
