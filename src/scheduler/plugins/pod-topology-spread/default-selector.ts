import type { Pod } from 'kubernetes-types/core/v1.js';
import { LabelMatcher } from '../../corev1/label-matcher.js';
import { Requirement } from '../../../machinery/labels/index.js';
import type { ClusterListers } from '../../framework/listers.js';

/**
 * The selector default spreading uses for a pod (upstream's helper.DefaultSelector): the labels of
 * every Service selecting it, plus the selector of its controlling ReplicationController,
 * ReplicaSet or StatefulSet.
 */
export function defaultSelector(pod: Pod, listers: ClusterListers): LabelMatcher {
  const ns = pod.metadata?.namespace ?? '';
  const labels = pod.metadata?.labels ?? {};
  const set = new Map<string, string>();
  for (const svc of listers.services.list()) {
    if ((svc.metadata?.namespace ?? '') !== ns) continue;
    const sel = svc.spec?.selector;
    if (sel === undefined || sel === null) continue;
    if (!Object.entries(sel).every(([k, v]) => labels[k] === v)) continue;
    for (const [k, v] of Object.entries(sel)) set.set(k, v);
  }
  const reqs: Requirement[] = [...set].map(([k, v]) => new Requirement(k, '=', [v]));
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller === true);
  if (owner !== undefined) {
    const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
    if (group === '' && owner.kind === 'ReplicationController') {
      const rc = listers.replicationControllers.get(ns, owner.name);
      for (const [k, v] of Object.entries(rc?.spec?.selector ?? {})) {
        if (!set.has(k)) reqs.push(new Requirement(k, '=', [v]));
      }
    } else if (group === 'apps' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
      const ctrl =
        owner.kind === 'ReplicaSet'
          ? listers.replicaSets.get(ns, owner.name)
          : listers.statefulSets.get(ns, owner.name);
      if (ctrl?.spec?.selector !== undefined) {
        try {
          reqs.push(...LabelMatcher.fromLabelSelector(ctrl.spec.selector).requirements);
        } catch {
          // An invalid controller selector adds nothing, as upstream ignores the parse error.
        }
      }
    }
  }
  return LabelMatcher.of(reqs);
}
