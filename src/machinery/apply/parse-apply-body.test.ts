import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStatusError } from '../errors/status-error.js';
import { parseApplyBody } from './parse-apply-body.js';

describe('parseApplyBody', () => {
  it('reads JSON as kubectl sends it', () => {
    const body = Buffer.from(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"}}',
    );
    assert.deepEqual(parseApplyBody(body), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '1' },
    });
  });

  it('reads YAML the way go-yaml v2 resolves it, first document only', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: c}',
      'spec:',
      '  on: yes',
      '  when: 2001-12-14',
      '  mode: 0644',
      '  time: 1:20',
      '---',
      'ignored: true',
    ].join('\n');
    assert.deepEqual(parseApplyBody(text), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      spec: { true: true, when: '2001-12-14', mode: 420, time: '1:20' },
    });
  });

  it('gives {} for an empty body, so the apiVersion/kind check rejects it', () => {
    assert.deepEqual(parseApplyBody(''), {});
    assert.deepEqual(parseApplyBody('null'), {});
  });

  it('rejects non-objects and bad YAML with 400 and upstream messages', () => {
    const rejects = (body: string, message: string | RegExp) =>
      assert.throws(
        () => parseApplyBody(body),
        (err: unknown) =>
          isStatusError(err, 'BadRequest') &&
          (typeof message === 'string' ? err.message === message : message.test(err.message)),
      );
    rejects(
      '[1, 2]',
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    rejects(
      '"x"',
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}',
    );
    rejects('- a\n- b\n', /cannot unmarshal array into Go value/);
    rejects('a: [1,\n', /^error decoding YAML: error converting YAML to JSON: yaml: line \d+: /);
  });
});
