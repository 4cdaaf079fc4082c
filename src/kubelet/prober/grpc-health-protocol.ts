// The gRPC health checking protocol (grpc.health.v1), written by hand: one unary method and two
// one-field messages do not justify a .proto toolchain. The wire format is protobuf's:
//   message HealthCheckRequest  { string service = 1; }
//   message HealthCheckResponse { ServingStatus status = 1; }
//   enum ServingStatus { UNKNOWN = 0; SERVING = 1; NOT_SERVING = 2; SERVICE_UNKNOWN = 3; }
import type { ServiceDefinition } from '@grpc/grpc-js';

/** grpc.health.v1.HealthCheckRequest. */
export interface HealthCheckRequest {
  readonly service: string;
}

/** grpc.health.v1.HealthCheckResponse; `status` is the ServingStatus number. */
export interface HealthCheckResponse {
  readonly status: number;
}

/** The full method name the kubelet calls. */
export const healthCheckPath = '/grpc.health.v1.Health/Check';

const servingStatusNames = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

/** ServingStatus numbers by name. */
export const servingStatus = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;

/** The enum name Go prints for a ServingStatus (the number itself when unknown). */
export function servingStatusName(status: number): string {
  return servingStatusNames[status] ?? String(status);
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** Walks a message's fields, calling `onField` with numbers and their varint or bytes payloads. */
function readFields(buf: Buffer, onField: (field: number, value: number | Buffer) => void): void {
  let i = 0;
  const readVarint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++]!;
      // Bits above 2^53 cannot matter for one-field messages; keep the arithmetic in doubles.
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    switch (key % 8) {
      case 0:
        onField(field, readVarint());
        break;
      case 1:
        i += 8;
        break;
      case 2: {
        const len = readVarint();
        onField(field, buf.subarray(i, i + len));
        i += len;
        break;
      }
      case 5:
        i += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${key % 8}`);
    }
  }
}

/** Encodes a HealthCheckRequest (an empty service is omitted, as proto3 does). */
export function encodeHealthCheckRequest(req: HealthCheckRequest): Buffer {
  if (req.service === '') return Buffer.alloc(0);
  const bytes = Buffer.from(req.service, 'utf8');
  return Buffer.concat([Buffer.from([0x0a, ...varint(bytes.length)]), bytes]);
}

/** Decodes a HealthCheckRequest. */
export function decodeHealthCheckRequest(buf: Buffer): HealthCheckRequest {
  let service = '';
  readFields(buf, (field, value) => {
    if (field === 1 && Buffer.isBuffer(value)) service = value.toString('utf8');
  });
  return { service };
}

/** Encodes a HealthCheckResponse. */
export function encodeHealthCheckResponse(res: HealthCheckResponse): Buffer {
  return res.status === 0 ? Buffer.alloc(0) : Buffer.from([0x08, ...varint(res.status)]);
}

/** Decodes a HealthCheckResponse. */
export function decodeHealthCheckResponse(buf: Buffer): HealthCheckResponse {
  let status = 0;
  readFields(buf, (field, value) => {
    if (field === 1 && typeof value === 'number') status = value;
  });
  return { status };
}

/** The Health service with only Check, for a grpc-js Server (tests and fakes serve it). */
export const healthServiceDefinition: ServiceDefinition = {
  Check: {
    path: healthCheckPath,
    requestStream: false,
    responseStream: false,
    requestSerialize: (req: HealthCheckRequest) => encodeHealthCheckRequest(req),
    requestDeserialize: (buf: Buffer) => decodeHealthCheckRequest(buf),
    responseSerialize: (res: HealthCheckResponse) => encodeHealthCheckResponse(res),
    responseDeserialize: (buf: Buffer) => decodeHealthCheckResponse(buf),
  },
};
