import type { LimitRange, LimitRangeItem, Node, ResourceQuota } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../object.js';
import { struct, structs, view } from './fields.js';
import { defaultResourceList } from './quantity.js';

type ResourceList = Record<string, string>;

/** Copies the entries of `from` that `to` lacks; returns `to`, or undefined when it would stay empty. */
function fillMissing(to: ResourceList | undefined, from: ResourceList | undefined): ResourceList | undefined {
  const result: ResourceList = { ...struct(to) };
  for (const [name, value] of Object.entries(struct(from) ?? {})) if (!(name in result)) result[name] = value;
  return Object.keys(result).length > 0 ? result : to;
}

/**
 * Container limit items: the default limit falls back to max, the default request to the default
 * limit and then to min.
 */
function defaultLimitRangeItem(item: LimitRangeItem): void {
  if (item.type === 'Container') {
    // Go creates empty maps here; omitempty hides them, so only filled ones are set.
    const defaults = fillMissing(item.default, item.max);
    if (defaults !== undefined) item.default = defaults;
    const requests = fillMissing(fillMissing(item.defaultRequest, defaults), item.min);
    if (requests !== undefined) item.defaultRequest = requests;
  }
  for (const list of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio]) {
    defaultResourceList(list);
  }
}

/** LimitRange (core/v1). */
export function defaultLimitRange(object: KubeObject): void {
  const spec = struct(view<LimitRange>(object).spec);
  for (const item of structs(spec?.limits)) defaultLimitRangeItem(item);
}

/** ResourceQuota (core/v1): quantities rounded. */
export function defaultResourceQuota(object: KubeObject): void {
  const quota = view<ResourceQuota>(object);
  defaultResourceList(struct(quota.spec)?.hard);
  const status = struct(quota.status);
  defaultResourceList(status?.hard);
  defaultResourceList(status?.used);
}

/** Node (core/v1): allocatable defaults to capacity; quantities rounded. */
export function defaultNode(object: KubeObject): void {
  // Only an existing status is touched: Node has nothing to default when it has none.
  const status = struct(view<Node>(object).status);
  if (!status) return;
  const capacity = struct(status.capacity);
  if (capacity && (status.allocatable === undefined || status.allocatable === null))
    status.allocatable = { ...capacity };
  defaultResourceList(status.capacity);
  defaultResourceList(status.allocatable);
}
