import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSelector } from './parse-selector.js';
import { newRequirement, Requirement, type Labels } from './requirement.js';
import { LabelSelectorError } from './label-selector-error.js';
import { Selector } from './selector.js';

describe('Selector.matches', () => {
  const cases: [string, Labels | undefined, boolean][] = [
    ['', {}, true],
    ['', undefined, true],
    ['x=a', { x: 'a' }, true],
    ['x=a', { x: 'b' }, false],
    ['x=a', {}, false],
    ['x==a', { x: 'a', y: 'z' }, true],
    ['x!=a', { x: 'b' }, true],
    ['x!=a', { x: 'a' }, false],
    ['x!=a', {}, true],
    ['x', { x: '' }, true],
    ['x', { y: 'a' }, false],
    ['!x', { y: 'a' }, true],
    ['!x', { x: '' }, false],
    ['x in (a,b)', { x: 'b' }, true],
    ['x in (a,b)', { x: 'c' }, false],
    ['x in (a,b)', {}, false],
    ['x notin (a,b)', { x: 'c' }, true],
    ['x notin (a,b)', { x: 'a' }, false],
    ['x notin (a,b)', {}, true],
    ['x in (,a)', { x: '' }, true],
    ['x=', { x: '' }, true],
    ['x=', {}, false],
    ['x>1', { x: '2' }, true],
    ['x>1', { x: '1' }, false],
    ['x>1', { x: 'abc' }, false],
    ['x>1', {}, false],
    ['x<1', { x: '-5' }, true],
    ['x<1', { x: '+0' }, true],
    ['x>9223372036854775806', { x: '9223372036854775807' }, true],
    ['x>1', { x: '9223372036854775808' }, false],
    ['x>1', { x: ' 2' }, false],
    ['x=a,y=b', { x: 'a', y: 'b' }, true],
    ['x=a,y=b', { x: 'a' }, false],
    ['toString', { toString: 'v' }, true],
    ['toString', {}, false],
  ];
  for (const [selector, labels, expected] of cases) {
    it(`${JSON.stringify(selector)} on ${JSON.stringify(labels)} -> ${expected}`, () => {
      assert.equal(parseSelector(selector).matches(labels), expected);
    });
  }
});

describe('Selector', () => {
  it('everything and nothing', () => {
    assert.equal(Selector.everything().isEmpty(), true);
    assert.equal(Selector.everything().matches({ a: 'b' }), true);
    assert.equal(Selector.everything().toString(), '');
    assert.equal(Selector.nothing().isEmpty(), false);
    assert.equal(Selector.nothing().isNothing, true);
    assert.equal(Selector.nothing().matches({}), false);
    assert.equal(Selector.nothing().toString(), '');
    assert.equal(Selector.nothing().add(new Requirement('a', 'exists')).matches({ a: '' }), false);
    assert.equal(parseSelector('').isEmpty(), true);
    assert.equal(parseSelector('a').isEmpty(), false);
  });

  it('add keeps requirements sorted and leaves the original alone', () => {
    const base = parseSelector('m=1');
    const more = base.add(new Requirement('z', 'exists'), new Requirement('a', '!=', ['x']));
    assert.equal(more.toString(), 'a!=x,m=1,z');
    assert.equal(base.toString(), 'm=1');
  });

  it('requiresExactMatch', () => {
    const sel = parseSelector('a=1,b in (2),c in (3,4),d!=5,e==6');
    assert.equal(sel.requiresExactMatch('a'), '1');
    assert.equal(sel.requiresExactMatch('b'), '2');
    assert.equal(sel.requiresExactMatch('c'), undefined);
    assert.equal(sel.requiresExactMatch('d'), undefined);
    assert.equal(sel.requiresExactMatch('e'), '6');
    assert.equal(sel.requiresExactMatch('f'), undefined);
  });

  it('renders multi-value sets sorted without reordering the requirement', () => {
    const r = new Requirement('k', 'notin', ['b', 'a']);
    assert.equal(r.toString(), 'k notin (a,b)');
    assert.deepEqual(r.values, ['b', 'a']);
  });
});

describe('newRequirement', () => {
  const errors: [string, () => unknown, string][] = [
    [
      'empty in',
      () => newRequirement('k', 'in', []),
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'two values for =',
      () => newRequirement('k', '=', ['a', 'b']),
      'values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value',
    ],
    [
      'values for exists',
      () => newRequirement('k', 'exists', ['a']),
      'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist',
    ],
    [
      'two values for gt',
      () => newRequirement('k', 'gt', ['1', '2']),
      `values: Invalid value: []string{"1", "2"}: for 'Gt', 'Lt' operators, exactly one value is required`,
    ],
    [
      'bad key and bad value',
      () => newRequirement('-k', '=', ['v v']),
      '[key: Invalid value: "-k": name part must consist of alphanumeric characters',
    ],
  ];
  for (const [name, build, message] of errors) {
    it(name, () => {
      assert.throws(build, (err: unknown) => {
        assert.ok(err instanceof LabelSelectorError);
        assert.ok(err.message.startsWith(message), err.message);
        return true;
      });
    });
  }

  it('accepts valid requirements', () => {
    assert.equal(newRequirement('k', 'notin', ['a']).toString(), 'k notin (a)');
    assert.equal(newRequirement('k', 'lt', ['7']).toString(), 'k<7');
    assert.equal(newRequirement('k', '!').toString(), '!k');
  });
});
