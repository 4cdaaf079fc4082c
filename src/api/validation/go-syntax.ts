// Upstream renders a bad value with Go's %#v (after dereferencing pointers) or with the value's
// String() method. Messages users see — `spec.selector: Invalid value: v1.LabelSelector{...}: field
// is immutable` — therefore carry Go syntax; these builders reproduce it for the values we can.

import { type GoRepr, goRepr } from './field-error.js';
import { goQuote } from './go-quote.js';
import { arr, obj, str, strMap, strs } from './json-access.js';

/** Go's %#v of a map[string]string (keys sorted; nil when absent). */
export function goStringMapText(m: Readonly<Record<string, string>> | undefined): string {
  if (m === undefined) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`).join(', ')}}`;
}

/** Go's %#v of a []string (nil when absent). */
export function goStringSliceText(a: readonly string[] | undefined): string {
  if (a === undefined) return '[]string(nil)';
  return `[]string{${a.map((e) => goQuote(e)).join(', ')}}`;
}

/** A label map as a bad value: the map itself, or Go's nil map when absent. */
export function goLabels(labels: unknown): Record<string, string> | GoRepr {
  return strMap(labels) ?? goRepr('map[string]string(nil)');
}

/** A string list as a bad value: the list itself, or Go's nil slice when absent. */
export function goStrings(list: unknown): string[] | GoRepr {
  return Array.isArray(list) ? strs(list) : goRepr('[]string(nil)');
}

/** An IntOrString as a bad value: its String() (unquoted, as upstream prints it). */
export function goIntOrString(v: unknown): GoRepr {
  return goRepr(typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '0');
}

/** A Quantity as a bad value: its String() (unquoted). */
export function goQuantity(text: string): GoRepr {
  return goRepr(text);
}

function requirementText(r: unknown): string {
  const o = obj(r) ?? {};
  const values = Array.isArray(o['values']) ? goStringSliceText(strs(o['values'])) : '[]string(nil)';
  return `v1.LabelSelectorRequirement{Key:${goQuote(str(o['key']))}, Operator:${goQuote(str(o['operator']))}, Values:${values}}`;
}

/** A *metav1.LabelSelector as a bad value (dereferenced, as upstream prints pointers). */
export function goLabelSelector(selector: unknown): GoRepr {
  const s = obj(selector);
  if (s === undefined) return goRepr('null');
  const labels = goStringMapText(strMap(s['matchLabels']));
  const exprs = Array.isArray(s['matchExpressions'])
    ? `[]v1.LabelSelectorRequirement{${arr(s['matchExpressions']).map(requirementText).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return goRepr(`v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`);
}

/** An rbac RoleRef as a bad value. */
export function goRoleRef(ref: unknown): GoRepr {
  const r = obj(ref) ?? {};
  return goRepr(
    `rbac.RoleRef{APIGroup:${goQuote(str(r['apiGroup']))}, Kind:${goQuote(str(r['kind']))}, Name:${goQuote(str(r['name']))}}`,
  );
}

/** A core.Taint as a bad value (Go syntax when it has no timeAdded, JSON otherwise). */
export function goTaint(taint: unknown): GoRepr | unknown {
  const t = obj(taint) ?? {};
  if (t['timeAdded'] != null) return taint;
  return goRepr(
    `core.Taint{Key:${goQuote(str(t['key']))}, Value:${goQuote(str(t['value']))}, Effect:${goQuote(str(t['effect']))}, TimeAdded:(*v1.Time)(nil)}`,
  );
}
