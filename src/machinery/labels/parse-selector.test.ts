import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LabelSelectorError } from './label-selector-error.js';
import { parseRequirements, parseSelector } from './parse-selector.js';

const keyRegex =
  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const valueRegex =
  "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseSelector: valid input and canonical form', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['   ', ''],
    ['x=a', 'x=a'],
    ['x==a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['x=a,y!=b', 'x=a,y!=b'],
    ['y!=b,x=a', 'x=a,y!=b'],
    [' x = a , y ', 'x=a,y'],
    ['x=,z= ', 'x=,z='],
    ['x', 'x'],
    ['!x', '!x'],
    ['! x', '!x'],
    ['x>1', 'x>1'],
    ['x<10', 'x<10'],
    ['x in (a)', 'x in (a)'],
    ['x in (b,a,b)', 'x in (a,b)'],
    ['x notin (a,b)', 'x notin (a,b)'],
    ['x in(a,b)', 'x in (a,b)'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (,a)', 'x in (,a)'],
    ['x in (a,)', 'x in (,a)'],
    ['x in (,)', 'x in ()'],
    ['in in (in)', 'in in (in)'],
    ['notin notin (notin)', 'notin notin (notin)'],
    ['x=in', 'x=in'],
    ['example.com/app=web', 'example.com/app=web'],
    ['a.b-c_d=A.b-9', 'a.b-c_d=A.b-9'],
    ['b=1,a=2,a!=3', 'a=2,a!=3,b=1'],
    ['x\t=\na', 'x=a'],
    ['x=a \0garbage', 'x=a'],
  ];
  for (const [input, canonical] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(canonical)}`, () => {
      const sel = parseSelector(input);
      assert.equal(sel.toString(), canonical);
      // The canonical form parses back to itself.
      assert.equal(parseSelector(canonical).toString(), canonical);
    });
  }

  it('exposes requirements sorted by key', () => {
    const reqs = parseRequirements('z=1,a in (q,p),!m');
    assert.deepEqual(
      reqs.map((r) => [r.key, r.operator, [...r.values]]),
      [
        ['a', 'in', ['p', 'q']],
        ['m', '!', []],
        ['z', '=', ['1']],
      ],
    );
  });
});

describe('parseSelector: errors carry upstream messages', () => {
  const cases: [string, string][] = [
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x!a', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['x=a=b', "found '=', expected: ',' or 'end of string'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['x=a,', "found '', expected: identifier after ','"],
    ['x=a,,y', "found ',', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['=x', "found '=', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!=a', "found '!=', expected: !, identifier, or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in', "unable to parse requirement: found '' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x in (a,=)', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
    [
      'x>a',
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      'x>',
      `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    [
      'x>-1',
      `unable to parse requirement: values[0][x]: Invalid value: "-1": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${valueRegex}`,
    ],
    [
      'x=a-',
      `unable to parse requirement: values[0][x]: Invalid value: "a-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${valueRegex}`,
    ],
    [
      'x_=a',
      `unable to parse requirement: <nil>: Invalid value: "x_": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${keyRegex}`,
    ],
    [
      'Example.com/app=web',
      `unable to parse requirement: <nil>: Invalid value: "Example.com/app": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    ['/app', `unable to parse requirement: <nil>: Invalid value: "/app": prefix part must be non-empty`],
    [
      'a/b/c',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${keyRegex} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    [
      `${'k'.repeat(64)}`,
      `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`,
    ],
    [
      `x=${'v'.repeat(64)}`,
      `unable to parse requirement: values[0][x]: Invalid value: "${'v'.repeat(64)}": must be no more than 63 characters`,
    ],
  ];
  for (const [input, message] of cases) {
    it(JSON.stringify(input), () => {
      assert.throws(
        () => parseSelector(input),
        (err: unknown) => {
          assert.ok(err instanceof LabelSelectorError);
          assert.equal(err.message, message);
          return true;
        },
      );
    });
  }

  it('joins several value problems in brackets', () => {
    assert.throws(
      () => parseSelector('x>a-'),
      (err: unknown) => {
        assert.ok(err instanceof LabelSelectorError);
        assert.match(
          err.message,
          /^unable to parse requirement: \[values\[0\]: Invalid value: "a-": for 'Gt', 'Lt' operators, the value must be an integer, values\[0\]\[x\]: Invalid value: "a-": a valid label/,
        );
        assert.equal(err.fieldErrors.length, 2);
        return true;
      },
    );
  });
});
