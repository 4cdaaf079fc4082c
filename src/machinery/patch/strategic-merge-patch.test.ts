import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../api/object.js';
import { SchemaNode } from '../../api/openapi/index.js';
import type { GroupVersionKind } from '../../api/scheme/resource-type.js';
import { strategicMergePatchErrorToStatus, StrategicMergePatchError } from './smp-error.js';
import { patchSchemaOf } from './smp-schema.js';
import { applyStrategicMergePatch, decodeStrategicMergePatch } from './strategic-merge-patch.js';

const deploymentKind: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'Deployment' };
const nodeKind: GroupVersionKind = { group: '', version: 'v1', kind: 'Node' };

function smp(gvk: GroupVersionKind, original: JsonObject, patch: JsonObject | null): JsonObject {
  const node = SchemaNode.forKind(gvk);
  assert.ok(node, `no schema for ${gvk.kind}`);
  return applyStrategicMergePatch(original, patch, patchSchemaOf(node));
}

const deploy = (original: JsonObject, patch: JsonObject): JsonObject => smp(deploymentKind, original, patch);

function withContainers(containers: JsonObject[], extra: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 1, template: { spec: { containers, ...extra } } },
  };
}

function podSpec(d: JsonObject): JsonObject {
  return ((d['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
}

describe('applyStrategicMergePatch: what kubectl apply sends (kubectl-protocol §6.3)', () => {
  it('updates replicas and an env var (merge lists by name)', () => {
    const live = withContainers([
      { name: 'nginx', image: 'nginx', env: [{ name: 'A', value: '1' }], imagePullPolicy: 'Always' },
    ]);
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{…new manifest…}\n' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [
              { '$setElementOrder/env': [{ name: 'A' }], env: [{ name: 'A', value: '2' }], name: 'nginx' },
            ],
          },
        },
      },
    };
    assert.deepEqual(deploy(live, patch), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'default',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{…new manifest…}\n' },
      },
      spec: {
        replicas: 3,
        template: {
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx', env: [{ name: 'A', value: '2' }], imagePullPolicy: 'Always' },
            ],
          },
        },
      },
    });
  });

  it('removes a label, a finalizer, an env var, a port and a container; switches strategy and volume source; replaces tolerations', () => {
    const live: JsonObject = {
      metadata: {
        name: 'app',
        finalizers: ['example.com/a', 'example.com/b'],
        labels: { app: 'app', tier: 'web' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'old' },
      },
      spec: {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:1',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', value: '2' },
                ],
                ports: [
                  { containerPort: 80, protocol: 'TCP' },
                  { containerPort: 443, protocol: 'TCP' },
                ],
              },
              { name: 'side', image: 'side:1' },
            ],
            tolerations: [{ key: 'k1', operator: 'Exists' }],
            volumes: [{ name: 'data', emptyDir: {} }],
            restartPolicy: 'Always',
          },
        },
      },
    };
    // Verbatim from the reference, the annotation's value aside.
    const patch: JsonObject = {
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['example.com/b'],
        '$setElementOrder/finalizers': ['example.com/a'],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new' },
        labels: { tier: null },
      },
      spec: {
        strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' },
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }],
            '$setElementOrder/volumes': [{ name: 'data' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }],
                '$setElementOrder/ports': [{ containerPort: 80 }],
                env: [{ $patch: 'delete', name: 'B' }],
                image: 'app:2',
                name: 'app',
                ports: [{ $patch: 'delete', containerPort: 443 }],
              },
              { $patch: 'delete', name: 'side' },
            ],
            tolerations: [{ key: 'k2', operator: 'Exists' }],
            volumes: [
              { $retainKeys: ['hostPath', 'name'], emptyDir: null, hostPath: { path: '/tmp' }, name: 'data' },
            ],
          },
        },
      },
    };
    const out = deploy(live, patch);
    assert.deepEqual(out, {
      metadata: {
        name: 'app',
        finalizers: ['example.com/a'],
        labels: { app: 'app' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new' },
      },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:2',
                env: [{ name: 'A', value: '1' }],
                ports: [{ containerPort: 80, protocol: 'TCP' }],
              },
            ],
            tolerations: [{ key: 'k2', operator: 'Exists' }],
            volumes: [{ name: 'data', hostPath: { path: '/tmp' } }],
            restartPolicy: 'Always',
          },
        },
      },
    });
    assert.ok(!JSON.stringify(out).includes('$'), 'no directive is left in the result');
  });

  it('adds a container and a volume the live object lacks, in the order given', () => {
    const live = withContainers([{ name: 'a', image: 'a' }]);
    const out = deploy(live, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
            '$setElementOrder/volumes': [{ name: 'v' }],
            containers: [{ name: 'b', image: 'b' }],
            volumes: [{ name: 'v', emptyDir: {} }],
          },
        },
      },
    });
    assert.deepEqual(podSpec(out), {
      containers: [
        { name: 'b', image: 'b' },
        { name: 'a', image: 'a' },
      ],
      volumes: [{ name: 'v', emptyDir: {} }],
    });
  });

  it('is a no-op for an empty or null patch', () => {
    const live = withContainers([{ name: 'a', image: 'a' }]);
    assert.deepEqual(deploy(live, {}), live);
    assert.deepEqual(smp(deploymentKind, live, null), live);
  });
});

