// The ClusterRoles meant for people (Kubernetes 1.32 bootstrap policy): cluster-admin, and the
// aggregated admin/edit/view whose rules come from the system:aggregate-to-* roles below (and from
// any other role carrying the same aggregation labels, e.g. one a CRD installer adds).

import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { aggregateFrom, clusterRole, groups as g, READ, READ_WRITE, rule, WRITE } from './policy-builders.js';

/** The label that aggregates a ClusterRole into "admin". */
export const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
/** The label that aggregates a ClusterRole into "edit". */
export const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
/** The label that aggregates a ClusterRole into "view". */
export const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

/** cluster-admin, admin, edit, view and the system:aggregate-to-* roles feeding them. */
export function userFacingClusterRoles(): ClusterRole[] {
  return [
    // A "root" role that can do anything.
    clusterRole('cluster-admin', [rule('*').groups('*').resources('*').build(), rule('*').urls('*').build()]),
    // Namespace admin: edit plus the power to grant permissions to others.
    clusterRole('admin', [], { aggregationRule: aggregateFrom(AGGREGATE_TO_ADMIN) }),
    // Namespace editor: all user-level actions, none of the privileged ones (status, quota, limits).
    clusterRole('edit', [], {
      labels: { [AGGREGATE_TO_ADMIN]: 'true' },
      aggregationRule: aggregateFrom(AGGREGATE_TO_EDIT),
    }),
    // Namespace viewer: read-only access to non-escalating resources (no secrets).
    clusterRole('view', [], {
      labels: { [AGGREGATE_TO_EDIT]: 'true' },
      aggregationRule: aggregateFrom(AGGREGATE_TO_VIEW),
    }),
    clusterRole(
      'system:aggregate-to-admin',
      [
        rule('create').groups(g.authorization).resources('localsubjectaccessreviews').build(),
        rule(...READ_WRITE)
          .groups(g.rbac)
          .resources('roles', 'rolebindings')
          .build(),
      ],
      { labels: { [AGGREGATE_TO_ADMIN]: 'true' } },
    ),
    clusterRole('system:aggregate-to-edit', aggregateToEditRules(), {
      labels: { [AGGREGATE_TO_EDIT]: 'true' },
    }),
    clusterRole('system:aggregate-to-view', aggregateToViewRules(), {
      labels: { [AGGREGATE_TO_VIEW]: 'true' },
    }),
  ];
}

function aggregateToEditRules() {
  return [
    // Reading these can escalate (exec into pods, read secrets), so view does not get them.
    rule(...READ)
      .groups(g.core)
      .resources('pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy')
      .build(),
    rule('impersonate').groups(g.core).resources('serviceaccounts').build(),
    rule(...WRITE)
      .groups(g.core)
      .resources('pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward')
      .build(),
    rule('create').groups(g.core).resources('pods/eviction').build(),
    rule(...WRITE)
      .groups(g.core)
      .resources(
        'replicationcontrollers',
        'replicationcontrollers/scale',
        'serviceaccounts',
        'services',
        'services/proxy',
        'persistentvolumeclaims',
        'configmaps',
        'secrets',
        'events',
      )
      .build(),
    rule('create').groups(g.core).resources('serviceaccounts/token').build(),
    rule(...WRITE)
      .groups(g.apps)
      .resources(
        'statefulsets',
        'statefulsets/scale',
        'daemonsets',
        'deployments',
        'deployments/scale',
        'deployments/rollback',
        'replicasets',
        'replicasets/scale',
      )
      .build(),
    rule(...WRITE)
      .groups(g.autoscaling)
      .resources('horizontalpodautoscalers')
      .build(),
    rule(...WRITE)
      .groups(g.batch)
      .resources('jobs', 'cronjobs')
      .build(),
    rule(...WRITE)
      .groups(g.extensions)
      .resources(
        'daemonsets',
        'deployments',
        'deployments/scale',
        'deployments/rollback',
        'ingresses',
        'replicasets',
        'replicasets/scale',
        'replicationcontrollers/scale',
        'networkpolicies',
      )
      .build(),
    rule(...WRITE)
      .groups(g.policy)
      .resources('poddisruptionbudgets')
      .build(),
    rule(...WRITE)
      .groups(g.networking)
      .resources('networkpolicies', 'ingresses')
      .build(),
    rule(...READ_WRITE)
      .groups(g.coordination)
      .resources('leases')
      .build(),
  ];
}

function aggregateToViewRules() {
  return [
    rule(...READ)
      .groups(g.core)
      .resources(
        'pods',
        'replicationcontrollers',
        'replicationcontrollers/scale',
        'serviceaccounts',
        'services',
        'services/status',
        'endpoints',
        'persistentvolumeclaims',
        'persistentvolumeclaims/status',
        'configmaps',
      )
      .build(),
    rule(...READ)
      .groups(g.core)
      .resources(
        'limitranges',
        'resourcequotas',
        'bindings',
        'events',
        'pods/status',
        'resourcequotas/status',
        'namespaces/status',
        'replicationcontrollers/status',
        'pods/log',
      )
      .build(),
    // Reading namespaces through a RoleBinding means reading *this* namespace: a hint of which
    // namespaces one has access to.
    rule(...READ)
      .groups(g.core)
      .resources('namespaces')
      .build(),
    rule(...READ)
      .groups(g.discovery)
      .resources('endpointslices')
      .build(),
    rule(...READ)
      .groups(g.apps)
      .resources(
        'controllerrevisions',
        'statefulsets',
        'statefulsets/status',
        'statefulsets/scale',
        'daemonsets',
        'daemonsets/status',
        'deployments',
        'deployments/status',
        'deployments/scale',
        'replicasets',
        'replicasets/status',
        'replicasets/scale',
      )
      .build(),
    rule(...READ)
      .groups(g.autoscaling)
      .resources('horizontalpodautoscalers', 'horizontalpodautoscalers/status')
      .build(),
    rule(...READ)
      .groups(g.batch)
      .resources('jobs', 'cronjobs', 'cronjobs/status', 'jobs/status')
      .build(),
    rule(...READ)
      .groups(g.extensions)
      .resources(
        'daemonsets',
        'daemonsets/status',
        'deployments',
        'deployments/scale',
        'deployments/status',
        'ingresses',
        'ingresses/status',
        'replicasets',
        'replicasets/scale',
        'replicasets/status',
        'replicationcontrollers/scale',
        'networkpolicies',
      )
      .build(),
    rule(...READ)
      .groups(g.policy)
      .resources('poddisruptionbudgets', 'poddisruptionbudgets/status')
      .build(),
    rule(...READ)
      .groups(g.networking)
      .resources('networkpolicies', 'ingresses', 'ingresses/status')
      .build(),
  ];
}
