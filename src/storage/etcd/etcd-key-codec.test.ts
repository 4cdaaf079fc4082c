import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytePrefixEnd, EtcdKeyCodec } from './etcd-key-codec.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('bytePrefixEnd', () => {
  it('increments the last byte below 0xff and drops the rest', () => {
    assert.equal(hex(bytePrefixEnd(Buffer.from('/a/'))), hex(Buffer.from('/a0')));
    assert.equal(hex(bytePrefixEnd(Buffer.from([0x61, 0xff, 0xff]))), '62');
  });

  it('is etcd\'s "no upper bound" when every byte is 0xff', () => {
    assert.equal(hex(bytePrefixEnd(Buffer.from([0xff, 0xff]))), '00');
  });
});

describe('EtcdKeyCodec', () => {
  it('prefixes keys with the root and strips it again', () => {
    const codec = new EtcdKeyCodec('/root');
    assert.equal(codec.encode('/k').toString(), '/root/k');
    assert.equal(codec.decodeKey(Buffer.from('/root/ключ')), '/ключ');
    const range = codec.prefixRange('/a/');
    assert.equal(range.key.toString(), '/root/a/');
    assert.equal(range.rangeEnd.toString(), '/root/a0');
  });

  it('ranges over every key for the empty prefix without a root', () => {
    const range = new EtcdKeyCodec('').prefixRange('');
    assert.equal(hex(range.key), '00');
    assert.equal(hex(range.rangeEnd), '00');
  });

  it('decodes values as plain Uint8Arrays and revisions as numbers', () => {
    const kv = new EtcdKeyCodec('/r').decode({
      key: Buffer.from('/r/k'),
      value: Buffer.from('v'),
      create_revision: '3',
      mod_revision: '7',
      version: '2',
      lease: '0',
    });
    assert.deepStrictEqual(kv, {
      key: '/k',
      value: new Uint8Array([0x76]),
      createRevision: 3,
      modRevision: 7,
    });
  });

  it('refuses a root containing NUL', () => {
    assert.throws(() => new EtcdKeyCodec('/a\0'), /NUL/);
  });
});
