// The public entry points: recognise the Kubernetes protobuf media type and turn such a request
// body into the JSON object the apiserver's handlers work on.
import { decodeEnvelope, type DecodedObject } from './decode-message.js';

/** The media type typed clients (kubectl's generators, client-go) send request bodies in. */
export const kubernetesProtobufMediaType = 'application/vnd.kubernetes.protobuf';

/** True when a Content-Type (parameters ignored, any case) is the Kubernetes protobuf type. */
export function isKubernetesProtobuf(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === kubernetesProtobufMediaType;
}

/**
 * Decodes "k8s\0" + runtime.Unknown into {apiVersion, kind, object}; `object` is the JSON form
 * (with kind and apiVersion) upstream would print. Throws ProtobufDecodeError for anything else.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedObject {
  return decodeEnvelope(body);
}
