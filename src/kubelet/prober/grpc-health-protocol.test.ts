import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeHealthCheckRequest,
  decodeHealthCheckResponse,
  encodeHealthCheckRequest,
  encodeHealthCheckResponse,
  servingStatusName,
} from './grpc-health-protocol.js';

test('health messages use protobuf’s wire format', () => {
  assert.deepEqual([...encodeHealthCheckRequest({ service: 'db' })], [0x0a, 2, 0x64, 0x62]);
  assert.equal(encodeHealthCheckRequest({ service: '' }).length, 0);
  assert.deepEqual(decodeHealthCheckRequest(encodeHealthCheckRequest({ service: 'x'.repeat(200) })), {
    service: 'x'.repeat(200),
  });
  assert.deepEqual([...encodeHealthCheckResponse({ status: 2 })], [0x08, 2]);
  // Unknown fields (here a string field 7) are skipped.
  assert.deepEqual(decodeHealthCheckResponse(Buffer.from([0x3a, 1, 0x41, 0x08, 1])), { status: 1 });
  assert.deepEqual(decodeHealthCheckResponse(Buffer.alloc(0)), { status: 0 });
  assert.equal(servingStatusName(3), 'SERVICE_UNKNOWN');
  assert.equal(servingStatusName(9), '9');
});
