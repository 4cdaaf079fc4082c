// Rules of the system:controller:* roles for the workload and cleanup controllers (Kubernetes
// 1.32 controller_policy, default feature gates). Keyed by the controller's service-account name.

import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { eventsRule, groups as g, rule } from './policy-builders.js';

/** Rules per workload controller, by service-account name. */
export function workloadControllerRules(): Record<string, PolicyRule[]> {
  return {
    'cronjob-controller': [
      rule('get', 'list', 'watch', 'update').groups(g.batch).resources('cronjobs').build(),
      rule('get', 'list', 'watch', 'create', 'update', 'delete', 'patch')
        .groups(g.batch)
        .resources('jobs')
        .build(),
      rule('update').groups(g.batch).resources('cronjobs/status').build(),
      rule('update').groups(g.batch).resources('cronjobs/finalizers').build(),
      rule('list', 'watch', 'delete').groups(g.core).resources('pods').build(),
      eventsRule(),
    ],
    'daemon-set-controller': [
      rule('get', 'list', 'watch').groups(g.extensions, g.apps).resources('daemonsets').build(),
      rule('update').groups(g.extensions, g.apps).resources('daemonsets/status').build(),
      rule('update').groups(g.extensions, g.apps).resources('daemonsets/finalizers').build(),
      rule('list', 'watch').groups(g.core).resources('nodes').build(),
      rule('list', 'watch', 'create', 'delete', 'patch').groups(g.core).resources('pods').build(),
      rule('create').groups(g.core).resources('pods/binding').build(),
      rule('get', 'list', 'watch', 'create', 'delete', 'update', 'patch')
        .groups(g.apps)
        .resources('controllerrevisions')
        .build(),
      eventsRule(),
    ],
    'deployment-controller': [
      rule('get', 'list', 'watch', 'update').groups(g.extensions, g.apps).resources('deployments').build(),
      rule('update').groups(g.extensions, g.apps).resources('deployments/status').build(),
      rule('update').groups(g.extensions, g.apps).resources('deployments/finalizers').build(),
      rule('get', 'list', 'watch', 'create', 'update', 'patch', 'delete')
        .groups(g.apps, g.extensions)
        .resources('replicasets')
        .build(),
      // "update" stays until upstream issue 36897 is resolved.
      rule('get', 'list', 'watch', 'update').groups(g.core).resources('pods').build(),
      eventsRule(),
    ],
    'disruption-controller': [
      rule('get', 'list', 'watch').groups(g.extensions, g.apps).resources('deployments').build(),
      rule('get', 'list', 'watch').groups(g.apps, g.extensions).resources('replicasets').build(),
      rule('get', 'list', 'watch').groups(g.core).resources('replicationcontrollers').build(),
      rule('get', 'list', 'watch').groups(g.policy).resources('poddisruptionbudgets').build(),
      rule('get', 'list', 'watch').groups(g.apps).resources('statefulsets').build(),
      rule('update').groups(g.policy).resources('poddisruptionbudgets/status').build(),
      rule('patch', 'update').groups(g.core).resources('pods/status').build(),
      rule('get').groups('*').resources('*/scale').build(),
      eventsRule(),
    ],
    'generic-garbage-collector': [
      // List/watch anything, and update or delete dependents of deleted owners.
      rule('get', 'list', 'watch', 'patch', 'update', 'delete').groups('*').resources('*').build(),
      eventsRule(),
    ],
    'horizontal-pod-autoscaler': [
      rule('get', 'list', 'watch').groups(g.autoscaling).resources('horizontalpodautoscalers').build(),
      rule('update').groups(g.autoscaling).resources('horizontalpodautoscalers/status').build(),
      rule('get', 'update').groups('*').resources('*/scale').build(),
      rule('list', 'watch').groups(g.core).resources('pods').build(),
      // Resource, custom and external metrics.
      rule('list', 'watch').groups(g.metrics).resources('pods').build(),
      rule('get', 'list', 'watch').groups(g.customMetrics).resources('*').build(),
      rule('get', 'list', 'watch').groups(g.externalMetrics).resources('*').build(),
      eventsRule(),
    ],
    'job-controller': [
      rule('get', 'list', 'watch', 'update', 'patch').groups(g.batch).resources('jobs').build(),
      rule('update').groups(g.batch).resources('jobs/status').build(),
      rule('update').groups(g.batch).resources('jobs/finalizers').build(),
      rule('list', 'watch', 'create', 'delete', 'patch').groups(g.core).resources('pods').build(),
      eventsRule(),
    ],
    'namespace-controller': [
      rule('get', 'list', 'watch', 'delete').groups(g.core).resources('namespaces').build(),
      rule('update').groups(g.core).resources('namespaces/finalize', 'namespaces/status').build(),
      rule('get', 'list', 'watch', 'delete', 'deletecollection').groups('*').resources('*').build(),
    ],
    'pod-garbage-collector': [
      rule('list', 'watch', 'delete').groups(g.core).resources('pods').build(),
      rule('get', 'list', 'watch').groups(g.core).resources('nodes').build(),
      rule('patch').groups(g.core).resources('pods/status').build(),
    ],
    'replicaset-controller': [
      rule('get', 'list', 'watch', 'update').groups(g.apps, g.extensions).resources('replicasets').build(),
      rule('update').groups(g.apps, g.extensions).resources('replicasets/status').build(),
      rule('update').groups(g.apps, g.extensions).resources('replicasets/finalizers').build(),
      rule('list', 'watch', 'patch', 'create', 'delete').groups(g.core).resources('pods').build(),
      eventsRule(),
    ],
    'replication-controller': [
      // 1.0 controllers needed get and update; old controllers break on new servers without them.
      rule('get', 'list', 'watch', 'update').groups(g.core).resources('replicationcontrollers').build(),
      rule('update').groups(g.core).resources('replicationcontrollers/status').build(),
      rule('update').groups(g.core).resources('replicationcontrollers/finalizers').build(),
      rule('list', 'watch', 'patch', 'create', 'delete').groups(g.core).resources('pods').build(),
      eventsRule(),
    ],
    'resourcequota-controller': [
      // Quota may count anything, so it needs to see everything.
      rule('list', 'watch').groups('*').resources('*').build(),
      rule('update').groups(g.core).resources('resourcequotas/status').build(),
      eventsRule(),
    ],
    'statefulset-controller': [
      rule('list', 'watch').groups(g.core).resources('pods').build(),
      rule('get', 'list', 'watch').groups(g.apps).resources('statefulsets').build(),
      rule('update').groups(g.apps).resources('statefulsets/status').build(),
      rule('update').groups(g.apps).resources('statefulsets/finalizers').build(),
      rule('get', 'create', 'delete', 'update', 'patch').groups(g.core).resources('pods').build(),
      rule('get', 'create', 'delete', 'update', 'patch', 'list', 'watch')
        .groups(g.apps)
        .resources('controllerrevisions')
        .build(),
      rule('get', 'create', 'list', 'watch').groups(g.core).resources('persistentvolumeclaims').build(),
      rule('update', 'delete').groups(g.core).resources('persistentvolumeclaims').build(),
      rule('update').groups(g.core).resources('pods/finalizers').build(),
      eventsRule(),
    ],
    'ttl-after-finished-controller': [
      rule('get', 'list', 'watch', 'delete').groups(g.batch).resources('jobs').build(),
      eventsRule(),
    ],
  };
}
