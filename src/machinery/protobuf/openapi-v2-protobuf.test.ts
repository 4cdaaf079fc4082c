import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SwaggerDocument } from '../../api/openapi/openapi-v2.js';
import { encodeOpenApiV2Document, encodeSchema } from './openapi-v2-protobuf.js';
import { WireReader, WireType } from './wire-reader.js';

type Fields = Map<number, (Uint8Array | bigint | number)[]>;

// Reads a message into field number → values (bytes stay bytes for the caller to interpret).
function read(bytes: Uint8Array): Fields {
  const r = new WireReader(bytes);
  const out: Fields = new Map();
  while (!r.done()) {
    const { field, wire } = r.key('test');
    const value =
      wire === WireType.varint ? r.varint() : wire === WireType.fixed64 ? r.fixed64Double() : r.bytes();
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

const text = (v: unknown) => new TextDecoder().decode(v as Uint8Array);
const one = (f: Fields, n: number) => f.get(n)?.[0];

describe('openapi.v2 protobuf', () => {
  it('encodes a schema with gnostic field numbers: ref, type, properties, items, extensions', () => {
    const schema = read(
      encodeSchema({
        description: 'a pod',
        type: 'object',
        required: ['spec'],
        maximum: 1.5,
        maxLength: 300,
        properties: {
          spec: { description: 'the spec', $ref: '#/definitions/io.k8s.api.core.v1.PodSpec' },
          ports: { type: 'array', items: { type: 'integer', format: 'int32' } },
        },
        additionalProperties: false,
        'x-kubernetes-group-version-kind': [{ group: '', kind: 'Pod', version: 'v1' }],
      }),
    );
    assert.equal(text(one(schema, 4)), 'a pod');
    assert.equal(one(schema, 7), 1.5);
    assert.equal(one(schema, 11), 300n);
    assert.deepEqual(schema.get(19)?.map(text), ['spec']);
    assert.deepEqual(
      read(one(schema, 22) as Uint8Array)
        .get(1)
        ?.map(text),
      ['object'],
    );
    // AdditionalPropertiesItem.boolean = false is still present (a oneof member).
    assert.deepEqual([...(one(schema, 21) as Uint8Array)], [0x10, 0x00]);
    const props = read(one(schema, 25) as Uint8Array)
      .get(1)!
      .map((p) => read(p as Uint8Array));
    assert.deepEqual(
      props.map((p) => text(one(p, 1))),
      ['spec', 'ports'],
    );
    const spec = read(one(props[0]!, 2) as Uint8Array);
    assert.equal(text(one(spec, 1)), '#/definitions/io.k8s.api.core.v1.PodSpec');
    assert.equal(text(one(spec, 4)), 'the spec');
    const items = read(
      one(read(one(read(one(props[1]!, 2) as Uint8Array), 23) as Uint8Array), 1) as Uint8Array,
    );
    assert.equal(text(one(items, 2)), 'int32');
    const extension = read(one(schema, 31) as Uint8Array);
    assert.equal(text(one(extension, 1)), 'x-kubernetes-group-version-kind');
    // Any.yaml holds the value as JSON, which is YAML too.
    assert.deepEqual(JSON.parse(text(one(read(one(extension, 2) as Uint8Array), 2))), [
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
  });

  it('encodes the document: swagger, info, definitions and the bearer token security', () => {
    const doc: SwaggerDocument = {
      swagger: '2.0',
      info: { title: 'Kubernetes', version: 'v1.32.4' },
      paths: {},
      definitions: { 'io.k8s.A': { type: 'string' }, 'io.k8s.B': { type: 'object' } },
      securityDefinitions: {
        BearerToken: {
          description: 'Bearer Token authentication',
          type: 'apiKey',
          name: 'authorization',
          in: 'header',
        },
      },
      security: [{ BearerToken: [] }],
    };
    const d = read(encodeOpenApiV2Document(doc));
    assert.equal(text(one(d, 1)), '2.0');
    const info = read(one(d, 2) as Uint8Array);
    assert.deepEqual([text(one(info, 1)), text(one(info, 2))], ['Kubernetes', 'v1.32.4']);
    const names = read(one(d, 9) as Uint8Array)
      .get(1)!
      .map((n) => text(one(read(n as Uint8Array), 1)));
    assert.deepEqual(names, ['io.k8s.A', 'io.k8s.B']);
    const security = read(one(read(one(d, 13) as Uint8Array), 1) as Uint8Array);
    assert.equal(text(one(security, 1)), 'BearerToken');
    const apiKey = read(one(read(one(security, 2) as Uint8Array), 2) as Uint8Array);
    assert.deepEqual(
      [1, 2, 3].map((n) => text(one(apiKey, n))),
      ['apiKey', 'authorization', 'header'],
    );
  });
});
