import { convertFromStorage, convertToStorage } from '../api/conversion/index.js';
import { defaultObject } from '../api/defaults/default-object.js';
import type { KubeObject } from '../api/object.js';
import { printerFor } from '../api/printers/printer-for.js';
import { apiVersionOf, type ResourceType } from '../api/scheme/resource-type.js';
import type { Backend } from '../storage/backend.js';
import type { ServedResource } from './endpoints/served-resource.js';
import { ResourceStore } from './registry/resource-store.js';
import type { ServiceAllocators } from './allocators/repair-allocations.js';
import { strategyFor } from './registry/strategies/strategy-for.js';
import type { Cacher } from './watch-cache/cacher.js';

/** Converts objects between one served version and the storage version. */
export interface VersionConverter {
  toStorage(object: KubeObject, served: ResourceType): KubeObject;
  fromStorage(object: KubeObject, served: ResourceType): KubeObject;
}

/**
 * Upstream's conversions (HPA autoscaling/v1 ↔ v2, events.k8s.io ↔ core Events); objects already in
 * the target version pass through untouched, so the common case costs nothing.
 */
export const builtinConverter: VersionConverter = {
  toStorage: (object, served) =>
    apiVersionOf(served) === served.storageApiVersion
      ? withKind(object, served.storageApiVersion, served.kind)
      : convertToStorage(object, served, served.storageApiVersion),
  fromStorage: (object, served) =>
    object.apiVersion === apiVersionOf(served)
      ? withKind(object, apiVersionOf(served), served.kind)
      : convertFromStorage(object, served),
};

function withKind(object: KubeObject, apiVersion: string, kind: string): KubeObject {
  if (object.apiVersion === apiVersion && object.kind === kind) return object;
  return { ...object, apiVersion, kind };
}

/**
 * Every served resource, looked up by group/version/resource. Versions of one resource share one
 * store (one storage prefix, one watch cache), as upstream's storage versions do.
 */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ServedResource>();
  private readonly stores = new Map<string, ResourceStore>();
  readonly types: ResourceType[] = [];

  /** Adds the resources of `types`, creating stores and caches as needed. */
  static async build(options: {
    types: readonly ResourceType[];
    backend: Backend;
    cacher: Cacher;
    allocators: ServiceAllocators;
    converter: VersionConverter;
  }): Promise<ResourceRegistry> {
    const registry = new ResourceRegistry();
    const strategies = new Map<string, ReturnType<typeof strategyFor>>();
    for (const type of options.types) {
      // Versions share the storage version's type, strategy and cache; each gets its own store view
      // so that errors name the resource the client addressed.
      const storageType =
        options.types.find(
          (t) => t.storagePrefix === type.storagePrefix && apiVersionOf(t) === t.storageApiVersion,
        ) ?? type;
      let strategy = strategies.get(type.storagePrefix);
      if (strategy === undefined) {
        strategy = strategyFor(storageType, { allocators: options.allocators });
        strategies.set(type.storagePrefix, strategy);
      }
      const store = new ResourceStore({
        type: storageType,
        servedType: type,
        strategy,
        backend: options.backend,
        cache: await options.cacher.cacheFor(type.storagePrefix),
        cacher: options.cacher,
      });
      if (type === storageType || !registry.stores.has(type.storagePrefix))
        registry.stores.set(type.storagePrefix, store);
      const printer = printerFor(type.group, type.kind);
      const conv = options.converter;
      registry.add({
        type,
        store,
        printer,
        toStorage: (o) => conv.toStorage(o, type),
        fromStorage: (o) => conv.fromStorage(o, type),
        applyDefaults: (o) => defaultObject(type.group, type.version, type.kind, o),
      });
    }
    return registry;
  }

  private add(served: ServedResource): void {
    this.byPath.set(`${served.type.group}/${served.type.version}/${served.type.resource}`, served);
    this.types.push(served.type);
  }

  /** The resource served at /apis/<group>/<version>/<resource>, or undefined. */
  lookup(group: string, version: string, resource: string): ServedResource | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  /** True when the group-version is served at all. */
  servesGroupVersion(group: string, version: string): boolean {
    return this.types.some((t) => t.group === group && t.version === version);
  }

  /** The preferred (first) served version of a core or named resource, for server-internal use. */
  preferred(group: string, resource: string): ServedResource {
    const t = this.types.find((x) => x.group === group && x.resource === resource);
    if (t === undefined) throw new Error(`resource ${resource}.${group} is not served`);
    return this.lookup(t.group, t.version, t.resource)!;
  }

  /** Every distinct store (for metrics). */
  allStores(): ResourceStore[] {
    return [...this.stores.values()];
  }
}
