import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import {
  annotationsRolledBackTo,
  lastRevision,
  revisionOf,
  rollbackToAnnotation,
} from './deployment-annotations.js';
import type { DeploymentSync } from './deployment-sync.js';
import { equalIgnoreHash, podTemplateHashLabel } from './replica-set-sets.js';

/** The revision the deprecated rollbackTo annotation asks for, or undefined (rollbackTo unset or invalid). */
export function rollbackTarget(d: Deployment): number | undefined {
  const text = d.metadata?.annotations?.[rollbackToAnnotation];
  if (!text || !/^[+-]?\d+$/.test(text)) return undefined;
  return Number(text);
}

/**
 * rollback (rollback.go), for clients of the deprecated extensions/apps-beta rollback that left
 * the rollbackTo annotation: copy the template of the ReplicaSet with that revision (0 = the
 * previous one) into the Deployment, then clear the annotation. kubectl 1.32's "rollout undo"
 * patches the template itself and never comes here.
 */
export async function rollback(s: DeploymentSync, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRs, oldRss } = await s.replicaSetsAndSyncRevision(d, rsList, true);
  const all = newRs !== undefined ? [...oldRss, newRs] : oldRss;
  let revision = rollbackTarget(d) ?? 0;
  const rec = s.options.recorder;
  if (revision === 0) {
    revision = lastRevision(all);
    if (revision === 0) {
      rec.event(d, 'Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find last revision.');
      return clearRollbackTo(s, d);
    }
  }
  const target = all.find((rs) => revisionOf(rs) === revision);
  if (target === undefined) {
    rec.event(
      d,
      'Warning',
      'DeploymentRollbackRevisionNotFound',
      'Unable to find the revision to rollback to.',
    );
    return clearRollbackTo(s, d);
  }
  if (equalIgnoreHash(d.spec?.template, target.spec?.template)) {
    rec.event(
      d,
      'Warning',
      'DeploymentRollbackTemplateUnchanged',
      '%s',
      `The rollback revision contains the same template as current deployment ${JSON.stringify(d.metadata?.name ?? '')}`,
    );
    return clearRollbackTo(s, d);
  }
  const template = structuredClone(target.spec?.template ?? {});
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[podTemplateHashLabel];
  template.metadata = { ...template.metadata, labels };
  const next: Deployment = {
    ...d,
    metadata: {
      ...d.metadata,
      annotations: annotationsRolledBackTo(d.metadata?.annotations ?? {}, target.metadata?.annotations ?? {}),
    },
    spec: { ...d.spec!, template },
  };
  await clearRollbackTo(s, next);
  rec.event(
    d,
    'Normal',
    'DeploymentRollback',
    '%s',
    `Rolled back deployment ${JSON.stringify(d.metadata?.name ?? '')} to revision ${revision}`,
  );
}

async function clearRollbackTo(s: DeploymentSync, d: Deployment): Promise<void> {
  const annotations = { ...(d.metadata?.annotations ?? {}) };
  delete annotations[rollbackToAnnotation];
  await s.update({ ...d, metadata: { ...d.metadata, annotations } });
}
