import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResourceType } from '../scheme/resource-type.js';
import { definitionFor } from './definitions.js';
import type { OpenApiSchema } from './openapi-types.js';
import { openApiV3Document } from './document.js';
import { SchemaNode, schemaNodeInDocument } from './schema-node.js';
import { unknownFields } from './unknown-fields.js';

function deploymentNode(): SchemaNode {
  const node = SchemaNode.forKind({ group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.ok(node);
  return node;
}

describe('SchemaNode', () => {
  it('resolves refs and allOf into a walkable tree', () => {
    const deployment = deploymentNode();
    assert.equal(deployment.shape, 'object');
    assert.deepEqual(deployment.fieldNames(), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    const spec = deployment.property('spec');
    assert.equal(spec?.shape, 'object');
    // The referring property's description wins over the referenced definition's.
    assert.equal(spec?.schema.description, 'Specification of the desired behavior of the Deployment.');
    const containers = spec?.property('template')?.property('spec')?.property('containers');
    assert.equal(containers?.shape, 'array');
    assert.equal(containers?.schema['x-kubernetes-patch-merge-key'], 'name');
    const container = containers?.items();
    assert.deepEqual(container?.schema.required, ['name']);
    assert.equal(container?.property('image')?.shape, 'scalar');
    assert.equal(container?.property('resources')?.property('limits')?.shape, 'map');
    assert.equal(container?.property('resources')?.property('limits')?.property('cpu')?.shape, 'scalar');
    assert.equal(
      spec?.property('strategy')?.property('rollingUpdate')?.property('maxSurge')?.shape,
      'scalar',
    );
    assert.equal(spec?.property('nope'), undefined);
  });

  it('treats free-form types as accepting anything', () => {
    const raw = SchemaNode.of(definitionFor('io.k8s.apimachinery.pkg.runtime.RawExtension') as OpenApiSchema);
    assert.equal(raw.shape, 'any');
    assert.equal(raw.property('whatever')?.shape, 'any');
    const fields = deploymentNode()
      .property('metadata')
      ?.property('managedFields')
      ?.items()
      ?.property('fieldsV1');
    assert.equal(fields?.shape, 'any');
  });

  it('memoizes nodes per schema', () => {
    assert.equal(deploymentNode().property('spec'), deploymentNode().property('spec'));
  });
});

describe('unknownFields', () => {
  it('reports undeclared fields with upstream paths', () => {
    const found = unknownFields(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', labels: { app: 'web' }, bogus: true },
        spec: {
          replicas: 2,
          replica: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                { name: 'a', image: 'nginx', ports: [{ containerPort: 80, hostPortt: 1 }] },
                {
                  name: 'b',
                  image: 'nginx',
                  imagePullPolicyy: 'Always',
                  resources: { limits: { cpu: '1' } },
                },
              ],
            },
          },
        },
        status: {},
      },
      deploymentNode(),
    );
    assert.deepEqual(found, [
      'metadata.bogus',
      'spec.replica',
      'spec.template.spec.containers[0].ports[0].hostPortt',
      'spec.template.spec.containers[1].imagePullPolicyy',
    ]);
  });

  it('walks custom resource schemas through their served document', () => {
    const gvk = { group: 'stable.example.com', version: 'v1', kind: 'CronTab' };
    const cronTabs: ResourceType = {
      ...gvk,
      resource: 'crontabs',
      singular: 'crontab',
      listKind: 'CronTabList',
      namespaced: true,
      shortNames: [],
      categories: [],
      verbs: ['get', 'list', 'create'],
      subresources: [],
      storagePrefix: '/registry/stable.example.com/crontabs/',
      storageApiVersion: 'stable.example.com/v1',
    };
    const doc = openApiV3Document('stable.example.com', 'v1', [cronTabs], {
      extraDefinitions: {
        'com.example.stable.v1.CronTab': {
          type: 'object',
          properties: {
            metadata: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
            spec: { type: 'object', properties: { cronSpec: { type: 'string' } } },
          },
          'x-kubernetes-group-version-kind': [gvk],
        },
      },
    });
    const node = schemaNodeInDocument(doc, gvk);
    assert.ok(node);
    assert.deepEqual(
      unknownFields({ metadata: { name: 'a', nme: 'b' }, spec: { cronSpec: '* * * * *', image: 'x' } }, node),
      ['metadata.nme', 'spec.image'],
    );
    assert.equal(schemaNodeInDocument(doc, { ...gvk, kind: 'Other' }), undefined);
  });

  it('accepts everything under preserve-unknown-fields', () => {
    const node = SchemaNode.of({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { a: { type: 'string' } },
        },
      },
    });
    assert.deepEqual(unknownFields({ spec: { a: 'x', b: { c: 1 } }, other: 1 }, node), ['other']);
  });
});
