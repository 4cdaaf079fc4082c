import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeDuration,
  decodeIntOrString,
  decodeMicroTime,
  decodeQuantity,
  decodeTime,
  formatGoDuration,
} from './well-known.js';
import { bField, message, vField } from './wire-writer.js';

describe('well-known types', () => {
  it('Time: RFC 3339 UTC to the second (nanos dropped); the empty message is the zero time', () => {
    assert.equal(decodeTime(message(vField(1, 1735689600), vField(2, 999_000_000))), '2025-01-01T00:00:00Z');
    assert.equal(decodeTime(message(vField(1, 0))), '1970-01-01T00:00:00Z');
    assert.equal(decodeTime(message(vField(1, -1))), '1969-12-31T23:59:59Z');
    assert.equal(decodeTime(new Uint8Array(0)), undefined);
  });

  it('MicroTime: six fractional digits, truncated to microseconds', () => {
    assert.equal(
      decodeMicroTime(message(vField(1, 1735689600), vField(2, 123_456_789))),
      '2025-01-01T00:00:00.123456Z',
    );
    assert.equal(decodeMicroTime(message(vField(1, 1735689600))), '2025-01-01T00:00:00.000000Z');
    assert.equal(decodeMicroTime(new Uint8Array(0)), undefined);
  });

  it("Duration: Go's time.Duration text", () => {
    const cases: [bigint, string][] = [
      [0n, '0s'],
      [1n, '1ns'],
      [1_500n, '1.5µs'],
      [2_000_000n, '2ms'],
      [1_500_000_000n, '1.5s'],
      [90_000_000_000n, '1m30s'],
      [3_600_000_000_000n, '1h0m0s'],
      [3_600_500_000_000n, '1h0m0.5s'],
      [-5_000_000_000n, '-5s'],
    ];
    for (const [ns, text] of cases) assert.equal(formatGoDuration(ns), text, String(ns));
    assert.equal(decodeDuration(message(vField(1, 300_000_000_000))), '5m0s');
    assert.equal(decodeDuration(new Uint8Array(0)), '0s');
  });

  it('Quantity: its string; the zero Quantity is "0"', () => {
    assert.equal(decodeQuantity(message(bField(1, '500m'))), '500m');
    assert.equal(decodeQuantity(new Uint8Array(0)), '0');
  });

  it('IntOrString: a number for type 0, a string for type 1', () => {
    assert.equal(decodeIntOrString(message(vField(1, 0), vField(2, 8080), bField(3, ''))), 8080);
    assert.equal(decodeIntOrString(message(vField(1, 1), vField(2, 0), bField(3, '50%'))), '50%');
    assert.equal(decodeIntOrString(message(vField(1, 0), vField(2, -1))), -1);
    assert.equal(decodeIntOrString(new Uint8Array(0)), 0);
  });
});
