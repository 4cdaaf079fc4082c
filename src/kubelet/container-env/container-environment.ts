// A container's environment as the kubelet hands it to the runtime: envFrom first, then env in
// declaration order (value with $(VAR) expansion, fieldRef, resourceFieldRef, configMapKeyRef,
// secretKeyRef), then the service link variables nothing else defined. A failure is the message
// the kubelet shows as CreateContainerConfigError.
import type { ConfigMap, Container, Pod, Secret, Service } from 'kubernetes-types/core/v1.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { KeyValue } from '../cri/runtime-service.js';
import { secretBytes, type ConfigObjectSource } from './config-objects.js';
import { podFieldValue, type PodAddresses } from './pod-field-value.js';
import {
  containerResourceValue,
  podResourceFieldValue,
  withAllocatableLimits,
  type ResourceQuantities,
} from './resource-field-value.js';
import { serviceEnvVarMap } from './service-env-vars.js';
import { expandVariables, mappingFor } from './variable-expansion.js';

/** Everything the environment of one container depends on. */
export interface ContainerEnvInput {
  readonly pod: Pod;
  readonly container: Container;
  readonly addresses: PodAddresses;
  /**
   * Every Service the kubelet's informer holds (all namespaces), or undefined while it has not
   * listed them once: then only static pods may proceed, so KUBERNETES_SERVICE_HOST is never lost.
   */
  readonly services: readonly Service[] | undefined;
  /** Node allocatable (cpu, memory, ephemeral-storage): limits a container leaves unset. */
  readonly nodeAllocatable: ResourceQuantities;
  readonly objects: ConfigObjectSource;
  readonly signal?: AbortSignal;
}

/** The environment, or why the container cannot be configured (reason CreateContainerConfigError). */
export type ContainerEnvResult =
  | { readonly ok: true; readonly env: readonly KeyValue[] }
  | { readonly ok: false; readonly reason: 'CreateContainerConfigError'; readonly message: string };

/** The annotation that tells where a pod came from ("api", or "file"/"http" for static pods). */
const configSourceAnnotation = 'kubernetes.io/config.source';

function isStaticPod(pod: Pod): boolean {
  const source = pod.metadata?.annotations?.[configSourceAnnotation];
  return source !== undefined && source !== 'api';
}

/** Thrown for an expected configuration failure; its message is the one users see. */
class ConfigError extends Error {}

/** Fetches each ConfigMap and Secret once per container, skipping optional ones that are missing. */
class ObjectCache {
  private readonly configMaps = new Map<string, ConfigMap | null>();
  private readonly secrets = new Map<string, Map<string, Buffer> | null>();

  constructor(private readonly input: ContainerEnvInput) {}

  /** The ConfigMap, or null when it is missing and `optional`. */
  async configMap(name: string, optional: boolean): Promise<ConfigMap | null> {
    const cached = this.configMaps.get(name);
    if (cached) return cached;
    const ns = this.input.pod.metadata?.namespace ?? '';
    const found = await this.orMissing(
      () => this.input.objects.configMap(ns, name, this.input.signal),
      optional,
    );
    // Upstream remembers only objects it found: a later non-optional reference must still fail.
    if (found) this.configMaps.set(name, found);
    return found;
  }

  /** The Secret's decoded data, or null when it is missing and `optional`. */
  async secret(name: string, optional: boolean): Promise<Map<string, Buffer> | null> {
    const cached = this.secrets.get(name);
    if (cached) return cached;
    const ns = this.input.pod.metadata?.namespace ?? '';
    const found = await this.orMissing<Secret>(
      () => this.input.objects.secret(ns, name, this.input.signal),
      optional,
    );
    if (!found) return null;
    const data = secretBytes(found);
    this.secrets.set(name, data);
    return data;
  }

  private async orMissing<T>(get: () => Promise<T>, optional: boolean): Promise<T | null> {
    try {
      return await get();
    } catch (err) {
      if (optional && isStatusError(err, 'NotFound')) return null;
      throw new ConfigError(err instanceof Error ? err.message : String(err));
    }
  }
}

