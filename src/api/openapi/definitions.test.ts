import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definitionFor, definitionNameFor, definitionNames, schemaFor } from './definitions.js';
import type { OpenApiSchema } from './openapi-types.js';

function definition(name: string): OpenApiSchema {
  const schema = definitionFor(name);
  assert.ok(schema, `${name} is generated`);
  return schema;
}

function property(definitionName: string, field: string): OpenApiSchema {
  const schema = definition(definitionName).properties?.[field];
  assert.ok(schema, `${definitionName}.${field} exists`);
  return schema;
}

describe('generated definitions', () => {
  it('use upstream definition names for api, meta and hand-shaped types', () => {
    const names = new Set(definitionNames());
    for (const name of [
      'io.k8s.api.core.v1.Pod',
      'io.k8s.api.apps.v1.Deployment',
      'io.k8s.api.autoscaling.v1.Scale',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
      'io.k8s.apimachinery.pkg.api.resource.Quantity',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
      'io.k8s.apimachinery.pkg.runtime.RawExtension',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    ]) {
      assert.ok(names.has(name), name);
    }
    assert.ok(names.size > 500);
  });

  it('carry descriptions and required lists from kubernetes-types', () => {
    const pod = definition('io.k8s.api.core.v1.Pod');
    assert.match(pod.description ?? '', /Pod is a collection of containers/);
    const container = definition('io.k8s.api.core.v1.Container');
    assert.deepEqual(container.required, ['name']);
    assert.match(property('io.k8s.api.core.v1.Container', 'image').description ?? '', /Container image name/);
    assert.deepEqual(definition('io.k8s.api.apps.v1.DeploymentSpec').required, ['selector', 'template']);
  });

  it('take integer formats from client-node', () => {
    assert.deepEqual(
      {
        type: property('io.k8s.api.apps.v1.DeploymentSpec', 'replicas').type,
        format: property('io.k8s.api.apps.v1.DeploymentSpec', 'replicas').format,
      },
      { type: 'integer', format: 'int32' },
    );
    assert.equal(property('io.k8s.api.core.v1.ContainerPort', 'containerPort').format, 'int32');
    assert.equal(property('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'generation').format, 'int64');
    assert.equal(
      property('io.k8s.api.core.v1.PodSecurityContext', 'supplementalGroups').items?.format,
      'int64',
    );
    assert.equal(property('io.k8s.api.core.v1.Secret', 'data').additionalProperties instanceof Object, true);
    const data = property('io.k8s.api.core.v1.Secret', 'data').additionalProperties as OpenApiSchema;
    assert.equal(data.format, 'byte');
  });

  it('wrap described refs in allOf and default value structs like upstream', () => {
    assert.deepEqual(property('io.k8s.api.apps.v1.Deployment', 'metadata').allOf, [
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ]);
    assert.deepEqual(property('io.k8s.api.apps.v1.Deployment', 'metadata').default, {});
    assert.deepEqual(property('io.k8s.api.core.v1.PodSpec', 'containers').items, {
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }],
      default: {},
    });
    assert.deepEqual(property('io.k8s.api.apps.v1.RollingUpdateDeployment', 'maxSurge').allOf, [
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
    ]);
  });

  it('shape the self-marshalling types by hand', () => {
    assert.deepEqual(definition('io.k8s.apimachinery.pkg.util.intstr.IntOrString').oneOf, [
      { type: 'integer' },
      { type: 'string' },
    ]);
    assert.equal(definition('io.k8s.apimachinery.pkg.util.intstr.IntOrString').format, 'int-or-string');
    assert.deepEqual(definition('io.k8s.apimachinery.pkg.api.resource.Quantity').oneOf, [
      { type: 'string' },
      { type: 'number' },
    ]);
    const time = definition('io.k8s.apimachinery.pkg.apis.meta.v1.Time');
    assert.equal(time.type, 'string');
    assert.equal(time.format, 'date-time');
  });

  it('mark merge keys and list types from the strategic-merge table', () => {
    const containers = property('io.k8s.api.core.v1.PodSpec', 'containers');
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    assert.equal(containers['x-kubernetes-list-type'], 'map');
    assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
    assert.equal(
      property('io.k8s.api.core.v1.PodSpec', 'volumes')['x-kubernetes-patch-strategy'],
      'merge,retainKeys',
    );
    assert.equal(
      property('io.k8s.api.core.v1.Container', 'ports')['x-kubernetes-patch-merge-key'],
      'containerPort',
    );
    assert.deepEqual(property('io.k8s.api.core.v1.Container', 'ports')['x-kubernetes-list-map-keys'], [
      'containerPort',
      'protocol',
    ]);
    assert.equal(
      property('io.k8s.api.apps.v1.DeploymentSpec', 'strategy')['x-kubernetes-patch-strategy'],
      'retainKeys',
    );
    assert.equal(
      property('io.k8s.api.core.v1.PodSpec', 'tolerations')['x-kubernetes-patch-strategy'],
      undefined,
    );
    assert.equal(
      property('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'finalizers')['x-kubernetes-list-type'],
      'set',
    );
    assert.equal(
      definition('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')['x-kubernetes-map-type'],
      'atomic',
    );
  });

  it('index top-level kinds by group/version/kind', () => {
    assert.deepEqual(definition('io.k8s.api.apps.v1.Deployment')['x-kubernetes-group-version-kind'], [
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    assert.equal(definitionNameFor({ group: '', version: 'v1', kind: 'Pod' }), 'io.k8s.api.core.v1.Pod');
    assert.equal(
      definitionNameFor({ group: 'events.k8s.io', version: 'v1', kind: 'Event' }),
      'io.k8s.api.events.v1.Event',
    );
    assert.equal(
      definitionNameFor({ group: '', version: 'v1', kind: 'Status' }),
      'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
    );
    // Meta kinds registered in every group resolve through their GVK list.
    assert.equal(
      definitionNameFor({ group: 'apps', version: 'v1', kind: 'DeleteOptions' }),
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
    );
    assert.equal(schemaFor({ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }), undefined);
    assert.equal(definitionFor('toString'), undefined);
  });

  it('are frozen, because every document shares them', () => {
    assert.ok(Object.isFrozen(definition('io.k8s.api.core.v1.Pod').properties));
  });
});
