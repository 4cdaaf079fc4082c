import type { ExtensionPoint, Plugins, PluginSet } from '../config/types.js';
import type { AnyPlugin } from './interfaces.js';

/** The method that marks a plugin as implementing an extension point. */
const marker: Record<ExtensionPoint, keyof AnyPlugin> = {
  preEnqueue: 'preEnqueue',
  queueSort: 'less',
  preFilter: 'preFilter',
  filter: 'filter',
  postFilter: 'postFilter',
  preScore: 'preScore',
  score: 'score',
  reserve: 'reserve',
  permit: 'permit',
  preBind: 'preBind',
  bind: 'bind',
  postBind: 'postBind',
};

/** True when `plugin` implements the extension point. */
export function implementsPoint(plugin: AnyPlugin, point: ExtensionPoint): boolean {
  return typeof plugin[marker[point]] === 'function';
}

/** Every plugin name a profile's plugin sets enable anywhere. */
export function enabledPluginNames(plugins: Plugins): string[] {
  const names: string[] = [];
  for (const set of Object.values(plugins) as (PluginSet | undefined)[])
    for (const p of set?.enabled ?? []) if (!names.includes(p.name)) names.push(p.name);
  return names;
}

/**
 * The plugins of one extension point in run order, with upstream's multiPoint expansion: plugins
 * enabled at the point itself and also in multiPoint come first (an explicit override), then the
 * multiPoint plugins that implement the point and are not disabled there, then the rest of the
 * point's own plugins. Throws on a plugin that does not exist or is registered twice.
 */
export function expandExtensionPoint(
  point: ExtensionPoint,
  plugins: Plugins,
  instances: ReadonlyMap<string, AnyPlugin>,
): string[] {
  const own = (plugins[point]?.enabled ?? []).map((p) => p.name);
  for (const name of own) {
    const instance = instances.get(name);
    if (instance === undefined) throw new Error(`${point} plugin "${name}" does not exist`);
    if (!implementsPoint(instance, point))
      throw new Error(`plugin "${name}" does not extend ${point} plugin`);
  }
  const disabled = new Set((plugins[point]?.disabled ?? []).map((p) => p.name));
  if (disabled.has('*')) return own;
  const overrides = new Set<string>();
  const multi: string[] = [];
  for (const ref of plugins.multiPoint?.enabled ?? []) {
    const instance = instances.get(ref.name);
    if (instance === undefined) throw new Error(`plugin "${ref.name}" does not exist`);
    if (!implementsPoint(instance, point) || disabled.has(ref.name)) continue;
    if (own.includes(ref.name)) {
      overrides.add(ref.name);
      continue;
    }
    if (multi.includes(ref.name)) throw new Error(`plugin "${ref.name}" already registered as ${point}`);
    multi.push(ref.name);
  }
  return [...own.filter((n) => overrides.has(n)), ...multi, ...own.filter((n) => !overrides.has(n))];
}

/** Score weights: an entry under score wins over multiPoint; a weight of 0 counts as 1. */
export function scoreWeights(plugins: Plugins): Map<string, number> {
  const weights = new Map<string, number>();
  for (const p of plugins.multiPoint?.enabled ?? []) weights.set(p.name, p.weight || 1);
  for (const p of plugins.score?.enabled ?? []) weights.set(p.name, p.weight || 1);
  return weights;
}
