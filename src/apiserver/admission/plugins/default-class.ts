import type { KubeObject } from '../../../api/object.js';

/**
 * Among the classes marked default by one of `annotations` = "true", the newest (then the first by
 * name), as upstream picks when several are marked; undefined when none is.
 */
export function pickDefaultClass(
  classes: readonly KubeObject[],
  annotations: readonly string[],
): KubeObject | undefined {
  const defaults = classes.filter((c) => annotations.some((a) => c.metadata?.annotations?.[a] === 'true'));
  defaults.sort((a, b) => {
    const ta = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
    const tb = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
    if (ta !== tb) return tb - ta;
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  });
  return defaults[0];
}
