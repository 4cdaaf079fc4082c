import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote } from './go-quote.js';

describe('goQuote', () => {
  const cases: [string, string][] = [
    ['', '""'],
    ['web', '"web"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
    ['\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'],
    ['\x07\x08\x0c\r\x0b', '"\\a\\b\\f\\r\\v"'],
    ['héllo wörld', '"héllo wörld"'],
    ['日本', '"日本"'],
    ['\u00a0', '"\\u00a0"'],
    ['\u200b', '"\\u200b"'],
    ['😀', '"😀"'],
    ['\u{e0001}', '"\\U000e0001"'],
    ['\ud800', '"\ufffd"'],
  ];
  for (const [input, quoted] of cases) {
    it(`quotes ${JSON.stringify(input)}`, () => assert.equal(goQuote(input), quoted));
  }
});
