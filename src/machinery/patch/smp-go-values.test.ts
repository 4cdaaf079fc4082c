import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../../api/object.js';
import { StrategicMergePatchError } from './smp-error.js';
import { badArgTypeMessage, goEqual, goFormat, goKindOf } from './smp-go-values.js';

describe('goFormat', () => {
  const cases: [JsonValue, string, string][] = [
    [{ name: 'c', image: 'x', env: [{ name: 'A' }] }, 'map[env:[map[name:A]] image:x name:c]', ''],
    [[1, 'a', true, null], '[1 a true <nil>]', '[%!s(int64=1) a %!s(bool=true) %!s(<nil>)]'],
    [1.5, '1.5', '%!s(float64=1.5)'],
    [0.00001, '1e-05', ''],
    [1234567.5, '1.2345675e+06', ''],
    [123456.5, '123456.5', ''],
    [-3, '-3', ''],
    [{}, 'map[]', ''],
    [[], '[]', ''],
  ];
  for (const [value, v, s] of cases) {
    it(JSON.stringify(value), () => {
      assert.equal(goFormat(value), v);
      if (s !== '') assert.equal(goFormat(value, 's'), s);
    });
  }
});

describe('Go types and equality', () => {
  it('names types as reflect does', () => {
    assert.equal(badArgTypeMessage('slice', 'x'), 'expected a []interface {}, but received a string');
    assert.equal(
      badArgTypeMessage('map', null),
      'expected a map[string]interface {}, but received a %!s(<nil>)',
    );
    assert.equal(
      badArgTypeMessage('map', [1]),
      'expected a map[string]interface {}, but received a []interface {}',
    );
    assert.equal(goKindOf(2), 'int64');
    assert.equal(goKindOf(2.5), 'float64');
  });

  it('compares like Go interfaces: by type then value; maps panic', () => {
    assert.equal(goEqual(80, 80), true);
    assert.equal(goEqual('80', 80), false);
    assert.equal(goEqual(null, null), true);
    assert.equal(goEqual({}, 'x'), false);
    assert.throws(() => goEqual({}, {}), StrategicMergePatchError);
  });
});
