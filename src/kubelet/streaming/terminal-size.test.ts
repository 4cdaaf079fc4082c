// Resize events as upstream's json.Decoder reads them: objects split across messages or packed
// into one, field names matched case-insensitively, and nothing more after a malformed value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeTerminalSize, TerminalSizeDecoder, type TerminalSize } from './terminal-size.js';

test('split, packed and differently-cased objects each give one size; garbage stops the stream', () => {
  const sizes: TerminalSize[] = [];
  const decoder = new TerminalSizeDecoder((s) => sizes.push(s));
  decoder.push(Buffer.from('{"Width":80,'));
  decoder.push(Buffer.from('"Height":24}\n{"width":100,"height":30} {"Width"'));
  decoder.push(Buffer.from(':7,"Height":8,"note":"}{"}'));
  decoder.push(Buffer.from('nonsense {"Width":1,"Height":1}'));
  assert.deepEqual(sizes, [
    { width: 80, height: 24 },
    { width: 100, height: 30 },
    { width: 7, height: 8 },
  ]);
});

test('sizes are written as client-go encodes them', () => {
  assert.equal(encodeTerminalSize({ width: 132, height: 43 }).toString(), '{"Width":132,"Height":43}\n');
});