describe('applyStrategicMergePatch: kubectl patch, edit, set, rollout, node commands (§8)', () => {
  const live = withContainers([
    { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] },
    { name: 'log', image: 'busybox' },
  ]);

  it('kubectl set image / edit of an image', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'log' }],
            containers: [{ image: 'nginx:1.26', name: 'nginx' }],
          },
        },
      },
    };
    assert.deepEqual(podSpec(deploy(live, patch))['containers'], [
      { name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80 }] },
      { name: 'log', image: 'busybox' },
    ]);
    // kubectl edit of a one-container deployment names only that container.
    const edit = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [{ image: 'nginx:1.27', name: 'nginx' }],
          },
        },
      },
    };
    const single = withContainers([{ name: 'nginx', image: 'nginx:1.25' }]);
    assert.deepEqual(podSpec(deploy(single, edit))['containers'], [{ name: 'nginx', image: 'nginx:1.27' }]);
  });

  it('kubectl patch -p replicas, rollout pause and resume', () => {
    assert.equal((deploy(live, { spec: { replicas: 4 } })['spec'] as JsonObject)['replicas'], 4);
    const paused = deploy(live, { spec: { paused: true } });
    assert.equal((paused['spec'] as JsonObject)['paused'], true);
    const resumed = deploy(paused, { spec: { paused: null } });
    assert.equal(Object.hasOwn(resumed['spec'] as JsonObject, 'paused'), false);
  });

  it('kubectl rollout restart adds the annotation to the pod template', () => {
    const out = deploy(live, {
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' } },
        },
      },
    });
    const template = (out['spec'] as JsonObject)['template'] as JsonObject;
    assert.deepEqual(template['metadata'], {
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-01T00:00:00Z' },
    });
    assert.deepEqual(template['spec'], podSpec(live));
  });

  it('$patch: delete of a container and of a port', () => {
    const out = deploy(live, {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'nginx', ports: [{ containerPort: 80, $patch: 'delete' }] },
              { name: 'log', $patch: 'delete' },
            ],
          },
        },
      },
    });
    assert.deepEqual(podSpec(out)['containers'], [{ name: 'nginx', image: 'nginx:1.25', ports: [] }]);
  });

  it('cordon, uncordon and taint (an atomic list: the whole list replaces the live one)', () => {
    const node: JsonObject = {
      metadata: { name: 'n1' },
      spec: { podCIDRs: ['10.0.0.0/24'], taints: [{ key: 'old', effect: 'NoSchedule' }] },
    };
    const cordoned = smp(nodeKind, node, { spec: { unschedulable: true } });
    assert.deepEqual(cordoned['spec'], {
      podCIDRs: ['10.0.0.0/24'],
      taints: [{ key: 'old', effect: 'NoSchedule' }],
      unschedulable: true,
    });
    assert.deepEqual(smp(nodeKind, cordoned, { spec: { unschedulable: null } })['spec'], node['spec']);
    const tainted = smp(nodeKind, node, {
      spec: { taints: [{ effect: 'NoSchedule', key: 'key', value: 'value' }] },
    });
    assert.deepEqual((tainted['spec'] as JsonObject)['taints'], [
      { effect: 'NoSchedule', key: 'key', value: 'value' },
    ]);
  });

  it('tolerations, command and args are atomic', () => {
    const pod = withContainers([{ name: 'a', command: ['x', 'y'], args: ['1'] }], {
      tolerations: [{ key: 'a' }, { key: 'b' }],
    });
    const out = deploy(pod, {
      spec: {
        template: { spec: { tolerations: [{ key: 'c' }], containers: [{ name: 'a', command: ['z'] }] } },
      },
    });
    assert.deepEqual(podSpec(out), {
      containers: [{ name: 'a', command: ['z'], args: ['1'] }],
      tolerations: [{ key: 'c' }],
    });
  });
});

