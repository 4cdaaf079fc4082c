import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinResources } from '../scheme/builtin-resources.js';
import { serializedOpenApiV2Document, toSwaggerSchema } from './openapi-v2.js';

describe('/openapi/v2 document', () => {
  const { document, hash, body } = serializedOpenApiV2Document(builtinResources);

  it('holds the definitions of create-only kinds with their group-version-kind', () => {
    assert.equal(document.swagger, '2.0');
    const review = document.definitions['io.k8s.api.authentication.v1.TokenReview'];
    assert.deepEqual(review?.['x-kubernetes-group-version-kind'], [
      { group: 'authentication.k8s.io', kind: 'TokenReview', version: 'v1' },
    ]);
    for (const kind of [
      'io.k8s.api.authorization.v1.SelfSubjectAccessReview',
      'io.k8s.api.authorization.v1.SubjectAccessReview',
      'io.k8s.api.authentication.v1.SelfSubjectReview',
      'io.k8s.api.core.v1.Pod',
    ])
      assert.ok(document.definitions[kind], kind);
  });

  it('points every reference at a definition it holds', () => {
    const refs = [...body.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(refs.length > 100);
    for (const ref of refs) {
      assert.match(ref, /^#\/definitions\//);
      assert.ok(document.definitions[ref.slice('#/definitions/'.length)], ref);
    }
  });

  it('writes references with their description as v2 does, and int-or-string as a string', () => {
    const spec = document.definitions['io.k8s.api.authentication.v1.TokenReview']?.['properties'] as Record<
      string,
      Record<string, unknown>
    >;
    assert.deepEqual(Object.keys(spec['spec']!), ['description', '$ref']);
    assert.deepEqual(document.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'], {
      description: document.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']?.['description'],
      format: 'int-or-string',
      type: 'string',
    });
  });

  it('keeps strategic-merge metadata and drops v3-only keywords', () => {
    assert.deepEqual(
      toSwaggerSchema({
        type: 'array',
        items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }], default: {} },
        nullable: true,
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      }),
      {
        type: 'array',
        items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' },
        'x-kubernetes-patch-merge-key': 'name',
        'x-kubernetes-patch-strategy': 'merge',
      },
    );
  });

  it('is the same document, with the same hash, for the same resources', () => {
    assert.equal(serializedOpenApiV2Document(builtinResources).hash, hash);
    assert.match(hash, /^[0-9A-F]{128}$/);
  });
});
