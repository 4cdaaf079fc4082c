import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage } from './decode-message.js';
import { decodeKubernetesProtobuf } from './envelope.js';
import { ProtobufDecodeError } from './protobuf-error.js';
import { messageSpec } from './registry.js';
import { bField, dField, envelope, mapEntry, message, varint, vField } from './wire-writer.js';

function decode(name: string, bytes: Uint8Array): unknown {
  return decodeMessage(messageSpec(name), bytes);
}

describe('decodeMessage: presence and zero values', () => {
  it('keeps a present zero of a pointer field, drops one of an omitempty field, prints present messages', () => {
    const spec = message(
      vField(1, 0), // replicas *int32
      vField(5, 0), // minReadySeconds int32 omitempty
      vField(7, false), // paused bool omitempty
      bField(4, [bField(1, '')]), // strategy {type: ""}
    );
    assert.deepEqual(decode('appsv1.DeploymentSpec', spec), { replicas: 0, strategy: {} });
  });

  it('keeps a present zero of a field without omitempty (PriorityClass.value, SSAR status.allowed)', () => {
    assert.deepEqual(decode('schedulingv1.PriorityClass', message(vField(2, 0), vField(3, false))), {
      value: 0,
    });
    assert.deepEqual(decode('authorizationv1.SubjectAccessReviewStatus', message(vField(1, false))), {
      allowed: false,
    });
  });

  it('leaves absent fields absent', () => {
    assert.deepEqual(decode('appsv1.DeploymentSpec', new Uint8Array(0)), {});
  });

  it('prints fields in struct order, not wire order', () => {
    const cm = message(mapEntry(2, 'a', bField(2, 'b')), vField(4, true), bField(1, [bField(1, 'x')]));
    assert.deepEqual(Object.keys(decode('corev1.ConfigMap', cm) as object), [
      'metadata',
      'immutable',
      'data',
    ]);
  });

  it('skips unknown field numbers, as gogo does', () => {
    const ns = message(vField(99, 5), bField(98, 'junk'), bField(1, [bField(1, 'foo')]));
    assert.deepEqual(decode('corev1.Namespace', ns), { metadata: { name: 'foo' } });
  });

  it('reports a wrong wire type with the Go field name', () => {
    assert.throws(
      () => decode('appsv1.DeploymentSpec', message(bField(1, 'two'))),
      new ProtobufDecodeError('proto: wrong wireType = 2 for field Replicas'),
    );
  });
});

describe('decodeMessage: collections', () => {
  it('prints map keys sorted and bytes values as base64', () => {
    const secret = message(
      mapEntry(2, 'z', bField(2, Uint8Array.of(0xff, 0x00))),
      mapEntry(2, 'a', bField(2, 'hi')),
      mapEntry(2, 'empty', new Uint8Array(0)),
    );
    const out = decode('corev1.Secret', secret) as { data: Record<string, string> };
    assert.deepEqual(Object.keys(out.data), ['a', 'empty', 'z']);
    assert.deepEqual(out.data, { a: 'aGk=', empty: '', z: '/wA=' });
  });

  it('keeps a "__proto__" map key as data', () => {
    const cm = decode('corev1.ConfigMap', message(mapEntry(2, '__proto__', bField(2, 'x')))) as {
      data: Record<string, string>;
    };
    assert.equal(Object.getPrototypeOf(cm.data), Object.prototype);
    assert.deepEqual(Object.entries(cm.data), [['__proto__', 'x']]);
  });

  it('reads repeated scalars both unpacked (Go) and packed', () => {
    const unpacked = message(vField(4, 1000), vField(4, 2000));
    const packed = message(bField(4, message(varint(1000), varint(2000))));
    for (const bytes of [unpacked, packed]) {
      assert.deepEqual(decode('corev1.PodSecurityContext', bytes), { supplementalGroups: [1000, 2000] });
    }
  });

  it('decodes int64 beyond int32 and negative values', () => {
    const meta = message(vField(7, 2n ** 40n), vField(10, -1));
    assert.deepEqual(decode('metav1.ObjectMeta', meta), {
      generation: 2 ** 40,
      deletionGracePeriodSeconds: -1,
    });
  });

  it('renders a zero Time inside a map as null', () => {
    const status = message(
      mapEntry(2, 'p1', bField(2, new Uint8Array(0))),
      mapEntry(2, 'p2', bField(2, [vField(1, 60)])),
    );
    assert.deepEqual(decode('policyv1.PodDisruptionBudgetStatus', status), {
      disruptedPods: { p1: null, p2: '1970-01-01T00:01:00Z' },
    });
  });
});

