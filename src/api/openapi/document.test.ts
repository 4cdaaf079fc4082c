import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinResources } from '../scheme/builtin-resources.js';
import type { ResourceType } from '../scheme/resource-type.js';
import { openApiV3Document, serializedOpenApiV3Document } from './document.js';
import type { OpenApiDocument, OpenApiOperation, OpenApiSchema } from './openapi-types.js';
import { schemaRefPrefix } from './schema-closure.js';

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';

function operation(
  doc: OpenApiDocument,
  path: string,
  method: 'get' | 'put' | 'post' | 'patch' | 'delete',
): OpenApiOperation {
  const op = doc.paths[path]?.[method];
  assert.ok(op, `${method.toUpperCase()} ${path}`);
  return op;
}

function parameterNames(op: OpenApiOperation): string[] {
  return (op.parameters ?? []).map((p) => p.name);
}

function refsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, into));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') into.add(v);
      else refsIn(v, into);
    }
  }
  return into;
}

const cronTab: ResourceType = {
  group: 'stable.example.com',
  version: 'v1',
  kind: 'CronTab',
  resource: 'crontabs',
  singular: 'crontab',
  listKind: 'CronTabList',
  namespaced: true,
  shortNames: ['ct'],
  categories: [],
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [
    {
      name: 'status',
      verbs: ['get', 'patch', 'update'],
      kind: { group: 'stable.example.com', version: 'v1', kind: 'CronTab' },
    },
    {
      name: 'scale',
      verbs: ['get', 'patch', 'update'],
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    },
  ],
  storagePrefix: '/registry/stable.example.com/crontabs/',
  storageApiVersion: 'stable.example.com/v1',
};