async function addEnvFrom(
  input: ContainerEnvInput,
  cache: ObjectCache,
  env: Map<string, string>,
): Promise<void> {
  // Since 1.30 every key is passed on, whatever its characters (KEP-4369 moved the check to the
  // API); the kubelet no longer skips keys or records InvalidEnvironmentVariableNames.
  for (const from of input.container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = await cache.configMap(from.configMapRef.name ?? '', from.configMapRef.optional === true);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(prefix + k, v);
    } else if (from.secretRef) {
      const data = await cache.secret(from.secretRef.name ?? '', from.secretRef.optional === true);
      for (const [k, v] of data ?? []) env.set(prefix + k, v.toString('utf8'));
    }
  }
}

/** The runtime value of one env var; undefined when an optional source is missing (the var is skipped). */
async function envValue(
  input: ContainerEnvInput,
  cache: ObjectCache,
  index: number,
  expand: (s: string) => string,
): Promise<string | undefined> {
  const { pod, container } = input;
  const namespace = pod.metadata?.namespace ?? '';
  const envVar = container.env![index]!;
  if (envVar.value) return expand(envVar.value);
  const from = envVar.valueFrom;
  if (!from) return envVar.value ?? '';
  if (from.fieldRef) return podFieldValue(from.fieldRef, pod, input.addresses);
  if (from.resourceFieldRef) {
    const ref = from.resourceFieldRef;
    return ref.containerName
      ? podResourceFieldValue(ref, pod, input.nodeAllocatable)
      : containerResourceValue(ref, withAllocatableLimits(container, input.nodeAllocatable));
  }
  if (from.configMapKeyRef) {
    const { name = '', key, optional = false } = from.configMapKeyRef;
    const cm = await cache.configMap(name, optional);
    if (cm === null) return undefined;
    const value = cm.data?.[key];
    if (value !== undefined) return value;
    if (optional) return undefined;
    throw new ConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`);
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional = false } = from.secretKeyRef;
    const data = await cache.secret(name, optional);
    if (data === null) return undefined;
    const value = data.get(key);
    if (value !== undefined) return value.toString('utf8');
    if (optional) return undefined;
    throw new ConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`);
  }
  return '';
}

async function buildEnv(input: ContainerEnvInput): Promise<KeyValue[]> {
  const { pod } = input;
  if (input.services === undefined && !isStaticPod(pod)) {
    throw new ConfigError('services have not yet been read at least once, cannot construct envvars');
  }
  const serviceEnv = serviceEnvVarMap(
    input.services ?? [],
    pod.metadata?.namespace ?? '',
    pod.spec?.enableServiceLinks ?? true,
  );
  const cache = new ObjectCache(input);
  const env = new Map<string, string>();
  await addEnvFrom(input, cache, env);
  // `env` grows as variables resolve, so a value sees the variables declared before it.
  const mapping = mappingFor(env, serviceEnv);
  const expand = (s: string) => expandVariables(s, mapping);
  const declared = input.container.env ?? [];
  for (let i = 0; i < declared.length; i++) {
    const value = await envValue(input, cache, i, expand);
    if (value !== undefined) env.set(declared[i]!.name, value);
  }
  const out: KeyValue[] = [...env].map(([key, value]) => ({ key, value }));
  for (const [key, value] of serviceEnv) if (!env.has(key)) out.push({ key, value });
  return out;
}

/**
 * Resolves a container's environment as kubelet 1.32 does; a failure carries the message the pod
 * worker shows with reason CreateContainerConfigError (and in a Failed event as "Error: <message>").
 */
export async function resolveContainerEnv(input: ContainerEnvInput): Promise<ContainerEnvResult> {
  try {
    return { ok: true, env: await buildEnv(input) };
  } catch (err) {
    if (input.signal?.aborted) throw err;
    // Malformed field paths and resource names throw plain Errors with upstream's messages too.
    if (err instanceof Error)
      return { ok: false, reason: 'CreateContainerConfigError', message: err.message };
    throw err;
  }
}
