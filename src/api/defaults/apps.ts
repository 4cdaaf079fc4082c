import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { KubeObject } from '../object.js';
import { defaultClaim } from './core-persistent-volume.js';
import { defaultPodTemplateSpec } from './core-pod.js';
import { ensureStruct, markNestedMeta, struct, structs, view } from './fields.js';

/** Deployment (apps/v1): 1 replica, RollingUpdate 25%/25%, 10 revisions, 600s progress deadline. */
export function defaultDeployment(object: KubeObject): void {
  const spec = ensureStruct(view<Deployment>(object), 'spec');
  if (!spec) return;
  spec.replicas ??= 1;
  const strategy = ensureStruct(spec, 'strategy');
  if (strategy) {
    strategy.type ||= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const rollingUpdate = ensureStruct(strategy, 'rollingUpdate');
      if (rollingUpdate) {
        rollingUpdate.maxUnavailable ??= '25%';
        rollingUpdate.maxSurge ??= '25%';
      }
    }
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  const template = ensureStruct(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
}

/** ReplicaSet (apps/v1): 1 replica. */
export function defaultReplicaSet(object: KubeObject): void {
  const spec = ensureStruct(view<ReplicaSet>(object), 'spec');
  if (!spec) return;
  spec.replicas ??= 1;
  const template = ensureStruct(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
}

/** DaemonSet (apps/v1): RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions. */
export function defaultDaemonSet(object: KubeObject): void {
  const spec = ensureStruct(view<DaemonSet>(object), 'spec');
  if (!spec) return;
  const strategy = ensureStruct(spec, 'updateStrategy');
  if (strategy) {
    strategy.type ||= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const rollingUpdate = ensureStruct(strategy, 'rollingUpdate');
      if (rollingUpdate) {
        rollingUpdate.maxUnavailable ??= 1;
        rollingUpdate.maxSurge ??= 0;
      }
    }
  }
  spec.revisionHistoryLimit ??= 10;
  const template = ensureStruct(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
}

/**
 * StatefulSet (apps/v1): OrderedReady, RollingUpdate from partition 0 (only when the strategy type
 * itself was defaulted, or rollingUpdate was given), Retain/Retain claim retention, 1 replica,
 * 10 revisions, and claim templates defaulted as claims.
 */
export function defaultStatefulSet(object: KubeObject): void {
  const spec = ensureStruct(view<StatefulSet>(object), 'spec');
  if (!spec) return;
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = ensureStruct(spec, 'updateStrategy');
  if (strategy) {
    if (!strategy.type) {
      strategy.type = 'RollingUpdate';
      strategy.rollingUpdate ??= {};
    }
    const rollingUpdate = struct(strategy.rollingUpdate);
    if (strategy.type === 'RollingUpdate' && rollingUpdate) rollingUpdate.partition ??= 0;
  }
  const retention = ensureStruct(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    retention.whenDeleted ||= 'Retain';
    retention.whenScaled ||= 'Retain';
  }
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  const template = ensureStruct(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
  for (const claim of structs(spec.volumeClaimTemplates)) {
    // apps/v1 conversion stamps the embedded claims with their type, as reflective conversion did before 1.17.
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    markNestedMeta(claim);
    defaultClaim(claim);
  }
}
