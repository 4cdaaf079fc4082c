import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTypeForKind, deducedType, type ApplyType } from './apply-type.js';
import { compareTyped } from './compare.js';
import { toFieldsV1 } from './fields-v1.js';
import { mergeTyped } from './merge.js';
import { pathToString } from './path-element.js';
import { fieldSetOf } from './to-field-set.js';
import { validateTyped, validationMessage } from './validate.js';
import { widgetType } from './apply-test-support.js';

function kind(group: string, version: string, k: string): ApplyType {
  const t = applyTypeForKind({ group, version, kind: k });
  assert.ok(t, `${k} has a schema`);
  return t;
}

const pod = kind('', 'v1', 'Pod');
const deployment = kind('apps', 'v1', 'Deployment');

const podWith = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...metadata },
  spec,
});

describe('mergeTyped', () => {
  it('merges list-map elements by key, keeping live-only elements near their neighbours', () => {
    const c = (name: string, image = name) => ({ name, image });
    const merged = mergeTyped(
      podWith({ containers: [c('a'), c('b'), c('c')] }),
      podWith({ containers: [c('c', 'c2'), c('a')] }),
      pod,
    ) as { spec: { containers: unknown[] } };
    assert.deepEqual(merged.spec.containers, [c('b'), c('c', 'c2'), c('a')]);
  });

  it('merges env by name and ports by containerPort+protocol (protocol defaulting to TCP)', () => {
    const live = podWith({
      containers: [
        {
          name: 'web',
          image: 'x',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
          ports: [
            { containerPort: 80, protocol: 'TCP', name: 'http' },
            { containerPort: 53, protocol: 'UDP' },
          ],
        },
      ],
    });
    const applied = podWith({
      containers: [
        { name: 'web', env: [{ name: 'B', value: '3' }], ports: [{ containerPort: 80, hostPort: 8080 }] },
      ],
    });
    const merged = mergeTyped(live, applied, pod) as { spec: { containers: Record<string, unknown>[] } };
    assert.deepEqual(merged.spec.containers[0], {
      name: 'web',
      image: 'x',
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '3' },
      ],
      ports: [
        { containerPort: 80, protocol: 'TCP', name: 'http', hostPort: 8080 },
        { containerPort: 53, protocol: 'UDP' },
      ],
    });
  });

  it('unions sets, replaces atomic lists and atomic maps', () => {
    const merged = mergeTyped(
      podWith({ tolerations: [{ key: 'a' }], nodeSelector: { a: '1', b: '2' } }, { finalizers: ['x', 'y'] }),
      podWith({ tolerations: [{ key: 'b' }], nodeSelector: { c: '3' } }, { finalizers: ['z', 'x'] }),
      pod,
    ) as { metadata: { finalizers: string[] }; spec: Record<string, unknown> };
    assert.deepEqual(merged.metadata.finalizers, ['z', 'x', 'y']);
    assert.deepEqual(merged.spec['tolerations'], [{ key: 'b' }]);
    assert.deepEqual(merged.spec['nodeSelector'], { c: '3' });
  });

  it('merges deduced (schemaless) maps granularly and lists atomically', () => {
    const merged = mergeTyped(
      { spec: { a: 1, l: [1, 2], m: { x: 1 } } },
      { spec: { b: 2, l: [3], m: { y: 2 } } },
      deducedType,
    );
    assert.deepEqual(merged, { spec: { a: 1, l: [3], m: { x: 1, y: 2 }, b: 2 } });
  });
});

describe('fieldSetOf', () => {
  it('owns struct fields only through their children, map keys and list elements as members', () => {
    const set = fieldSetOf(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', labels: { app: 'web' }, annotations: {} },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: { spec: { containers: [{ name: 'web', image: 'nginx', command: ['a'] }] } },
        },
      },
      deployment,
    );
    assert.deepEqual(toFieldsV1(set), {
      'f:apiVersion': {},
      'f:kind': {},
      'f:metadata': { 'f:annotations': {}, 'f:labels': { 'f:app': {} }, 'f:name': {} },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:spec': {
            'f:containers': { 'k:{"name":"web"}': { 'f:command': {}, 'f:image': {}, 'f:name': {}, '.': {} } },
          },
        },
      },
    });
  });

  it('owns every key of a deduced map as a member', () => {
    assert.deepEqual(toFieldsV1(fieldSetOf({ spec: { a: { b: 1 } } }, deducedType)), {
      'f:spec': { 'f:a': { 'f:b': {}, '.': {} }, '.': {} },
    });
  });
});

describe('compareTyped', () => {
  it('reports added, modified and removed paths', () => {
    const c = compareTyped(
      podWith({
        containers: [
          { name: 'a', image: '1' },
          { name: 'b', image: '1' },
        ],
      }),
      podWith(
        {
          containers: [
            { name: 'a', image: '2' },
            { name: 'c', image: '1' },
          ],
        },
        { labels: { x: 'y' } },
      ),
      pod,
    );
    const show = (s: typeof c.added) => s.paths().map(pathToString);
    assert.deepEqual(show(c.modified), ['.spec.containers[name="a"].image']);
    assert.deepEqual(show(c.added), [
      '.metadata.labels',
      '.metadata.labels.x',
      '.spec.containers[name="c"]',
      '.spec.containers[name="c"].image',
      '.spec.containers[name="c"].name',
    ]);
    assert.deepEqual(show(c.removed), [
      '.spec.containers[name="b"]',
      '.spec.containers[name="b"].image',
      '.spec.containers[name="b"].name',
    ]);
  });
});

describe('validateTyped', () => {
  it('reports elements without keys, duplicate keys and undeclared fields as upstream does', () => {
    const errors = validateTyped(podWith({ initContainers: [{ name: 'i' }, { name: 'i' }], bogus: 1 }), pod);
    assert.equal(
      validationMessage(errors),
      [
        'errors:',
        '  .spec.initContainers: duplicate entries for key [name="i"]',
        '  .spec.bogus: field not declared in schema',
      ].join('\n'),
    );
    assert.equal(
      validationMessage(validateTyped({ spec: { items: [{ name: 'a' }, { size: 2 }] } }, widgetType)),
      '.spec.items: element 1: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
    // Built-in required keys default to their zero value, as in upstream's OpenAPI (name: "").
    assert.deepEqual(validateTyped(podWith({ containers: [{ image: 'x' }] }), pod), []);
    assert.deepEqual(
      validateTyped(podWith({ containers: [{ name: 'a', ports: [{ containerPort: 1 }] }] }), pod),
      [],
    );
  });
});