describe('openApiV3Document', () => {
  const apps = openApiV3Document('apps', 'v1', builtinResources);
  const core = openApiV3Document('', 'v1', builtinResources);

  it('serves every Deployment path upstream serves', () => {
    for (const path of [
      '/apis/apps/v1/',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
      '/apis/apps/v1/watch/deployments',
      '/apis/apps/v1/watch/namespaces/{namespace}/deployments',
      '/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}',
    ]) {
      assert.ok(apps.paths[path], path);
    }
    assert.equal(apps.openapi, '3.0.0');
    // Only this group-version's resources.
    assert.ok(Object.keys(apps.paths).every((p) => p.startsWith('/apis/apps/v1/')));
  });

  it('names operations the way upstream does', () => {
    const ids = (path: string): string[] =>
      Object.values(apps.paths[path] ?? {})
        .filter((v): v is OpenApiOperation => typeof v === 'object' && v !== null && 'operationId' in v)
        .map((op) => op.operationId)
        .sort();
    assert.deepEqual(ids('/apis/apps/v1/namespaces/{namespace}/deployments'), [
      'createAppsV1NamespacedDeployment',
      'deleteAppsV1CollectionNamespacedDeployment',
      'listAppsV1NamespacedDeployment',
    ]);
    assert.deepEqual(ids('/apis/apps/v1/namespaces/{namespace}/deployments/{name}'), [
      'deleteAppsV1NamespacedDeployment',
      'patchAppsV1NamespacedDeployment',
      'readAppsV1NamespacedDeployment',
      'replaceAppsV1NamespacedDeployment',
    ]);
    assert.deepEqual(ids('/apis/apps/v1/deployments'), ['listAppsV1DeploymentForAllNamespaces']);
    assert.deepEqual(ids('/apis/apps/v1/watch/deployments'), ['watchAppsV1DeploymentListForAllNamespaces']);
    assert.deepEqual(ids('/apis/apps/v1/watch/namespaces/{namespace}/deployments'), [
      'watchAppsV1NamespacedDeploymentList',
    ]);
    assert.deepEqual(ids('/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'), [
      'patchAppsV1NamespacedDeploymentScale',
      'readAppsV1NamespacedDeploymentScale',
      'replaceAppsV1NamespacedDeploymentScale',
    ]);
    assert.equal(operation(core, '/api/v1/nodes/{name}', 'get').operationId, 'readCoreV1Node');
    assert.equal(
      operation(core, '/api/v1/namespaces/{name}/finalize', 'put').operationId,
      'replaceCoreV1NamespaceFinalize',
    );
    assert.equal(
      operation(core, '/api/v1/namespaces/{namespace}/pods/{name}/binding', 'post').operationId,
      'createCoreV1NamespacedPodBinding',
    );
    assert.equal(operation(apps, '/apis/apps/v1/', 'get').operationId, 'getAppsV1APIResources');
  });

  it('gives PATCH the GVK object, fieldValidation and every patch content type', () => {
    const patch = operation(apps, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'patch');
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    assert.equal(patch['x-kubernetes-action'], 'patch');
    assert.deepEqual(parameterNames(patch), ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
    assert.deepEqual(Object.keys(patch.requestBody?.content ?? {}).sort(), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    assert.deepEqual(patch.responses['200']?.content?.['application/json']?.schema, {
      $ref: `${schemaRefPrefix}io.k8s.api.apps.v1.Deployment`,
    });
    const podPatch = operation(core, '/api/v1/namespaces/{namespace}/pods/{name}', 'patch');
    assert.deepEqual(podPatch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Pod' });
    assert.ok(parameterNames(podPatch).includes('fieldValidation'));
    // The scale subresource speaks autoscaling/v1 Scale.
    assert.deepEqual(
      operation(apps, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale', 'patch')[
        'x-kubernetes-group-version-kind'
      ],
      { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    );
  });

  it('lists the query parameters of each verb', () => {
    const list = operation(core, '/api/v1/namespaces/{namespace}/pods', 'get');
    assert.deepEqual(parameterNames(list), [
      'allowWatchBookmarks',
      'continue',
      'fieldSelector',
      'labelSelector',
      'limit',
      'resourceVersion',
      'resourceVersionMatch',
      'sendInitialEvents',
      'timeoutSeconds',
      'watch',
    ]);
    assert.deepEqual(parameterNames(operation(core, '/api/v1/namespaces/{namespace}/pods', 'post')), [
      'dryRun',
      'fieldManager',
      'fieldValidation',
    ]);
    const del = parameterNames(operation(core, '/api/v1/namespaces/{namespace}/pods/{name}', 'delete'));
    for (const p of ['dryRun', 'gracePeriodSeconds', 'orphanDependents', 'propagationPolicy'])
      assert.ok(del.includes(p), p);
    const delCollection = parameterNames(operation(core, '/api/v1/namespaces/{namespace}/pods', 'delete'));
    for (const p of ['labelSelector', 'fieldSelector', 'gracePeriodSeconds', 'propagationPolicy']) {
      assert.ok(delCollection.includes(p), p);
    }
    assert.deepEqual(
      core.paths['/api/v1/namespaces/{namespace}/pods/{name}']?.parameters?.map((p) => [p.name, p.in]),
      [
        ['name', 'path'],
        ['namespace', 'path'],
        ['pretty', 'query'],
      ],
    );
  });

  it('documents cluster-scoped resources without namespace paths', () => {
    assert.ok(core.paths['/api/v1/nodes']);
    assert.ok(core.paths['/api/v1/watch/nodes/{name}']);
    assert.equal(core.paths['/api/v1/namespaces/{namespace}/nodes'], undefined);
    // Namespaces have no deletecollection verb.
    assert.equal(core.paths['/api/v1/namespaces']?.delete, undefined);
    assert.equal(operation(core, '/api/v1/watch/nodes', 'get')['x-kubernetes-action'], 'watchlist');
  });

  it('carries the transitive closure of referenced schemas', () => {
    const schemas = apps.components.schemas;
    for (const name of [
      'io.k8s.api.apps.v1.Deployment',
      'io.k8s.api.apps.v1.DeploymentList',
      'io.k8s.api.core.v1.PodSpec',
      'io.k8s.api.core.v1.Container',
      'io.k8s.api.autoscaling.v1.Scale',
      `${meta}.ObjectMeta`,
      `${meta}.ListMeta`,
      `${meta}.Status`,
      `${meta}.DeleteOptions`,
      `${meta}.WatchEvent`,
      `${meta}.Patch`,
      `${meta}.APIResourceList`,
      'io.k8s.apimachinery.pkg.api.resource.Quantity',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    ]) {
      assert.ok(schemas[name], name);
    }
    for (const ref of refsIn(apps)) {
      assert.ok(ref.startsWith(schemaRefPrefix), ref);
      assert.ok(schemas[ref.slice(schemaRefPrefix.length)], `dangling ${ref}`);
    }
    // Nothing unrelated: no Service schema in apps/v1.
    assert.equal(schemas['io.k8s.api.core.v1.Service'], undefined);
  });

  it('omits strategic merge patch for custom resources and synthesizes missing schemas', () => {
    const doc = openApiV3Document('stable.example.com', 'v1', [...builtinResources, cronTab]);
    const patch = operation(
      doc,
      '/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}',
      'patch',
    );
    assert.equal(patch.operationId, 'patchStableExampleComV1NamespacedCronTab');
    assert.deepEqual(Object.keys(patch.requestBody?.content ?? {}).sort(), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
    assert.ok(parameterNames(patch).includes('fieldValidation'));
    const schema = doc.components.schemas['com.example.stable.v1.CronTab'];
    assert.deepEqual(schema?.['x-kubernetes-group-version-kind'], [
      { group: 'stable.example.com', version: 'v1', kind: 'CronTab' },
    ]);
    assert.equal(schema?.['x-kubernetes-preserve-unknown-fields'], true);
    assert.ok(doc.components.schemas['com.example.stable.v1.CronTabList']);
    assert.ok(doc.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  });

  it('prefers schemas supplied for custom resources', () => {
    const crontabSchema: OpenApiSchema = {
      type: 'object',
      properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' } } } },
      'x-kubernetes-group-version-kind': [{ group: 'stable.example.com', version: 'v1', kind: 'CronTab' }],
    };
    const doc = openApiV3Document('stable.example.com', 'v1', [cronTab], {
      extraDefinitions: { 'com.example.stable.v1.CronTab': crontabSchema },
    });
    assert.deepEqual(doc.components.schemas['com.example.stable.v1.CronTab'], crontabSchema);
  });

  it('builds each document once and serializes it with a stable hash', () => {
    const a = serializedOpenApiV3Document('apps', 'v1', builtinResources);
    const b = serializedOpenApiV3Document('apps', 'v1', [...builtinResources]);
    assert.equal(a, b);
    assert.equal(a.document, apps);
    assert.match(a.hash, /^[0-9A-F]{128}$/);
    assert.deepEqual(JSON.parse(a.body), a.document);
    assert.ok(Object.isFrozen(a.document.paths));
  });
});
