import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/** True when `toleration` tolerates `taint` (v1.Toleration.ToleratesTaint). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** True when a taint with the same key and effect is present (taintutils.TaintExists). */
export function taintExists(
  taints: readonly Taint[] | undefined,
  taint: Pick<Taint, 'key' | 'effect'>,
): boolean {
  return (taints ?? []).some((t) => t.key === taint.key && t.effect === taint.effect);
}

/** True when a taint with this key is present, whatever its effect. */
export function taintKeyExists(taints: readonly Taint[] | undefined, key: string): boolean {
  return (taints ?? []).some((t) => t.key === key);
}
