// SPDY/3.1 framing (draft 3.1, section 2.2 and 2.6): an 8-byte header, then the payload. Control
// frames: [1][15-bit version=3][16-bit type][8-bit flags][24-bit length]; data frames:
// [0][31-bit stream id][8-bit flags][24-bit length]. Header blocks travel here still compressed;
// the connection owns the zlib contexts because they span frames. Pure code, no I/O.

/** Frame flags. */
export const spdyFlags = { fin: 0x01, unidirectional: 0x02, clearSettings: 0x01 } as const;

/** RST_STREAM status codes (section 2.6.3). */
export const spdyRstStatus = {
  protocolError: 1,
  invalidStream: 2,
  refusedStream: 3,
  unsupportedVersion: 4,
  cancel: 5,
  internalError: 6,
  flowControlError: 7,
  streamInUse: 8,
  streamAlreadyClosed: 9,
  frameTooLarge: 11,
} as const;

/** GOAWAY status codes (section 2.6.6). */
export const spdyGoAwayStatus = { ok: 0, protocolError: 1, internalError: 2 } as const;

/** The largest payload a frame can carry (24-bit length). */
export const spdyMaxPayload = 0xffffff;

/** One SPDY/3.1 frame; `headerBlock` fields are compressed blocks. */
export type SpdyFrame =
  | { type: 'data'; streamId: number; fin: boolean; data: Buffer }
  | {
      type: 'syn_stream';
      streamId: number;
      associatedStreamId: number;
      priority: number;
      slot: number;
      fin: boolean;
      unidirectional: boolean;
      headerBlock: Buffer;
    }
  | { type: 'syn_reply'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; clear: boolean; entries: readonly SpdySetting[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; fin: boolean; headerBlock: Buffer }
  | { type: 'window_update'; streamId: number; delta: number }
  | { type: 'unknown'; controlType: number; flags: number; payload: Buffer };

/** One SETTINGS entry. */
export interface SpdySetting {
  readonly flags: number;
  readonly id: number;
  readonly value: number;
}

/** Bytes that are not valid SPDY/3 framing: the connection must go away. */
export class SpdyProtocolError extends Error {}

const controlTypes = {
  syn_stream: 1,
  syn_reply: 2,
  rst_stream: 3,
  settings: 4,
  ping: 6,
  goaway: 7,
  headers: 8,
  window_update: 9,
} as const;

const mask31 = 0x7fffffff;

/** Serialises one frame; throws RangeError when its payload exceeds 2^24-1 bytes. */
export function encodeSpdyFrame(frame: SpdyFrame): Buffer {
  if (frame.type === 'data') {
    return withHeader((h) => {
      h.writeUInt32BE(frame.streamId & mask31, 0);
      h[4] = frame.fin ? spdyFlags.fin : 0;
    }, frame.data);
  }
  let type: number;
  let flags = 0;
  let payload: Buffer;
  switch (frame.type) {
    case 'syn_stream': {
      type = controlTypes.syn_stream;
      flags = (frame.fin ? spdyFlags.fin : 0) | (frame.unidirectional ? spdyFlags.unidirectional : 0);
      const fixed = Buffer.alloc(10);
      fixed.writeUInt32BE(frame.streamId & mask31, 0);
      fixed.writeUInt32BE(frame.associatedStreamId & mask31, 4);
      fixed[8] = (frame.priority & 0x07) << 5;
      fixed[9] = frame.slot & 0xff;
      payload = Buffer.concat([fixed, frame.headerBlock]);
      break;
    }
    case 'syn_reply':
    case 'headers':
      type = controlTypes[frame.type];
      flags = frame.fin ? spdyFlags.fin : 0;
      payload = Buffer.concat([u32(frame.streamId & mask31), frame.headerBlock]);
      break;
    case 'rst_stream':
      type = controlTypes.rst_stream;
      payload = Buffer.concat([u32(frame.streamId & mask31), u32(frame.status)]);
      break;
    case 'settings': {
      type = controlTypes.settings;
      flags = frame.clear ? spdyFlags.clearSettings : 0;
      payload = Buffer.alloc(4 + 8 * frame.entries.length);
      payload.writeUInt32BE(frame.entries.length, 0);
      frame.entries.forEach((e, i) => {
        payload.writeUInt32BE(((e.flags & 0xff) << 24) | (e.id & 0xffffff), 4 + 8 * i);
        payload.writeUInt32BE(e.value >>> 0, 8 + 8 * i);
      });
      break;
    }
    case 'ping':
      type = controlTypes.ping;
      payload = u32(frame.id >>> 0);
      break;
    case 'goaway':
      type = controlTypes.goaway;
      payload = Buffer.concat([u32(frame.lastGoodStreamId & mask31), u32(frame.status)]);
      break;
    case 'window_update':
      type = controlTypes.window_update;
      payload = Buffer.concat([u32(frame.streamId & mask31), u32(frame.delta & mask31)]);
      break;
    case 'unknown':
      type = frame.controlType;
      flags = frame.flags;
      payload = frame.payload;
      break;
  }
  return withHeader((h) => {
    h.writeUInt16BE(0x8000 | 3, 0);
    h.writeUInt16BE(type, 2);
    h[4] = flags;
  }, payload);
}

function withHeader(fill: (header: Buffer) => void, payload: Buffer): Buffer {
  if (payload.length > spdyMaxPayload) throw new RangeError(`SPDY frame payload of ${payload.length} bytes`);
  const out = Buffer.allocUnsafe(8 + payload.length);
  fill(out);
  out.writeUIntBE(payload.length, 5, 3);
  payload.copy(out, 8);
  return out;
}

/**
 * Incremental frame parser: feed it the connection's bytes in slices of any size (a WebSocket
 * tunnel splits frames arbitrarily) and it returns every frame completed so far.
 */
export class SpdyFrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Adds bytes; returns the frames they complete. Throws SpdyProtocolError on bad framing. */
  push(chunk: Buffer): SpdyFrame[] {
    if (chunk.length > 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    }
    const frames: SpdyFrame[] = [];
    for (;;) {
      if (this.pendingBytes < 8) break;
      const header = this.peek(8);
      const length = header.readUIntBE(5, 3);
      if (this.pendingBytes < 8 + length) break;
      const whole = this.take(8 + length);
      frames.push(decodeFrame(whole.subarray(0, 8), whole.subarray(8)));
    }
    return frames;
  }

  /** Bytes received but not yet forming a whole frame. */
  get buffered(): number {
    return this.pendingBytes;
  }

  private peek(n: number): Buffer {
    const first = this.pending[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    const joined = Buffer.concat(this.pending);
    this.pending = [joined];
    return joined.subarray(0, n);
  }

  private take(n: number): Buffer {
    const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const out = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes -= n;
    return out;
  }
}

function decodeFrame(header: Buffer, payload: Buffer): SpdyFrame {
  const flags = header[4]!;
  if ((header[0]! & 0x80) === 0) {
    return {
      type: 'data',
      streamId: header.readUInt32BE(0) & mask31,
      fin: (flags & spdyFlags.fin) !== 0,
      data: payload,
    };
  }
  const version = header.readUInt16BE(0) & 0x7fff;
  if (version !== 3) throw new SpdyProtocolError(`unsupported SPDY version ${version}`);
  const type = header.readUInt16BE(2);
  const need = (n: number, what: string) => {
    if (payload.length < n) throw new SpdyProtocolError(`${what} frame too short (${payload.length} bytes)`);
  };
  const fin = (flags & spdyFlags.fin) !== 0;
  switch (type) {
    case controlTypes.syn_stream:
      need(10, 'SYN_STREAM');
      return {
        type: 'syn_stream',
        streamId: payload.readUInt32BE(0) & mask31,
        associatedStreamId: payload.readUInt32BE(4) & mask31,
        priority: payload[8]! >> 5,
        slot: payload[9]!,
        fin,
        unidirectional: (flags & spdyFlags.unidirectional) !== 0,
        headerBlock: payload.subarray(10),
      };
    case controlTypes.syn_reply:
    case controlTypes.headers:
      need(4, type === controlTypes.syn_reply ? 'SYN_REPLY' : 'HEADERS');
      return {
        type: type === controlTypes.syn_reply ? 'syn_reply' : 'headers',
        streamId: payload.readUInt32BE(0) & mask31,
        fin,
        headerBlock: payload.subarray(4),
      };
    case controlTypes.rst_stream:
      need(8, 'RST_STREAM');
      return {
        type: 'rst_stream',
        streamId: payload.readUInt32BE(0) & mask31,
        status: payload.readUInt32BE(4),
      };
    case controlTypes.settings: {
      need(4, 'SETTINGS');
      const count = payload.readUInt32BE(0);
      need(4 + 8 * count, 'SETTINGS');
      const entries: SpdySetting[] = [];
      for (let i = 0; i < count; i++) {
        const word = payload.readUInt32BE(4 + 8 * i);
        entries.push({ flags: word >>> 24, id: word & 0xffffff, value: payload.readUInt32BE(8 + 8 * i) });
      }
      return { type: 'settings', clear: (flags & spdyFlags.clearSettings) !== 0, entries };
    }
    case controlTypes.ping:
      need(4, 'PING');
      return { type: 'ping', id: payload.readUInt32BE(0) };
    case controlTypes.goaway:
      need(8, 'GOAWAY');
      return {
        type: 'goaway',
        lastGoodStreamId: payload.readUInt32BE(0) & mask31,
        status: payload.readUInt32BE(4),
      };
    case controlTypes.window_update:
      need(8, 'WINDOW_UPDATE');
      return {
        type: 'window_update',
        streamId: payload.readUInt32BE(0) & mask31,
        delta: payload.readUInt32BE(4) & mask31,
      };
    default:
      // NOOP (5) and CREDENTIAL (10) and anything newer: ignorable, per the spec.
      return { type: 'unknown', controlType: type, flags, payload };
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
