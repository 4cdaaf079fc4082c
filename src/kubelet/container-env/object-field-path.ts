// Downward API object fields (metadata.name, metadata.labels['k'], ...) read from a pod, and the
// file format upstream writes a label or annotation map in: one `key="value"` line per key,
// sorted, the value quoted as Go's %q does.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isQualifiedName } from '../../api/validation/label-validation.js';
import { goQuote } from '../../api/validation/go-quote.js';
import { splitSubscriptedPath } from '../../api/downward-api-field-label.js';

/** A label or annotation map as the downward API writes it: sorted `key="value"` lines. */
export function formatFieldMap(map: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(map ?? {}).sort();
  return keys.map((k) => `${k}=${goQuote(map![k]!)}`).join('\n');
}

/**
 * The value of a metadata field path of `pod` (upstream's ExtractFieldPathAsString); throws with
 * upstream's message for an unsupported path or an invalid subscript.
 */
export function objectFieldValue(pod: Pod, fieldPath: string): string {
  const meta = pod.metadata ?? {};
  const sub = splitSubscriptedPath(fieldPath);
  if (sub !== undefined) {
    // Annotation keys are checked case-insensitively, as upstream lowers them first.
    const key = sub.path === 'metadata.annotations' ? sub.subscript.toLowerCase() : sub.subscript;
    if (sub.path !== 'metadata.annotations' && sub.path !== 'metadata.labels') {
      throw new Error(`fieldPath ${goQuote(fieldPath)} does not support subscript`);
    }
    const errs = isQualifiedName(key);
    if (errs.length > 0) throw new Error(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
    const map = sub.path === 'metadata.annotations' ? meta.annotations : meta.labels;
    return map?.[sub.subscript] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return formatFieldMap(meta.annotations);
    case 'metadata.labels':
      return formatFieldMap(meta.labels);
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
  }
  throw new Error(`unsupported fieldPath: ${fieldPath}`);
}
