import { extensionPoints, type PluginRef, type Plugins, type PluginSet } from './types.js';

/**
 * Upstream's mergePluginSet: the custom set's disabled plugins (or "*") drop defaults, a default
 * the custom set re-enables is replaced in place (keeping its position), other custom plugins
 * follow in their order.
 */
export function mergePluginSet(defaults: PluginSet | undefined, custom: PluginSet | undefined): PluginSet {
  const disabled: PluginRef[] = [];
  const disabledNames = new Set<string>();
  for (const p of [...(custom?.disabled ?? []), ...(defaults?.disabled ?? [])]) {
    disabled.push({ name: p.name });
    disabledNames.add(p.name);
  }
  const customEnabled = custom?.enabled ?? [];
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabledNames.has('*')) {
    for (const p of defaults?.enabled ?? []) {
      if (disabledNames.has(p.name)) continue;
      const i = customEnabled.findIndex((c) => c.name === p.name);
      if (i >= 0) {
        enabled.push(customEnabled[i]!);
        replaced.add(i);
      } else enabled.push(p);
    }
  }
  customEnabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled };
}

/** Merges every extension point's custom set into the defaults. */
export function mergePlugins(defaults: Plugins, custom: Plugins | undefined): Plugins {
  const out: Record<string, PluginSet> = {};
  for (const point of ['multiPoint', ...extensionPoints] as const) {
    const d = defaults[point];
    const c = custom?.[point];
    if (d === undefined && c === undefined) continue;
    out[point] = mergePluginSet(d, c);
  }
  return out;
}
