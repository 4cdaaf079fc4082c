import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeFieldValue,
  FieldSelector,
  FieldSelectorError,
  parseFieldSelector,
  unescapeFieldValue,
  type Fields,
} from './field-selector.js';

describe('parseFieldSelector', () => {
  const cases: [string, string, [string, string, string][]][] = [
    ['', '', []],
    [',', '', []],
    ['metadata.name=web', 'metadata.name=web', [['metadata.name', '=', 'web']]],
    ['metadata.name==web', 'metadata.name=web', [['metadata.name', '=', 'web']]],
    ['status.phase!=Failed', 'status.phase!=Failed', [['status.phase', '!=', 'Failed']]],
    [
      'spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed',
      'spec.nodeName=n1,status.phase!=Failed,status.phase!=Succeeded',
      [
        ['spec.nodeName', '=', 'n1'],
        ['status.phase', '!=', 'Failed'],
        ['status.phase', '!=', 'Succeeded'],
      ],
    ],
    [
      'b=2,,a=1',
      'a=1,b=2',
      [
        ['a', '=', '1'],
        ['b', '=', '2'],
      ],
    ],
    ['a=', 'a=', [['a', '=', '']]],
    ['=v', '=v', [['', '=', 'v']]],
    ['a=x\\,y', 'a=x\\,y', [['a', '=', 'x,y']]],
    ['a=x\\=y\\\\z', 'a=x\\=y\\\\z', [['a', '=', 'x=y\\z']]],
  ];
  for (const [input, canonical, reqs] of cases) {
    it(`${JSON.stringify(input)}`, () => {
      const sel = parseFieldSelector(input);
      assert.equal(sel.toString(), canonical);
      assert.deepEqual(
        sel.requirements.map((r) => [r.field, r.operator, r.value]),
        reqs,
      );
    });
  }

  const errors: [string, string][] = [
    ['a', "invalid selector: 'a'; can't understand 'a'"],
    ['x=1,b', "invalid selector: 'x=1,b'; can't understand 'b'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a!==b', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=b\\n', 'invalid field selector: invalid escape sequence: \\n'],
  ];
  for (const [input, message] of errors) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseFieldSelector(input),
        (err: unknown) => {
          assert.ok(err instanceof FieldSelectorError);
          assert.equal(err.message, message);
          return true;
        },
      );
    });
  }

  it('reports the first bad term in sorted order', () => {
    assert.throws(() => parseFieldSelector('z,a'), {
      message: "invalid selector: 'z,a'; can't understand 'a'",
    });
  });
});

describe('FieldSelector.matches', () => {
  const pod: Fields = { 'metadata.name': 'web', 'spec.nodeName': 'n1', 'status.phase': 'Running' };
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=web', true],
    ['metadata.name=db', false],
    ['spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed', true],
    ['status.phase!=Running', false],
    ['spec.missing=', true],
    ['spec.missing!=x', true],
    ['spec.missing=x', false],
    ['toString=', true],
  ];
  for (const [selector, expected] of cases) {
    it(`${JSON.stringify(selector)} -> ${expected}`, () => {
      assert.equal(parseFieldSelector(selector).matches(pod), expected);
    });
  }

  it('everything, nothing and sets', () => {
    assert.equal(FieldSelector.everything().matches({}), true);
    assert.equal(FieldSelector.everything().isEmpty(), true);
    assert.equal(FieldSelector.nothing().matches({}), false);
    assert.equal(FieldSelector.nothing().isEmpty(), false);
    const set = FieldSelector.fromSet({ 'metadata.name': 'a,b' });
    assert.equal(set.toString(), 'metadata.name=a\\,b');
    assert.equal(set.matches({ 'metadata.name': 'a,b' }), true);
  });

  it('requiresExactMatch', () => {
    const sel = parseFieldSelector('metadata.name!=x,metadata.name=web');
    assert.equal(sel.requiresExactMatch('metadata.name'), 'web');
    assert.equal(parseFieldSelector('a!=b').requiresExactMatch('a'), undefined);
  });

  it('transform renames, drops empty terms and propagates rejections', () => {
    const sel = parseFieldSelector('spec.host=n1,b=2');
    const renamed = sel.transform((f, v) =>
      f === 'spec.host' ? ['spec.nodeName', v] : f === 'b' ? ['', ''] : [f, v],
    );
    assert.equal(renamed.toString(), 'spec.nodeName=n1');
    assert.throws(() =>
      sel.transform(() => {
        throw new FieldSelectorError('no');
      }),
    );
  });
});

describe('escaping', () => {
  it('round-trips', () => {
    for (const v of ['', 'plain', 'a,b', 'a=b', 'a\\b', '\\,=']) {
      assert.equal(unescapeFieldValue(escapeFieldValue(v)), v);
    }
    assert.equal(escapeFieldValue('a\\b,c=d'), 'a\\\\b\\,c\\=d');
  });
});