describe('decodeMessage: Go types with their own JSON shape', () => {
  it('inlines embedded structs (Volume.volumeSource, Probe.handler)', () => {
    const volume = message(bField(1, 'data'), bField(2, [bField(2, [bField(1, 'Memory')])]));
    assert.deepEqual(decode('corev1.Volume', volume), { name: 'data', emptyDir: { medium: 'Memory' } });
    const probe = message(bField(1, [bField(1, [bField(1, 'true')])]), vField(3, 5));
    assert.deepEqual(decode('corev1.Probe', probe), { exec: { command: ['true'] }, timeoutSeconds: 5 });
  });

  it('renders ExtraValue as a bare string list', () => {
    const spec = message(
      bField(3, 'alice'),
      mapEntry(5, 'scopes', bField(2, [bField(1, 'a'), bField(1, 'b')])),
      mapEntry(5, 'none', bField(2, [])),
    );
    assert.deepEqual(decode('authorizationv1.SubjectAccessReviewSpec', spec), {
      user: 'alice',
      extra: { none: [], scopes: ['a', 'b'] },
    });
  });

  it('renders JSONSchemaPropsOrBool and OrArray as a schema, a bool or a list', () => {
    const schema = message(
      bField(5, 'object'),
      bField(30, [vField(1, false)]), // additionalProperties: false
      bField(33, [vField(1, true), bField(2, [bField(5, 'string')])]), // additionalItems: schema wins
      bField(24, [bField(2, [bField(5, 'integer')])]), // items: a list of schemas
      dField(9, 0), // maximum *float64 = 0
      vField(38, true), // x-kubernetes-preserve-unknown-fields
      bField(3, '#/x'), // $ref
    );
    assert.deepEqual(decode('apiextensionsv1.JSONSchemaProps', schema), {
      $ref: '#/x',
      type: 'object',
      maximum: 0,
      items: [{ type: 'integer' }],
      additionalProperties: false,
      additionalItems: { type: 'string' },
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('embeds RawExtension JSON, and a nested protobuf object as its JSON', () => {
    const json = message(bField(2, [bField(1, '{"a":[1,2]}')]), vField(3, 4));
    assert.deepEqual(decode('appsv1.ControllerRevision', json), { data: { a: [1, 2] }, revision: 4 });
    const nested = envelope('v1', 'Namespace', message(bField(1, [bField(1, 'inner')])));
    assert.deepEqual(decode('appsv1.ControllerRevision', message(bField(2, [bField(1, nested)]))), {
      data: { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'inner' } },
    });
    assert.throws(
      () => decode('appsv1.ControllerRevision', message(bField(2, [bField(1, 'not json')]))),
      ProtobufDecodeError,
    );
  });

  it('decodes managedFields with their fieldsV1 JSON and time', () => {
    const entry = message(
      bField(1, 'kubectl'),
      bField(2, 'Update'),
      bField(3, 'v1'),
      bField(4, [vField(1, 1735689600)]),
      bField(6, 'FieldsV1'),
      bField(7, [bField(1, '{"f:data":{}}')]),
    );
    assert.deepEqual(decode('metav1.ObjectMeta', message(bField(17, entry))), {
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2025-01-01T00:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': {} },
        },
      ],
    });
  });
});

describe('decodeKubernetesProtobuf: option kinds and subresource bodies', () => {
  it('decodes a policy/v1 Eviction with its DeleteOptions', () => {
    const raw = message(
      bField(1, [bField(1, 'web-1'), bField(3, 'default')]),
      bField(2, [vField(1, 0), bField(2, [bField(1, 'uid-1')]), bField(4, 'Foreground'), bField(5, 'All')]),
    );
    assert.deepEqual(decodeKubernetesProtobuf(envelope('policy/v1', 'Eviction', raw)).object, {
      kind: 'Eviction',
      apiVersion: 'policy/v1',
      metadata: { name: 'web-1', namespace: 'default' },
      deleteOptions: {
        gracePeriodSeconds: 0,
        preconditions: { uid: 'uid-1' },
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
      },
    });
  });

  it('accepts DeleteOptions under any served group version, as upstream registers it in each', () => {
    for (const apiVersion of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
      const d = decodeKubernetesProtobuf(envelope(apiVersion, 'DeleteOptions', message(vField(3, false))));
      assert.deepEqual(d.object, { kind: 'DeleteOptions', apiVersion, orphanDependents: false });
    }
  });

  it('decodes an autoscaling/v1 Scale with replicas', () => {
    const raw = message(bField(1, [bField(1, 'web')]), bField(2, [vField(1, 3)]));
    assert.deepEqual(decodeKubernetesProtobuf(envelope('autoscaling/v1', 'Scale', raw)).object, {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web' },
      spec: { replicas: 3 },
    });
  });
});