describe('applyStrategicMergePatch: maps and directives', () => {
  it('merges maps recursively and deletes on null', () => {
    const out = deploy(
      { metadata: { name: 'a', labels: { x: '1', y: '2' }, annotations: { k: 'v' } } },
      { metadata: { labels: { y: null, z: '3' }, annotations: null } },
    );
    assert.deepEqual(out, { metadata: { name: 'a', labels: { x: '1', z: '3' } } });
  });

  it('drops nulls and $patch maps from values the live object lacks', () => {
    const out = deploy(
      { metadata: { name: 'a' } },
      {
        metadata: { labels: { a: 'b', c: null } },
        spec: { template: { metadata: { $patch: 'delete' } }, replicas: 2 },
      },
    );
    assert.deepEqual(out, {
      metadata: { name: 'a', labels: { a: 'b' } },
      spec: { template: {}, replicas: 2 },
    });
  });

  it('$patch: replace in a map replaces it; $patch: delete leaves an empty map (upstream)', () => {
    const live = withContainers([{ name: 'a' }]);
    (live['spec'] as JsonObject)['selector'] = { matchLabels: { app: 'a', old: 'x' } };
    const replaced = deploy(live, { spec: { selector: { $patch: 'replace', matchLabels: { app: 'b' } } } });
    assert.deepEqual((replaced['spec'] as JsonObject)['selector'], { matchLabels: { app: 'b' } });
    const deleted = deploy(live, { spec: { selector: { $patch: 'delete' } } });
    assert.deepEqual((deleted['spec'] as JsonObject)['selector'], {});
  });

  it('$patch: replace as a list element makes the other elements the whole list', () => {
    const live = withContainers([{ name: 'a', image: 'a' }, { name: 'b' }]);
    const out = deploy(live, {
      spec: { template: { spec: { containers: [{ name: 'c', image: 'c' }, { $patch: 'replace' }] } } },
    });
    assert.deepEqual(podSpec(out)['containers'], [{ name: 'c', image: 'c' }]);
  });

  it('deletes every live element with the key of a $patch: delete element', () => {
    const live = withContainers([
      { name: 'a', env: [{ name: 'X', value: '1' }, { name: 'Y' }, { name: 'X', value: '2' }] },
    ]);
    const out = deploy(live, {
      spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'X', $patch: 'delete' }] }] } } },
    });
    assert.deepEqual(podSpec(out)['containers'], [{ name: 'a', env: [{ name: 'Y' }] }]);
  });

  it('finalizers are a primitive merge list: union, and $deleteFromPrimitiveList removes', () => {
    const live = { metadata: { name: 'a', finalizers: ['a', 'b'] } };
    assert.deepEqual(deploy(live, { metadata: { finalizers: ['c', 'a'] } })['metadata'], {
      name: 'a',
      finalizers: ['c', 'a', 'b'],
    });
    assert.deepEqual(
      deploy(live, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a', 'x'] } })['metadata'],
      {
        name: 'a',
        finalizers: ['b'],
      },
    );
    // A deletion list for a list that is not there deletes nothing and adds nothing.
    assert.deepEqual(
      deploy({ metadata: { name: 'a' } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }),
      {
        metadata: { name: 'a' },
      },
    );
  });

  it('$retainKeys clears what it does not list, whatever the field declares', () => {
    const live = withContainers([{ name: 'a' }], {
      volumes: [{ name: 'v', configMap: { name: 'cm' }, secret: { secretName: 's' } }],
    });
    const out = deploy(live, {
      spec: {
        template: {
          spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'secret'], secret: { optional: true } }] },
        },
      },
    });
    assert.deepEqual(podSpec(out)['volumes'], [{ name: 'v', secret: { secretName: 's', optional: true } }]);
  });

  it('keeps upstream quirks: new list elements keep their nulls and non-$patch directives', () => {
    const live = withContainers([{ name: 'a' }]);
    const out = deploy(live, {
      spec: {
        template: {
          spec: { containers: [{ name: 'b', image: null, '$setElementOrder/env': [{ name: 'X' }] }] },
        },
      },
    });
    // Without $setElementOrder, elements the patch adds come before the live ones.
    assert.deepEqual(podSpec(out)['containers'], [
      { name: 'b', image: null, '$setElementOrder/env': [{ name: 'X' }] },
      { name: 'a' },
    ]);
  });

  it('never mutates its inputs', () => {
    const live = withContainers([{ name: 'a', env: [{ name: 'X' }, { name: 'Y' }] }, { name: 'b' }]);
    const patch: JsonObject = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'a' }],
            containers: [
              { name: 'a', env: [{ name: 'X', $patch: 'delete' }, { name: 'Z' }] },
              { name: 'b', $patch: 'delete' },
            ],
          },
        },
      },
    };
    const liveCopy = structuredClone(live);
    const patchCopy = structuredClone(patch);
    deploy(live, patch);
    assert.deepEqual(live, liveCopy);
    assert.deepEqual(patch, patchCopy);
  });

  it('keeps a "__proto__" member as data', () => {
    const patch = JSON.parse('{"metadata":{"labels":{"__proto__":"x"}}}') as JsonObject;
    const out = deploy({ metadata: { name: 'a', labels: {} } }, patch);
    const labels = (out['metadata'] as JsonObject)['labels'] as JsonObject;
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    assert.deepEqual(Object.keys(labels), ['__proto__']);
  });
});

