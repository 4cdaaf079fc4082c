import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf, isKubernetesProtobuf } from './envelope.js';
import { ProtobufDecodeError, protobufErrorMessage } from './protobuf-error.js';
import { kubernetesProtobufMagic } from './unknown.js';
import { bField, envelope, message } from './wire-writer.js';

function failure(body: Uint8Array): ProtobufDecodeError {
  try {
    decodeKubernetesProtobuf(body);
  } catch (err) {
    assert.ok(err instanceof ProtobufDecodeError, String(err));
    return err;
  }
  assert.fail('decoded');
}

const configMap = message(bField(1, [bField(1, 'cm')]), bField(2, [bField(1, 'a'), bField(2, 'b')]));

describe('isKubernetesProtobuf', () => {
  it('matches the media type in any case, with or without parameters', () => {
    assert.equal(isKubernetesProtobuf('application/vnd.kubernetes.protobuf'), true);
    assert.equal(isKubernetesProtobuf('Application/Vnd.Kubernetes.Protobuf; charset=binary'), true);
    assert.equal(isKubernetesProtobuf('application/json'), false);
    assert.equal(isKubernetesProtobuf('application/vnd.kubernetes.protobuf+json'), false);
    assert.equal(isKubernetesProtobuf(''), false);
  });
});

describe('decodeKubernetesProtobuf', () => {
  it('returns the envelope kind and the object with kind and apiVersion first', () => {
    const d = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', configMap));
    assert.equal(d.apiVersion, 'v1');
    assert.equal(d.kind, 'ConfigMap');
    assert.deepEqual(d.object, {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'cm' },
      data: { a: 'b' },
    });
    assert.deepEqual(Object.keys(d.object).slice(0, 2), ['kind', 'apiVersion']);
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const body = envelope('v1', 'ConfigMap', configMap);
    const padded = new Uint8Array(body.length + 8);
    padded.set(body, 4);
    assert.equal(decodeKubernetesProtobuf(padded.subarray(4, 4 + body.length)).kind, 'ConfigMap');
  });

  it('rejects garbage with upstream cause texts, attributed to the kind once known', () => {
    const truncated = envelope('v1', 'ConfigMap', configMap);
    const cases: [Uint8Array, string, string | undefined][] = [
      [new Uint8Array(0), 'empty data', undefined],
      [
        new TextEncoder().encode('{"kind":"ConfigMap"}'),
        'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
        undefined,
      ],
      [kubernetesProtobufMagic, 'empty body', undefined],
      [truncated.subarray(0, 9), 'unexpected EOF', undefined],
      [truncated.subarray(0, truncated.length - 1), 'unexpected EOF', undefined],
      [
        envelope('v1', 'Frobnicator', new Uint8Array(0)),
        'no kind "Frobnicator" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
        'Frobnicator',
      ],
      [
        envelope('example.com/v1', 'Widget', new Uint8Array(0)),
        'no kind "Widget" is registered for version "example.com/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
        'Widget',
      ],
      [
        envelope('v1', '', configMap),
        `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
        '',
      ],
      [
        envelope('', 'ConfigMap', configMap),
        `Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:"", Kind:"ConfigMap"}'`,
        'ConfigMap',
      ],
      [
        envelope('v1', 'ConfigMap', message(bField(2, [bField(1, 'a')]), Uint8Array.of(0x12, 0x05))),
        'unexpected EOF',
        'ConfigMap',
      ],
    ];
    for (const [body, cause, kind] of cases) {
      const err = failure(body);
      assert.equal(err.message, cause);
      assert.equal(err.declared?.kind, kind, cause);
    }
  });

  it("phrases the 400 message as upstream's transformDecodeError", () => {
    const unknownKind = envelope('v1', 'Frobnicator', new Uint8Array(0));
    assert.equal(
      protobufErrorMessage(failure(unknownKind), unknownKind, 'ConfigMap'),
      'Frobnicator in version "v1" cannot be handled as a ConfigMap: no kind "Frobnicator" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
    const badObject = envelope('apps/v1', 'Deployment', Uint8Array.of(0x0a, 0x05));
    assert.equal(
      protobufErrorMessage(failure(badObject), badObject),
      'Deployment in version "v1" cannot be handled as a Deployment: unexpected EOF',
    );
    const json = new TextEncoder().encode('{"kind":"ConfigMap","apiVersion":"v1","metadata":{}}');
    assert.equal(
      protobufErrorMessage(failure(json), json, 'ConfigMap'),
      'the object provided is unrecognized (must be of type ConfigMap): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"ConfigMap","apiVersio ...)',
    );
    const garbage = Uint8Array.of(1, 2, 3);
    assert.match(
      protobufErrorMessage(failure(garbage), garbage),
      /^the object provided is unrecognized: .* \(010203\)$/,
    );
  });
});
