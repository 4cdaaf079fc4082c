import type { ReplicationController } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../object.js';
import { defaultPodTemplateSpec } from './core-pod.js';
import { ensureStruct, hasEntries, struct, view } from './fields.js';

/**
 * ReplicationController: one replica; selector and labels taken from the template's labels when
 * unset (copied, where Go would share one map between the three).
 */
export function defaultReplicationController(object: KubeObject): void {
  const controller = view<ReplicationController>(object);
  const spec = ensureStruct(controller, 'spec');
  if (!spec) return;
  const template = struct(spec.template);
  const labels = struct(struct(template?.metadata)?.labels);
  if (hasEntries(labels)) {
    if (!hasEntries(spec.selector)) spec.selector = { ...labels };
    const meta = ensureStruct(controller, 'metadata');
    if (meta && !hasEntries(meta.labels)) meta.labels = { ...labels };
  }
  spec.replicas ??= 1;
  if (template) defaultPodTemplateSpec(template);
}
