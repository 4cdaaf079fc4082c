// The envelope of every Kubernetes protobuf body: the magic "k8s\0", then a runtime.Unknown
// {1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}. (This TypeMeta is
// runtime's, which numbers apiVersion first; metav1.TypeMeta numbers kind first.)
import { WireReader, WireType } from './wire-reader.js';
import { ProtobufDecodeError } from './protobuf-error.js';

/** The four bytes every Kubernetes protobuf body starts with. */
export const kubernetesProtobufMagic: Uint8Array = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** A decoded runtime.Unknown: what the object claims to be and its still-encoded bytes. */
export interface UnknownEnvelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
  readonly contentEncoding: string;
  readonly contentType: string;
}

/** True when the bytes start with the Kubernetes protobuf magic. */
export function hasKubernetesProtobufMagic(bytes: Uint8Array): boolean {
  return kubernetesProtobufMagic.every((b, i) => bytes[i] === b);
}

const utf8 = new TextDecoder();

function stringField(r: WireReader, wire: number, field: string): string {
  if (wire !== WireType.bytes)
    throw new ProtobufDecodeError(`proto: wrong wireType = ${wire} for field ${field}`);
  return utf8.decode(r.bytes());
}

/** Reads the runtime.Unknown that follows the magic. */
export function readUnknown(bytes: Uint8Array): UnknownEnvelope {
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array(0);
  let contentEncoding = '';
  let contentType = '';
  const r = new WireReader(bytes);
  while (!r.done()) {
    const { field, wire } = r.key('Unknown');
    if (field === 1) {
      if (wire !== WireType.bytes)
        throw new ProtobufDecodeError(`proto: wrong wireType = ${wire} for field TypeMeta`);
      const t = new WireReader(r.bytes());
      while (!t.done()) {
        const k = t.key('TypeMeta');
        if (k.field === 1) apiVersion = stringField(t, k.wire, 'APIVersion');
        else if (k.field === 2) kind = stringField(t, k.wire, 'Kind');
        else t.skip(k.wire);
      }
    } else if (field === 2) {
      if (wire !== WireType.bytes)
        throw new ProtobufDecodeError(`proto: wrong wireType = ${wire} for field Raw`);
      raw = r.bytes();
    } else if (field === 3) contentEncoding = stringField(r, wire, 'ContentEncoding');
    else if (field === 4) contentType = stringField(r, wire, 'ContentType');
    else r.skip(wire);
  }
  return { apiVersion, kind, raw, contentEncoding, contentType };
}
