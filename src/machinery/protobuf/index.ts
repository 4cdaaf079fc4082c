// Decoding of Kubernetes protobuf request bodies (kubectl's typed generators send only these).
export * from './envelope.js';
export * from './protobuf-error.js';
export type { DecodedObject } from './decode-message.js';
export { formatGoDuration } from './well-known.js';
export { hasKubernetesProtobufMagic, kubernetesProtobufMagic } from './unknown.js';
