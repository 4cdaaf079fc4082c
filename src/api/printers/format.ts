import type { Container } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';

// Go compares strings bytewise; labels and resource names are ASCII, where UTF-16 order agrees.
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A label map as "k1=v1,k2=v2" sorted on the joined pairs, or "<none>" when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? '<none>' : pairs.sort(byCodeUnits).join(',');
}

const operators: Readonly<Record<string, string>> = {
  In: ' in ',
  NotIn: ' notin ',
  Exists: '',
  DoesNotExist: '',
};

/**
 * A label selector in its canonical string form ("app=web,tier in (a,b),!legacy"), requirements
 * sorted by key and values sorted; "" for a nil or empty selector, undefined when it is invalid.
 */
export function selectorString(selector: LabelSelector | null | undefined): string | undefined {
  if (!selector) return '';
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expr of selector.matchExpressions ?? []) {
    const op = operators[expr.operator];
    const values = expr.values ?? [];
    if (op === undefined) return undefined;
    const setBased = expr.operator === 'In' || expr.operator === 'NotIn';
    if (setBased ? values.length === 0 : values.length !== 0) return undefined;
    const text = setBased
      ? `${expr.key}${op}(${[...values].sort(byCodeUnits).join(',')})`
      : `${expr.operator === 'DoesNotExist' ? '!' : ''}${expr.key}`;
    requirements.push({ key: expr.key, text });
  }
  return requirements
    .sort((a, b) => byCodeUnits(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when it selects by nothing, "<error>" if invalid. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const s = selectorString(selector);
  return s === undefined ? '<error>' : s === '' ? '<none>' : s;
}

/** The wide Containers and Images cells: names and images joined by commas. */
export function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** An IntOrString as text ("2", "50%"). */
export function intOrString(value: number | string): string {
  return String(value);
}

/** A Quantity cell; a missing quantity prints as the zero quantity, "0". */
export function quantity(q: string | undefined): string {
  return q ?? '0';
}

const accessModeNames: readonly [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** Access modes abbreviated in the fixed order RWO,ROX,RWX,RWOP, whatever order they were given in. */
export function accessModes(modes: readonly string[] | undefined): string {
  const present = new Set(modes ?? []);
  return accessModeNames
    .filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/** Joins up to `max` items and says how many of `total` were left out: "a,b,c + 2 more...". */
export function listWithMore(items: readonly string[], total: number, max: number): string {
  const shown = items.slice(0, max).join(',');
  return total > max ? `${shown} + ${total - max} more...` : shown;
}

/** host:port, bracketing IPv6 hosts as Go's net.JoinHostPort does. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Load-balancer ingress points (IP, else hostname) deduplicated, sorted and comma-joined. */
export function loadBalancerAddresses(
  ingress: readonly { ip?: string; hostname?: string }[] | undefined,
): string {
  const points = new Set<string>();
  for (const point of ingress ?? []) {
    if (point.ip) points.add(point.ip);
    else if (point.hostname) points.add(point.hostname);
  }
  return [...points].sort(byCodeUnits).join(',');
}

/** An optional boolean as "True", "False" or "<unset>". */
export function boolPtr(value: boolean | undefined): string {
  return value === undefined ? '<unset>' : value ? 'True' : 'False';
}

/** Sorts strings bytewise, as Go's sort.Strings does. */
export function sortStrings(values: Iterable<string>): string[] {
  return [...values].sort(byCodeUnits);
}
