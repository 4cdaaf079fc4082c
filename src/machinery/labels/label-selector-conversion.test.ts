import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatLabels,
  formatLabelSelector,
  labelsToString,
  selectorFromLabelSelector,
  selectorFromSet,
  type LabelSelector,
} from './label-selector-conversion.js';
import { LabelSelectorError } from './label-selector-error.js';

describe('selectorFromLabelSelector', () => {
  const cases: [string, LabelSelector | null | undefined, string][] = [
    ['empty', {}, ''],
    ['empty lists', { matchLabels: {}, matchExpressions: [] }, ''],
    ['matchLabels', { matchLabels: { tier: 'fe', app: 'web' } }, 'app=web,tier=fe'],
    [
      'both',
      {
        matchLabels: { b: '1' },
        matchExpressions: [
          { key: 'a', operator: 'In', values: ['y', 'x'] },
          { key: 'c', operator: 'Exists' },
          { key: 'd', operator: 'NotIn', values: ['q'] },
          { key: 'e', operator: 'DoesNotExist', values: [] },
        ],
      },
      'a in (x,y),b=1,c,d notin (q),!e',
    ],
    [
      'same key in labels and expressions keeps the labels first',
      { matchLabels: { a: '1' }, matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['2'] }] },
      'a=1,a notin (2)',
    ],
  ];
  for (const [name, ls, text] of cases) {
    it(name, () => assert.equal(selectorFromLabelSelector(ls).toString(), text));
  }

  it('nil selects nothing, empty selects everything', () => {
    assert.equal(selectorFromLabelSelector(undefined).isNothing, true);
    assert.equal(selectorFromLabelSelector(null).matches({}), false);
    assert.equal(selectorFromLabelSelector({}).matches({ any: 'x' }), true);
  });

  it('matches like the equivalent string selector', () => {
    const sel = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }],
    });
    assert.equal(sel.matches({ app: 'web' }), true);
    assert.equal(sel.matches({ app: 'web', env: 'dev' }), true);
    assert.equal(sel.matches({ app: 'web', env: 'prod' }), false);
    assert.equal(sel.matches({ env: 'dev' }), false);
  });

  const errors: [string, LabelSelector, string][] = [
    [
      'unknown operator',
      { matchExpressions: [{ key: 'a', operator: 'Foo' }] },
      '"Foo" is not a valid label selector operator',
    ],
    [
      'In without values',
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'In with values missing',
      { matchExpressions: [{ key: 'a', operator: 'NotIn' }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'Exists with values',
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    ],
    [
      'bad key',
      { matchLabels: { 'a b': 'x' } },
      `key: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
    [
      'bad value',
      { matchLabels: { app: 'a b' } },
      `values[0][app]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
  ];
  for (const [name, ls, message] of errors) {
    it(`rejects: ${name}`, () => {
      assert.throws(
        () => selectorFromLabelSelector(ls),
        (err: unknown) => {
          assert.ok(err instanceof LabelSelectorError);
          assert.equal(err.message, message);
          return true;
        },
      );
    });
  }
});

describe('formatLabelSelector', () => {
  it('renders as the printers do', () => {
    assert.equal(formatLabelSelector(undefined), '<none>');
    assert.equal(formatLabelSelector({}), '<none>');
    assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] }), '<error>');
  });
});

describe('label sets', () => {
  it('selectorFromSet matches exactly the set', () => {
    const sel = selectorFromSet({ b: '2', a: '1' });
    assert.equal(sel.toString(), 'a=1,b=2');
    assert.equal(sel.matches({ a: '1', b: '2', c: '3' }), true);
    assert.equal(sel.matches({ a: '1' }), false);
    assert.equal(selectorFromSet(undefined).isEmpty(), true);
    assert.equal(selectorFromSet({}).isEmpty(), true);
  });

  it('labelsToString sorts whole pairs, as upstream', () => {
    assert.equal(labelsToString({ a: 'x', 'a-b': 'y' }), 'a-b=y,a=x');
    assert.equal(labelsToString(undefined), '');
    assert.equal(formatLabels({}), '<none>');
    assert.equal(formatLabels({ run: 'web' }), 'run=web');
  });
});
