// Replays, against the served JSON, what kubectl 1.32 does with /openapi/v3 (kubectl-protocol.md
// §2): find the group-version in the root, fetch the hashed document, decide whether the server
// validates fields (a PATCH operation with this GVK and a fieldValidation parameter), explain a
// field path and read strategic-merge metadata through `$ref`/`allOf`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinResources } from '../scheme/builtin-resources.js';
import type { GroupVersionKind } from '../scheme/resource-type.js';
import { serializedOpenApiV3Document } from './document.js';
import { parseOpenApiV3Path } from './naming.js';
import { openApiV3Root } from './root.js';

/** A JSON object as a client sees it after JSON.parse. */
type Json = Record<string, unknown>;

/** Steps into parsed JSON; missing keys and non-objects yield undefined, as in a Go client. */
function at(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

function object(value: unknown): Json {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), 'a JSON object');
  return value as Json;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function fetchDocument(gvk: GroupVersionKind): Json {
  const root = openApiV3Root(builtinResources);
  const key = gvk.group === '' ? `api/${gvk.version}` : `apis/${gvk.group}/${gvk.version}`;
  const url = new URL(
    root.paths[key]?.serverRelativeURL ?? assert.fail(`no ${key} in /openapi/v3`),
    'https://k8ts',
  );
  const gv = parseOpenApiV3Path(url.pathname.replace(/^\/openapi\/v3\//, ''));
  assert.ok(gv);
  const served = serializedOpenApiV3Document(gv.group, gv.version, builtinResources);
  assert.equal(url.searchParams.get('hash'), served.hash);
  return object(JSON.parse(served.body));
}

function sameGvk(a: unknown, gvk: GroupVersionKind): boolean {
  return at(a, 'group') === gvk.group && at(a, 'version') === gvk.version && at(a, 'kind') === gvk.kind;
}

/** cli-runtime's check: some PATCH operation for the GVK lists a fieldValidation query parameter. */
function supportsFieldValidation(doc: Json, gvk: GroupVersionKind): boolean | undefined {
  for (const item of Object.values(object(doc['paths']))) {
    const patch = at(item, 'patch');
    if (patch === undefined || !sameGvk(at(patch, 'x-kubernetes-group-version-kind'), gvk)) continue;
    return list(at(patch, 'parameters')).some(
      (p) => at(p, 'name') === 'fieldValidation' && at(p, 'in') === 'query',
    );
  }
  return undefined;
}

function schemaDeclaring(doc: Json, gvk: GroupVersionKind): Json {
  const top = Object.values(object(at(doc, 'components', 'schemas'))).find((s) =>
    list(at(s, 'x-kubernetes-group-version-kind')).some((g) => sameGvk(g, gvk)),
  );
  return object(top);
}

/** kubectl explain: the schema whose GVK array has the kind, then one field after another. */
function explain(doc: Json, gvk: GroupVersionKind, fieldPath: string[]): Json {
  const schemas = object(at(doc, 'components', 'schemas'));
  const deref = (s: Json): Json => {
    let current = s;
    for (;;) {
      const ref = current['$ref'];
      const allOf = list(current['allOf']);
      if (current['items'] !== undefined) current = object(current['items']);
      else if (typeof ref === 'string') current = object(schemas[ref.replace('#/components/schemas/', '')]);
      else if (allOf.length === 1) current = object(allOf[0]);
      else return current;
    }
  };
  let schema = schemaDeclaring(doc, gvk);
  for (const field of fieldPath) {
    const property = object(at(deref(schema), 'properties', field));
    assert.equal(typeof property['description'], 'string', `${field} is described`);
    schema = property;
  }
  return schema;
}

describe('kubectl against the served /openapi/v3', () => {
  it('finds fieldValidation support for every patchable built-in kind', () => {
    for (const r of builtinResources.filter((res) => res.verbs.includes('patch'))) {
      const gvk = { group: r.group, version: r.version, kind: r.kind };
      assert.equal(
        supportsFieldValidation(fetchDocument(gvk), gvk),
        true,
        `${r.resource}.${r.group}/${r.version}`,
      );
    }
  });

  it('explains deployment.spec.template.spec.containers.ports', () => {
    const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
    const doc = fetchDocument(gvk);
    const ports = explain(doc, gvk, ['spec', 'template', 'spec', 'containers', 'ports']);
    assert.equal(ports['type'], 'array');
    const port = at(doc, 'components', 'schemas', 'io.k8s.api.core.v1.ContainerPort');
    assert.deepEqual(at(port, 'required'), ['containerPort']);
    assert.equal(at(port, 'properties', 'containerPort', 'type'), 'integer');
    assert.equal(at(port, 'properties', 'containerPort', 'format'), 'int32');
    const replicas = explain(doc, gvk, ['spec', 'replicas']);
    assert.equal(replicas['format'], 'int32');
    assert.match(
      String(explain(doc, gvk, ['metadata', 'labels'])['description']),
      /Map of string keys and values/,
    );
  });

  it('publishes strategic-merge metadata along the paths kubectl apply diffs', () => {
    const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
    const doc = fetchDocument(gvk);
    const patch = at(doc, 'paths', '/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'patch');
    assert.ok(at(patch, 'requestBody', 'content', 'application/strategic-merge-patch+json'));
    const containers = explain(doc, gvk, ['spec', 'template', 'spec', 'containers']);
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge');
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
    const env = explain(doc, gvk, ['spec', 'template', 'spec', 'containers', 'env']);
    assert.equal(env['x-kubernetes-patch-merge-key'], 'name');
    const volumes = explain(doc, gvk, ['spec', 'template', 'spec', 'volumes']);
    assert.equal(volumes['x-kubernetes-patch-strategy'], 'merge,retainKeys');
    assert.equal(explain(doc, gvk, ['spec', 'strategy'])['x-kubernetes-patch-strategy'], 'retainKeys');
    assert.equal(explain(doc, gvk, ['metadata', 'finalizers'])['x-kubernetes-patch-strategy'], 'merge');
  });

  it('explains core kinds with their GVK headers', () => {
    const gvk = { group: '', version: 'v1', kind: 'Pod' };
    const doc = fetchDocument(gvk);
    const restart = explain(doc, gvk, ['spec', 'restartPolicy']);
    assert.equal(restart['type'], 'string');
    const pod = schemaDeclaring(doc, gvk);
    assert.ok(Array.isArray(pod['x-kubernetes-group-version-kind']));
    assert.equal(pod['type'], 'object');
    assert.match(String(pod['description']), /Pod is a collection of containers/);
    assert.ok(at(pod, 'properties', 'spec', 'allOf'));
  });
});
