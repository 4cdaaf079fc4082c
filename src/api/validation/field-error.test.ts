import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregateFieldErrors,
  fieldDuplicate,
  fieldErrorBody,
  fieldErrorMessage,
  fieldForbidden,
  fieldInternalError,
  fieldInvalid,
  fieldNotFound,
  fieldNotSupported,
  fieldRequired,
  fieldTooLong,
  fieldTooMany,
  fieldTypeInvalid,
  goRepr,
  type FieldError,
} from './field-error.js';
import { fieldPath } from './field-path.js';

describe('field error rendering', () => {
  const cases: [string, FieldError, string][] = [
    [
      'required with detail',
      fieldRequired(fieldPath('metadata', 'name'), 'name or generateName is required'),
      'metadata.name: Required value: name or generateName is required',
    ],
    ['required bare', fieldRequired('spec.containers'), 'spec.containers: Required value'],
    [
      'invalid number',
      fieldInvalid(fieldPath('spec', 'replicas'), -1, 'must be greater than or equal to 0'),
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'invalid string is Go-quoted',
      fieldInvalid('metadata.name', 'Web_1', 'a lowercase RFC 1123 subdomain ...'),
      'metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain ...',
    ],
    [
      'invalid bool',
      fieldInvalid('spec.hostNetwork', true, 'nope'),
      'spec.hostNetwork: Invalid value: true: nope',
    ],
    [
      'invalid null',
      fieldInvalid('spec.x', null, 'must be set'),
      'spec.x: Invalid value: "null": must be set',
    ],
    ['invalid undefined', fieldInvalid('spec.x', undefined), 'spec.x: Invalid value: "null"'],
    ['invalid float', fieldInvalid('spec.f', 0.5, 'd'), 'spec.f: Invalid value: 0.5: d'],
    ['invalid big float', fieldInvalid('spec.f', 1234567.5, 'd'), 'spec.f: Invalid value: 1.2345675e+06: d'],
    ['invalid tiny float', fieldInvalid('spec.f', 0.00001234, 'd'), 'spec.f: Invalid value: 1.234e-05: d'],
    ['invalid small float', fieldInvalid('spec.f', -0.0001234, 'd'), 'spec.f: Invalid value: -0.0001234: d'],
    ['invalid large int', fieldInvalid('spec.i', 12345678, 'd'), 'spec.i: Invalid value: 12345678: d'],
    [
      'invalid string list',
      fieldInvalid('values', ['a', 'b'], 'd'),
      'values: Invalid value: []string{"a", "b"}: d',
    ],
    ['invalid empty string list', fieldInvalid('values', [], 'd'), 'values: Invalid value: []string{}: d'],
    [
      'invalid string map',
      fieldInvalid('spec.selector', { b: '2', a: '1' }, 'd'),
      'spec.selector: Invalid value: map[string]string{"a":"1", "b":"2"}: d',
    ],
    ['invalid object', fieldInvalid('spec.o', { a: 1 }, 'd'), 'spec.o: Invalid value: {"a":1}: d'],
    [
      'invalid Go repr',
      fieldInvalid('values', goRepr('[]string(nil)'), 'd'),
      'values: Invalid value: []string(nil): d',
    ],
    [
      'not supported',
      fieldNotSupported(fieldPath('spec', 'type'), 'Foo', [
        'ClusterIP',
        'ExternalName',
        'LoadBalancer',
        'NodePort',
      ]),
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ],
    [
      'not supported without list',
      fieldNotSupported('spec.type', 'Foo'),
      'spec.type: Unsupported value: "Foo"',
    ],
    [
      'duplicate',
      fieldDuplicate(fieldPath('spec', 'containers').index(1).child('name'), 'x'),
      'spec.containers[1].name: Duplicate value: "x"',
    ],
    [
      'forbidden',
      fieldForbidden('spec', 'updates to statefulset spec for fields other than ... are forbidden'),
      'spec: Forbidden: updates to statefulset spec for fields other than ... are forbidden',
    ],
    [
      'too long',
      fieldTooLong(fieldPath('metadata', 'labels'), 63),
      'metadata.labels: Too long: may not be more than 63 bytes',
    ],
    ['too long without limit', fieldTooLong('data', -1), 'data: Too long: value is too long'],
    ['too many', fieldTooMany('spec.items', 5, 3), 'spec.items: Too many: 5: must have at most 3 items'],
    [
      'too many, count unknown',
      fieldTooMany('spec.items', -1, 3),
      'spec.items: Too many: must have at most 3 items',
    ],
    ['too many, no limit', fieldTooMany('spec.items', 5, -1), 'spec.items: Too many: 5: has too many items'],
    ['not found', fieldNotFound('spec.node', 'n1'), 'spec.node: Not found: "n1"'],
    ['internal', fieldInternalError('spec', new Error('boom')), 'spec: Internal error: boom'],
    [
      'type invalid',
      fieldTypeInvalid('spec.r', 'x', 'must be int'),
      'spec.r: Invalid value: "x": must be int',
    ],
  ];
  for (const [name, err, message] of cases) {
    it(name, () => {
      assert.equal(fieldErrorMessage(err), message);
      assert.equal(fieldErrorBody(err), message.slice(err.field.length + 2));
    });
  }

  it('carries the cause type', () => {
    assert.equal(fieldRequired('a').type, 'FieldValueRequired');
    assert.equal(fieldTooLong('a', 1).type, 'FieldValueTooLong');
    assert.equal(fieldInternalError('a', 'x').type, 'InternalError');
  });
});

describe('aggregateFieldErrors', () => {
  it('renders none, one and several as upstream', () => {
    const a = fieldRequired('a');
    const b = fieldInvalid('b', 1, 'bad');
    assert.equal(aggregateFieldErrors([]), '');
    assert.equal(aggregateFieldErrors([a]), 'a: Required value');
    assert.equal(aggregateFieldErrors([a, b]), '[a: Required value, b: Invalid value: 1: bad]');
  });

  it('drops duplicate messages', () => {
    const a = fieldRequired('a');
    assert.equal(aggregateFieldErrors([a, fieldRequired('a')]), 'a: Required value');
    assert.equal(
      aggregateFieldErrors([a, fieldRequired('b'), fieldRequired('a')]),
      '[a: Required value, b: Required value]',
    );
  });
});
