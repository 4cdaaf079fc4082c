import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaNode } from '../../api/openapi/index.js';
import { duplicatePatchFields, scanObjectBody } from './duplicate-fields.js';

const configMap = SchemaNode.forKind({ group: '', version: 'v1', kind: 'ConfigMap' });
const pod = SchemaNode.forKind({ group: '', version: 'v1', kind: 'Pod' });

describe('duplicate fields of an object body', () => {
  it('reports struct fields and map keys once each, with their paths, in document order', () => {
    const body =
      '{"metadata":{"name":"a","labels":{"x":"1","x":"2","x":"3"},"name":"b"},"data":{"k":"v"},"data":{}}';
    const { duplicates } = scanObjectBody(body, configMap);
    assert.deepEqual(
      duplicates.map((d) => d.path),
      ['metadata.labels.x', 'metadata.name', 'data'],
    );
    assert.ok(duplicates[0]!.offset < duplicates[1]!.offset);
  });

  it('indexes list elements and skips fields the schema does not declare', () => {
    const body =
      '{"spec":{"containers":[{"name":"a"},{"name":"b","image":"i","image":"j"}],"bogus":{"q":1,"q":2},"bogus":1}}';
    assert.deepEqual(
      scanObjectBody(body, pod).duplicates.map((d) => d.path),
      ['spec.containers[1].image'],
    );
  });

  it('records the first offset of every path, to order other strict errors', () => {
    const { offsets } = scanObjectBody('{"zz":1,"metadata":{"bogus":2}}', configMap);
    assert.equal(offsets.get('zz'), 1);
    assert.equal(offsets.get('metadata.bogus'), 20);
  });

  it('finds nothing in text that is not JSON', () => {
    assert.deepEqual(scanObjectBody('{"a":1,"a":', configMap).duplicates, []);
    assert.deepEqual(scanObjectBody('apiVersion: v1', configMap).duplicates, []);
  });

  it('handles escapes in keys and strings', () => {
    assert.deepEqual(
      scanObjectBody('{"data":{"a\\"b":"}\\"","a\\u0022b":"x"}}', configMap).duplicates.map((d) => d.path),
      ['data.a"b'],
    );
  });
});

describe('duplicate fields of a patch body', () => {
  it('reports repeated keys at any depth, directives included', () => {
    assert.deepEqual(
      duplicatePatchFields(
        '{"spec":{"template":{"spec":{"$setElementOrder/containers":[],"$setElementOrder/containers":[]}}},"spec":{}}',
      ),
      ['spec.template.spec.$setElementOrder/containers', 'spec'],
    );
    assert.deepEqual(duplicatePatchFields('[{"a":1,"a":2}]'), ['[0].a']);
  });
});
