import type { Handle } from './handle.js';
import type { AnyPlugin } from './interfaces.js';

/** Builds a plugin from its pluginConfig args (undefined when none were given). */
export type PluginFactory = (
  args: Readonly<Record<string, unknown>> | undefined,
  handle: Handle,
) => AnyPlugin;

/** Plugin factories by name (upstream's frameworkruntime.Registry). */
export type PluginRegistry = ReadonlyMap<string, PluginFactory>;
