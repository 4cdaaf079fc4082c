// Loads our trimmed runtime.v1 schema once and hands out the per-method wire codecs. The .proto lives
// next to this file in src/; tsc does not copy it to dist/, so the compiled module also looks for
// it in the source tree (dist/src/kubelet/cri → src/kubelet/cri), which is where it is found in a
// checkout, while a packaged build can ship it beside the .js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSync, type MethodDefinition } from '@grpc/proto-loader';

/** The wire codec and gRPC path of one CRI method. */
export interface CriMethod {
  /** e.g. "/runtime.v1.RuntimeService/RunPodSandbox". */
  readonly path: string;
  readonly serialize: (message: object) => Buffer;
  readonly deserialize: (bytes: Buffer) => unknown;
}

/** The CRI services by name ("RuntimeService", "ImageService"), each a map of method name → codec. */
export type CriSchema = ReadonlyMap<string, ReadonlyMap<string, CriMethod>>;

/** The candidate locations of runtime-v1.proto, beside this module first. */
export function protoFileCandidates(): string[] {
  return [
    fileURLToPath(new URL('./runtime-v1.proto', import.meta.url)),
    fileURLToPath(new URL('../../../../src/kubelet/cri/runtime-v1.proto', import.meta.url)),
  ];
}

/** The runtime-v1.proto in use; throws when neither candidate exists. */
export function protoFile(): string {
  const file = protoFileCandidates().find((f) => existsSync(f));
  if (file === undefined)
    throw new Error(`runtime-v1.proto not found (looked in ${protoFileCandidates().join(', ')})`);
  return file;
}

let cached: CriSchema | undefined;

/**
 * The loaded schema. Decoding yields camelCase fields, int64 as JS numbers (exact below 2^53),
 * enums as their names, bytes as Buffers, and every field present (unset messages as null).
 */
export function loadCriSchema(): CriSchema {
  if (cached !== undefined) return cached;
  const definition = loadSync(protoFile(), {
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const services = new Map<string, Map<string, CriMethod>>();
  for (const name of ['RuntimeService', 'ImageService']) {
    const service = definition[`runtime.v1.${name}`];
    // Message and enum definitions carry a `format`; services do not.
    if (service === undefined || 'format' in service)
      throw new Error(`runtime-v1.proto lacks service ${name}`);
    const methods = new Map<string, CriMethod>();
    for (const [method, def] of Object.entries(
      service as Record<string, MethodDefinition<object, unknown>>,
    )) {
      methods.set(method, {
        path: def.path,
        serialize: def.requestSerialize,
        deserialize: def.responseDeserialize,
      });
    }
    services.set(name, methods);
  }
  cached = services;
  return services;
}
