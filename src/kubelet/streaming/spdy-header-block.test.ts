// SPDY/3 header blocks: the preset dictionary is byte-identical to the one Go's spdystream (used by
// kubectl and containerd) and npm spdy-transport ship; blocks compressed by kubectl decompress with
// one context per direction; ours round-trip through a fresh context on the other side.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { spdyHeaderDictionary } from './spdy-dictionary.js';
import {
  parseHeaderBlock,
  serializeHeaderBlock,
  SpdyHeaderBlockError,
  SpdyHeaderCompressor,
  SpdyHeaderDecompressor,
} from './spdy-header-block.js';

test('the dictionary is the 1423 bytes Go spdystream and spdy-transport use', () => {
  assert.equal(spdyHeaderDictionary.length, 1423);
  // SHA-256 of github.com/moby/spdystream spdy/dictionary.go's headerDictionary (checked byte for
  // byte against it when this file was written; spdy-transport's copy is the same bytes).
  assert.equal(
    createHash('sha256').update(spdyHeaderDictionary).digest('hex'),
    '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02',
  );
  assert.equal(spdyHeaderDictionary.subarray(0, 11).toString('latin1'), '\0\0\0\u0007options');
  assert.match(spdyHeaderDictionary.toString('latin1'), /charset=iso-8859-1,utf-,\*,enq=0\.$/);
});

test('blocks compressed by kubectl decompress in sequence with one context', async () => {
  // The header blocks of kubectl 1.32's first two SYN_STREAMs (error stream 1, data stream 3);
  // the second only decodes with the state the first left (zlib dictionary id e3c6a7c2 = ours).
  const decompressor = new SpdyHeaderDecompressor();
  try {
    const first = await decompressor.decompress(
      Buffer.from(
        '78f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45e01c60616061c0c0c0c0590489c64c50f2663400000000ffff',
        'hex',
      ),
    );
    assert.deepEqual(first, { port: '8080', requestid: '0', streamtype: 'error' });
    const second = await decompressor.decompress(Buffer.from('c2aa19540e2512d60b000000ffff', 'hex'));
    assert.deepEqual(second, { port: '8080', requestid: '0', streamtype: 'data' });
  } finally {
    decompressor.close();
  }
});

test('our blocks decompress on the other side, block after block, and compress well', async () => {
  const compressor = new SpdyHeaderCompressor();
  const decompressor = new SpdyHeaderDecompressor();
  try {
    const headers: Record<string, string>[] = [
      { streamtype: 'error', port: '80', requestid: '0' },
      { streamtype: 'data', port: '80', requestid: '0' },
      {},
      { 'x-multi': 'a\0b', unicode: 'grüße' },
    ];
    const sizes: number[] = [];
    for (const h of headers) {
      const block = await compressor.compress(h);
      sizes.push(block.length);
      assert.deepEqual(await decompressor.decompress(block), h);
    }
    // The second block repeats the first almost entirely: the shared context makes it tiny.
    assert.ok(sizes[1]! < sizes[0]! / 2, `sizes ${sizes.join(',')}`);
  } finally {
    compressor.close();
    decompressor.close();
  }
});

test('the uncompressed layout is count, then length-prefixed lower-case names and values', () => {
  const block = serializeHeaderBlock({ StreamType: 'data' });
  assert.equal(
    block.toString('hex'),
    '00000001' +
      '0000000a' +
      Buffer.from('streamtype').toString('hex') +
      '00000004' +
      Buffer.from('data').toString('hex'),
  );
  assert.deepEqual(parseHeaderBlock(block), { streamtype: 'data' });
  assert.throws(() => parseHeaderBlock(block.subarray(0, block.length - 1)), SpdyHeaderBlockError);
});

test('a corrupt compressed block is a header block error', async () => {
  const decompressor = new SpdyHeaderDecompressor();
  try {
    await assert.rejects(decompressor.decompress(Buffer.from('not zlib at all')), SpdyHeaderBlockError);
  } finally {
    decompressor.close();
  }
});
