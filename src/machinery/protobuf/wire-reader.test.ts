import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufDecodeError } from './protobuf-error.js';
import { WireReader } from './wire-reader.js';
import { bField, dField, message, varint, vField } from './wire-writer.js';

describe('WireReader', () => {
  it('reads varints up to 64 bits, including a negative int64 as ten bytes', () => {
    for (const v of [0n, 1n, 127n, 128n, 300n, 2n ** 53n, 2n ** 64n - 1n]) {
      assert.equal(new WireReader(varint(v)).varint(), v);
    }
    const minusOne = varint(-1);
    assert.equal(minusOne.length, 10);
    assert.equal(BigInt.asIntN(64, new WireReader(minusOne).varint()), -1n);
  });

  it('reads keys, length-delimited values and doubles, and knows when it is done', () => {
    const r = new WireReader(message(bField(1, 'hi'), vField(2, 7), dField(3, 1.5)));
    assert.deepEqual(r.key('M'), { field: 1, wire: 2 });
    assert.equal(Buffer.from(r.bytes()).toString(), 'hi');
    assert.deepEqual(r.key('M'), { field: 2, wire: 0 });
    assert.equal(r.varint(), 7n);
    assert.deepEqual(r.key('M'), { field: 3, wire: 1 });
    assert.equal(r.fixed64Double(), 1.5);
    assert.equal(r.done(), true);
  });

  it('skips values of every supported wire type', () => {
    const r = new WireReader(
      message(vField(1, 300), dField(2, 2), bField(3, 'x'), Uint8Array.of(0x25, 1, 2, 3, 4)),
    );
    for (let i = 0; i < 4; i++) r.skip(r.key('M').wire);
    assert.equal(r.done(), true);
  });

  it('fails as gogo does on truncated, oversized and malformed input', () => {
    const cases: [Uint8Array, (r: WireReader) => unknown, string][] = [
      [Uint8Array.of(0x80), (r) => r.varint(), 'unexpected EOF'],
      [new Uint8Array(11).fill(0xff), (r) => r.varint(), 'proto: integer overflow'],
      [Uint8Array.of(0x05, 0x61), (r) => r.bytes(), 'unexpected EOF'],
      [Uint8Array.of(1, 2, 3), (r) => r.fixed64Double(), 'unexpected EOF'],
      [Uint8Array.of(0x08), (r) => r.skip(r.key('M').wire), 'unexpected EOF'],
      [Uint8Array.of(0x00), (r) => r.key('ConfigMap'), 'proto: ConfigMap: illegal tag 0 (wire type 0)'],
      [Uint8Array.of(0x0c), (r) => r.key('ConfigMap'), 'proto: ConfigMap: wiretype end group for non-group'],
      [Uint8Array.of(0x0b), (r) => r.skip(r.key('M').wire), 'proto: illegal wireType 3'],
      [
        message(Uint8Array.of(0x0a), varint(2n ** 63n)),
        (r) => r.key('M') && r.bytes(),
        'proto: negative length found during unmarshaling',
      ],
    ];
    for (const [bytes, read, message] of cases) {
      assert.throws(
        () => read(new WireReader(bytes)),
        (err: unknown) => {
          assert.ok(err instanceof ProtobufDecodeError);
          assert.equal(err.message, message);
          return true;
        },
      );
    }
  });

  it('reads from a subarray without looking outside it', () => {
    const outer = message(bField(1, 'abc'), vField(2, 9));
    const r = new WireReader(outer.subarray(2, 5));
    assert.equal(r.varint(), 0x61n);
    assert.equal(r.varint(), 0x62n);
    assert.equal(r.varint(), 0x63n);
    assert.equal(r.done(), true);
  });
});
