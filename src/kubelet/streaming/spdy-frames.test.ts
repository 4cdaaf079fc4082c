// SPDY/3.1 framing: every frame type survives encode → parse, the reader reassembles frames from
// slices of any size (one byte at a time, as a WebSocket tunnel may deliver them), and bytes from
// the real kubectl parse as the frames they are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeSpdyFrame, SpdyFrameReader, SpdyProtocolError, type SpdyFrame } from './spdy-frames.js';

const frames: SpdyFrame[] = [
  { type: 'data', streamId: 3, fin: false, data: Buffer.from('hello') },
  { type: 'data', streamId: 0x7fffffff, fin: true, data: Buffer.alloc(0) },
  {
    type: 'syn_stream',
    streamId: 1,
    associatedStreamId: 0,
    priority: 7,
    slot: 2,
    fin: false,
    unidirectional: true,
    headerBlock: Buffer.from([1, 2, 3]),
  },
  { type: 'syn_reply', streamId: 2, fin: true, headerBlock: Buffer.from([9, 8]) },
  { type: 'rst_stream', streamId: 5, status: 5 },
  { type: 'settings', clear: true, entries: [{ flags: 1, id: 7, value: 65536 }] },
  { type: 'ping', id: 0xfffffffe },
  { type: 'goaway', lastGoodStreamId: 9, status: 1 },
  { type: 'headers', streamId: 7, fin: false, headerBlock: Buffer.from([4]) },
  { type: 'window_update', streamId: 3, delta: 4096 },
  { type: 'unknown', controlType: 10, flags: 0, payload: Buffer.from([0, 1]) },
];

test('every frame type round-trips through encode and the reader', () => {
  const reader = new SpdyFrameReader();
  for (const frame of frames) assert.deepEqual(reader.push(encodeSpdyFrame(frame)), [frame]);
  assert.equal(reader.buffered, 0);
});

test('frames split into single bytes and glued together come out whole and in order', () => {
  const bytes = Buffer.concat(frames.map(encodeSpdyFrame));
  const oneByOne = new SpdyFrameReader();
  const parsed: SpdyFrame[] = [];
  for (const b of bytes) parsed.push(...oneByOne.push(Buffer.from([b])));
  assert.deepEqual(parsed, frames);
  assert.deepEqual(new SpdyFrameReader().push(bytes), frames);
});

test('kubectl 1.32 port-forward bytes: a SYN_STREAM for stream 1, then its PING', () => {
  // Captured from `kubectl port-forward` (raw SPDY fallback): the first frame split across two
  // reads exactly as it arrived, then the keep-alive PING.
  const reader = new SpdyFrameReader();
  assert.deepEqual(reader.push(Buffer.from('800300010000003e000000010000000000', 'hex')), []);
  const [syn] = reader.push(
    Buffer.from(
      '0078f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45e01c60616061c0c0c0c0590489c64c50f2663400000000ffff',
      'hex',
    ),
  );
  assert.equal(syn?.type, 'syn_stream');
  assert.deepEqual(
    syn?.type === 'syn_stream' && [syn.streamId, syn.associatedStreamId, syn.fin, syn.headerBlock.length],
    [1, 0, false, 52],
  );
  assert.deepEqual(reader.push(Buffer.from('800300060000000400000001', 'hex')), [{ type: 'ping', id: 1 }]);
});

test('a control frame of another SPDY version is a protocol error', () => {
  const ping = encodeSpdyFrame({ type: 'ping', id: 1 });
  ping.writeUInt16BE(0x8002, 0);
  assert.throws(() => new SpdyFrameReader().push(ping), SpdyProtocolError);
});

test('a payload longer than 24 bits cannot be encoded', () => {
  assert.throws(
    () => encodeSpdyFrame({ type: 'data', streamId: 1, fin: false, data: Buffer.alloc(1 << 24) }),
    RangeError,
  );
});