describe('applyStrategicMergePatch: failures as upstream reports them', () => {
  const live = withContainers([{ name: 'c', image: 'i' }]);
  (live['spec'] as JsonObject)['strategy'] = { type: 'RollingUpdate' };
  const cases: [string, JsonObject, JsonObject, number, string][] = [
    [
      'a merge list element without its merge key',
      live,
      { spec: { template: { spec: { containers: [{ image: 'zz' }] } } } },
      500,
      'map: map[image:zz] does not contain declared merge key: name',
    ],
    [
      '$patch: merge in a map',
      live,
      { metadata: { $patch: 'merge' } },
      500,
      'unknown patch type: merge in map: map[$patch:merge]',
    ],
    [
      'an unknown $patch value in a map',
      live,
      { spec: { $patch: 5 } },
      500,
      'unknown patch type: %!s(int64=5) in map: map[$patch:5]',
    ],
    [
      '$patch: merge as a list element',
      live,
      { spec: { template: { spec: { containers: [{ $patch: 'merge' }] } } } },
      500,
      'merging lists cannot yet be specified in the patch',
    ],
    [
      'an unknown $patch value as a list element',
      live,
      { spec: { template: { spec: { containers: [{ name: 'c', $patch: 'foo' }] } } } },
      500,
      'unknown patch type: foo in map: map[$patch:foo name:c]',
    ],
    [
      '$patch: delete without the merge key',
      live,
      { spec: { template: { spec: { containers: [{ $patch: 'delete', image: 'i' }] } } } },
      500,
      'map: map[$patch:delete image:i] does not contain declared merge key: name',
    ],
    [
      'a patch list that contradicts $setElementOrder',
      live,
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'zz' }],
              containers: [
                { name: 'c', image: 'q' },
                { name: 'n', image: 'n' },
              ],
            },
          },
        },
      },
      500,
      "The order in patch list:\n[map[image:q name:c] map[image:n name:n]]\n doesn't match $setElementOrder list:\n[map[name:zz]]\n",
    ],
    [
      'a $setElementOrder that is not a list',
      live,
      { spec: { template: { spec: { '$setElementOrder/containers': 'x' } } } },
      500,
      'expected a []interface {}, but received a string',
    ],
    [
      'elements of different types',
      { metadata: { finalizers: ['a'] } },
      { metadata: { finalizers: [1.5] } },
      500,
      'list element types are not identical: [[a] [1.5]]',
    ],
    [
      '$retainKeys that is not a list',
      live,
      { spec: { strategy: { $retainKeys: 'x' } } },
      400,
      'invalid patch format of retainKeys',
    ],
    [
      'a field missing from $retainKeys',
      live,
      { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
      400,
      'invalid patch format of retainKeys',
    ],
    [
      'a malformed $setElementOrder key',
      live,
      { spec: { $setElementOrderX: [] } },
      400,
      'invalid patch format of setElementOrder list',
    ],
    [
      'a malformed $deleteFromPrimitiveList key',
      live,
      { metadata: { $deleteFromPrimitiveListX: [] } },
      400,
      'invalid patch format of primitive list',
    ],
    [
      'a list of lists',
      { metadata: { finalizers: [] } },
      { metadata: { finalizers: [['a']] } },
      422,
      'the server rejected our request due to an error in our request',
    ],
  ];
  for (const [name, original, patch, code, message] of cases) {
    it(name, () => {
      assert.throws(
        () => deploy(original, patch),
        (err: unknown) => {
          assert.ok(err instanceof StrategicMergePatchError, String(err));
          const status = strategicMergePatchErrorToStatus(err);
          assert.equal(status.code, code);
          assert.equal(status.status.message, message);
          return true;
        },
      );
    });
  }

  it('answers a library error as a 500 without a reason, as upstream lets it through', () => {
    try {
      deploy(live, { metadata: { $patch: 'merge' } });
      assert.fail('expected a failure');
    } catch (err) {
      assert.ok(err instanceof StrategicMergePatchError);
      assert.equal(
        JSON.stringify(strategicMergePatchErrorToStatus(err).status),
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"unknown patch type: merge in map: map[$patch:merge]","code":500}',
      );
    }
  });

  it('cannot merge into raw JSON (RawExtension) objects, as Go cannot see their fields', () => {
    const node = SchemaNode.forKind({ group: 'apps', version: 'v1', kind: 'ControllerRevision' });
    assert.ok(node);
    const revision = { metadata: { name: 'r' }, data: { spec: { a: 1 } }, revision: 1 };
    const schema = patchSchemaOf(node);
    // Scalars below it are replaced without a lookup.
    assert.deepEqual(applyStrategicMergePatch(revision, { data: { x: 1 } }, schema)['data'], {
      spec: { a: 1 },
      x: 1,
    });
    assert.throws(() => applyStrategicMergePatch(revision, { data: { spec: { b: 2 } } }, schema), {
      message: 'unable to find api field in struct RawExtension for the json field "spec"',
    });
  });
});

describe('decodeStrategicMergePatch', () => {
  it('accepts an object or null', () => {
    assert.deepEqual(decodeStrategicMergePatch({ a: 1 }), { a: 1 });
    assert.equal(decodeStrategicMergePatch(null), null);
  });

  for (const [body, type] of [
    [[1], 'array'],
    ['x', 'string'],
    [1, 'number'],
    [true, 'bool'],
  ] as const) {
    it(`rejects a JSON ${type} with a 400`, () => {
      assert.throws(
        () => decodeStrategicMergePatch(body),
        (err: unknown) => {
          assert.ok(err instanceof StrategicMergePatchError);
          const status = strategicMergePatchErrorToStatus(err);
          assert.equal(status.code, 400);
          assert.equal(
            status.status.message,
            `json: cannot unmarshal ${type} into Go value of type map[string]interface {}`,
          );
          return true;
        },
      );
    });
  }
});
