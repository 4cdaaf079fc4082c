// The few places where our RuntimeService types and the decoded protobuf objects differ in shape.
// Field names already match (the loader camelCases them); what remains is the Int64Value/UInt64Value
// wrappers, the state filters CRI wraps in a message, and the nulls the decoder uses for unset messages.
import type {
  ContainerConfig,
  ContainerFilter,
  LinuxContainerSecurityContext,
  LinuxSandboxSecurityContext,
  PodSandboxConfig,
  PodSandboxFilter,
} from './runtime-service.js';

type Wrapped<T> = Omit<T, 'runAsUser' | 'runAsGroup'> & {
  runAsUser?: { value: number };
  runAsGroup?: { value: number };
};

function wrap(value: number | undefined): { value: number } | undefined {
  return value === undefined ? undefined : { value };
}

function securityContextToWire<T extends LinuxSandboxSecurityContext | LinuxContainerSecurityContext>(
  sc: T | undefined,
): Wrapped<T> | undefined {
  if (sc === undefined) return undefined;
  return { ...sc, runAsUser: wrap(sc.runAsUser), runAsGroup: wrap(sc.runAsGroup) };
}

/** A PodSandboxConfig as the encoder wants it (uid/gid wrapped). */
export function sandboxConfigToWire(config: PodSandboxConfig): object {
  const linux = config.linux;
  if (linux === undefined) return config;
  return { ...config, linux: { ...linux, securityContext: securityContextToWire(linux.securityContext) } };
}

/** A ContainerConfig as the encoder wants it (uid/gid wrapped). */
export function containerConfigToWire(config: ContainerConfig): object {
  const linux = config.linux;
  if (linux === undefined) return config;
  return { ...config, linux: { ...linux, securityContext: securityContextToWire(linux.securityContext) } };
}

/** A sandbox or container filter with its state wrapped the way CRI carries it. */
export function filterToWire(filter: PodSandboxFilter | ContainerFilter | undefined): object | undefined {
  if (filter === undefined) return undefined;
  return { ...filter, state: filter.state === undefined ? undefined : { state: filter.state } };
}

function isWrapper(value: object): value is { value: number } {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'value' && typeof (value as { value: unknown }).value === 'number';
}

/**
 * A decoded response in our types' shape: nulls (unset messages) dropped, and Int64Value/UInt64Value
 * wrappers replaced by their number. In our schema those wrappers are the only messages whose sole
 * field is `value`, so the rule cannot catch anything else.
 */
export function fromWire<T>(decoded: unknown): T {
  return strip(decoded) as T;
}

function strip(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(strip);
  if (isWrapper(value)) return value.value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    out[k] = strip(v);
  }
  return out;
}
