import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mayRepeatKeys } from './duplicate-key-check.js';

const check = (text: string): boolean => mayRepeatKeys(text, JSON.parse(text));

describe('the duplicate-key pre-check', () => {
  it('clears bodies without repeated keys, whatever their strings hold', () => {
    assert.equal(check('{"a":1,"b":{"c":[{"d":":"},{"d":"\\":"}],"e":{}}}'), false);
    assert.equal(check('{"k\\\\":"v\\\\","x":"a:b","y":[1,2,{"z":null}]}'), false);
    assert.equal(check('[{"a":1},{"a":1}]'), false);
    assert.equal(check('"just:a string"'), false);
  });

  it('flags a key repeated at any depth, also in arrays and under escapes', () => {
    assert.equal(check('{"a":1,"a":2}'), true);
    assert.equal(check('{"a":{"b":[{"c":1,"c":1}]}}'), true);
    assert.equal(check('{"a\\"b":1,"a\\u0022b":2}'), true);
  });

  it('sends values nested too deep to count to the scan', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    assert.equal(check(deep), true);
  });
});
