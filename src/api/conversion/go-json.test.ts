import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goMarshal, goUnmarshal, type GoType } from './go-json.js';

const point: GoType = {
  struct: {
    Name: 'string',
    Size: 'quantity',
    Count: { ptr: 'int32' },
    At: 'time',
    Tags: { slice: 'string' },
  },
};

describe('Go JSON', () => {
  it('fills zero values, matches field names case-insensitively and ignores unknown ones', () => {
    assert.deepEqual(goUnmarshal('{"name":"a","COUNT":3,"other":true}', point), {
      value: { Name: 'a', Size: '0', Count: 3, At: null, Tags: undefined },
    });
  });

  it('treats null as the zero value', () => {
    assert.deepEqual(goUnmarshal('null', point), {
      value: { Name: '', Size: '0', Count: undefined, At: null, Tags: undefined },
    });
    assert.deepEqual(
      goUnmarshal('{"Name":null,"Count":null}', point)?.value,
      goUnmarshal('{}', point)?.value,
    );
  });

  it('writes quantities and times back the way Go does', () => {
    assert.deepEqual(goUnmarshal('{"Size":"1.5","At":"2025-01-01T12:00:00.5+02:00"}', point)?.value, {
      Name: '',
      Size: '1500m',
      Count: undefined,
      At: '2025-01-01T10:00:00Z',
      Tags: undefined,
    });
    assert.equal((goUnmarshal<{ Size: string }>('{"Size":2048}', point)?.value ?? { Size: '' }).Size, '2048');
  });

  it('fails like Unmarshal on bad syntax and wrong types', () => {
    assert.equal(goUnmarshal('{', point), undefined);
    assert.equal(goUnmarshal('{"Name":1}', point), undefined);
    assert.equal(goUnmarshal('{"Count":1.5}', point), undefined);
    assert.equal(goUnmarshal('{"Count":4294967296}', point), undefined);
    assert.equal(goUnmarshal('{"At":"yesterday"}', point), undefined);
    assert.equal(goUnmarshal('{"Tags":"x"}', point), undefined);
    assert.equal(goUnmarshal('[]', point), undefined);
    assert.equal(goUnmarshal(undefined, point), undefined);
  });

  it('marshals compactly with Go HTML escaping', () => {
    assert.equal(
      goMarshal({ a: 'x<y>&z\u2028', b: undefined, c: null, d: [1] }),
      '{"a":"x\\u003cy\\u003e\\u0026z\\u2028","c":null,"d":[1]}',
    );
  });
});
