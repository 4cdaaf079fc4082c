import type { ResourceType } from '../../../api/scheme/resource-type.js';
import type { KubeObject } from '../../../api/object.js';
import { formatRfc3339 } from '../../../base/rfc3339.js';
import type { Strategy } from '../strategy.js';
import { simpleStrategy } from './simple-strategies.js';

interface VolumeStatus {
  phase?: string;
  lastPhaseTransitionTime?: string | null;
}

function statusOf(object: KubeObject): VolumeStatus {
  return (object['status'] ?? {}) as VolumeStatus;
}

function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return Date.parse(a) === Date.parse(b);
}

/**
 * A PersistentVolume status write's lastPhaseTransitionTime (upstream's status strategy, feature
 * PersistentVolumeLastPhaseTransitionTime, GA): kept while the phase stays and the client sends
 * none; set to now when the phase changes and the client sent none or the old value; otherwise
 * the client's own value stands.
 */
export function preparePersistentVolumeStatus(next: KubeObject, old: KubeObject, now: Date): void {
  const status = statusOf(next);
  const previous = statusOf(old);
  const sent = status.lastPhaseTransitionTime;
  if (status.phase === previous.phase) {
    if (!sent && previous.lastPhaseTransitionTime)
      next['status'] = { ...status, lastPhaseTransitionTime: previous.lastPhaseTransitionTime };
  } else if (!sent || sameInstant(sent, previous.lastPhaseTransitionTime)) {
    next['status'] = { ...status, lastPhaseTransitionTime: formatRfc3339(now) };
  }
}

/** PersistentVolumes and claims: created in phase Pending (the only time a client-side create sets the phase). */
export function volumeStrategy(type: ResourceType): Strategy {
  const isVolume = type.kind === 'PersistentVolume';
  return {
    ...simpleStrategy(type),
    prepareForCreate(object, ctx) {
      const status: Record<string, unknown> = { phase: 'Pending' };
      if (isVolume) status['lastPhaseTransitionTime'] = formatRfc3339(ctx.now);
      object['status'] = status;
    },
    ...(isVolume
      ? { prepareForStatusUpdate: (object, old, ctx) => preparePersistentVolumeStatus(object, old, ctx.now) }
      : {}),
  };
}
