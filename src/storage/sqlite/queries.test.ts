import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8PrefixEnd } from './queries.js';

describe('utf8PrefixEnd', () => {
  it('bumps the last code point', () => {
    assert.equal(utf8PrefixEnd('/a/'), '/a0');
    assert.equal(utf8PrefixEnd('é'), 'ê');
  });

  it('has no bound for the empty prefix or one made only of the largest code point', () => {
    assert.equal(utf8PrefixEnd(''), undefined);
    assert.equal(utf8PrefixEnd('\u{10FFFF}\u{10FFFF}'), undefined);
  });

  it('drops trailing largest code points and skips the surrogate range', () => {
    assert.equal(utf8PrefixEnd('a\u{10FFFF}'), 'b');
    assert.equal(utf8PrefixEnd('a\uD7FF'), 'a\uE000');
  });

  it('orders like UTF-8 bytes, where astral characters sort above U+FFFF (unlike UTF-16)', () => {
    const bound = utf8PrefixEnd('\uFFFF')!;
    assert.equal(bound, '\u{10000}');
    const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
    assert.ok(Buffer.compare(utf8('\uFFFFz'), utf8(bound)) < 0);
    assert.ok(Buffer.compare(utf8('\u{1F600}'), utf8(bound)) >= 0);
  });
});
