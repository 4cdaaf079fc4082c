// The ClusterRoles of the built-in components and common add-ons (Kubernetes 1.32 bootstrap
// policy, default feature gates): nodes, kube-proxy, the scheduler, the controller manager, DNS,
// delegated auth, volume provisioning. Feature-gated rules (DRA, ClusterTrustBundle,
// MultiCIDRServiceAllocator, KubeletFineGrainedAuthz) are off by default in 1.32 and left out.

import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import {
  clusterRole,
  eventsRule,
  groups as g,
  READ,
  READ_UPDATE,
  READ_WRITE,
  rule,
} from './policy-builders.js';

/** The rules of system:node. The Node authorizer and NodeRestriction narrow them to a node's own objects. */
export function nodeRules(): PolicyRule[] {
  return [
    // Checking API access: these creates mutate nothing.
    rule('create').groups(g.authentication).resources('tokenreviews').build(),
    rule('create')
      .groups(g.authorization)
      .resources('subjectaccessreviews', 'localsubjectaccessreviews')
      .build(),
    // Service env vars for pods.
    rule(...READ)
      .groups(g.core)
      .resources('services')
      .build(),
    rule('create', 'get', 'list', 'watch').groups(g.core).resources('nodes').build(),
    rule('update', 'patch').groups(g.core).resources('nodes/status').build(),
    rule('update', 'patch').groups(g.core).resources('nodes').build(),
    rule('create', 'update', 'patch').groups(g.core).resources('events').build(),
    rule(...READ)
      .groups(g.core)
      .resources('pods')
      .build(),
    // Mirror pods.
    rule('create', 'delete').groups(g.core).resources('pods').build(),
    rule('update', 'patch').groups(g.core).resources('pods/status').build(),
    rule('create').groups(g.core).resources('pods/eviction').build(),
    rule('get', 'list', 'watch').groups(g.core).resources('secrets', 'configmaps').build(),
    rule('get').groups(g.core).resources('persistentvolumeclaims', 'persistentvolumes').build(),
    rule('get').groups(g.core).resources('endpoints').build(),
    // The kubelet rotates its own client certificate through a CSR.
    rule('create', 'get', 'list', 'watch')
      .groups(g.certificates)
      .resources('certificatesigningrequests')
      .build(),
    rule('get', 'create', 'update', 'patch', 'delete').groups(g.coordination).resources('leases').build(),
    rule('get').groups(g.storage).resources('volumeattachments').build(),
    rule('create').groups(g.core).resources('serviceaccounts/token').build(),
    rule('get', 'update', 'patch').groups(g.core).resources('persistentvolumeclaims/status').build(),
    rule('get', 'watch', 'list').groups(g.storage).resources('csidrivers').build(),
    rule('get', 'create', 'update', 'patch', 'delete').groups(g.storage).resources('csinodes').build(),
    rule('get', 'list', 'watch').groups(g.node).resources('runtimeclasses').build(),
  ];
}

function kubeSchedulerRules(): PolicyRule[] {
  return [
    eventsRule(),
    // Leader election.
    rule('create').groups(g.coordination).resources('leases').build(),
    rule('get', 'update', 'list', 'watch')
      .groups(g.coordination)
      .resources('leases')
      .names('kube-scheduler')
      .build(),
    rule(...READ_WRITE)
      .groups(g.coordination)
      .resources('leasecandidates')
      .build(),
    rule(...READ)
      .groups(g.core)
      .resources('nodes')
      .build(),
    rule('get', 'list', 'watch', 'delete').groups(g.core).resources('pods').build(),
    rule('create').groups(g.core).resources('pods/binding', 'bindings').build(),
    rule('patch', 'update').groups(g.core).resources('pods/status').build(),
    // Things that select pods.
    rule(...READ)
      .groups(g.core)
      .resources('services', 'replicationcontrollers')
      .build(),
    rule(...READ)
      .groups(g.apps, g.extensions)
      .resources('replicasets')
      .build(),
    rule(...READ)
      .groups(g.apps)
      .resources('statefulsets')
      .build(),
    // Things pods use or that apply to them.
    rule(...READ)
      .groups(g.policy)
      .resources('poddisruptionbudgets')
      .build(),
    rule(...READ)
      .groups(g.core)
      .resources('persistentvolumeclaims', 'persistentvolumes')
      .build(),
    rule('create').groups(g.authentication).resources('tokenreviews').build(),
    rule('create').groups(g.authorization).resources('subjectaccessreviews').build(),
    // Volume limits.
    rule(...READ)
      .groups(g.storage)
      .resources('csinodes')
      .build(),
    rule('get', 'list', 'watch').groups(g.storage).resources('volumeattachments').build(),
    // namespaceSelector in pod affinity.
    rule(...READ)
      .groups(g.core)
      .resources('namespaces')
      .build(),
    rule(...READ)
      .groups(g.storage)
      .resources('csidrivers')
      .build(),
    rule(...READ)
      .groups(g.storage)
      .resources('csistoragecapacities')
      .build(),
  ];
}

function kubeControllerManagerRules(): PolicyRule[] {
  return [
    eventsRule(),
    // Leader election.
    rule('create').groups(g.coordination).resources('leases').build(),
    rule('get', 'update').groups(g.coordination).resources('leases').names('kube-controller-manager').build(),
    // Enough to create the per-controller service accounts and their credentials.
    rule('create').groups(g.core).resources('secrets', 'serviceaccounts').build(),
    rule('delete').groups(g.core).resources('secrets').build(),
    rule('get').groups(g.core).resources('namespaces', 'secrets', 'serviceaccounts', 'configmaps').build(),
    rule('update').groups(g.core).resources('secrets', 'serviceaccounts').build(),
    rule('create').groups(g.authentication).resources('tokenreviews').build(),
    rule('create').groups(g.authorization).resources('subjectaccessreviews').build(),
    // Every shared informer.
    rule('list', 'watch').groups('*').resources('*').build(),
    rule('create').groups(g.core).resources('serviceaccounts/token').build(),
  ];
}

/** The component ClusterRoles (not the per-controller ones, see controller-roles). */
export function componentClusterRoles(): ClusterRole[] {
  return [
    clusterRole('system:heapster', [
      rule(...READ)
        .groups(g.core)
        .resources('events', 'pods', 'nodes', 'namespaces')
        .build(),
      rule(...READ)
        .groups(g.extensions)
        .resources('deployments')
        .build(),
    ]),
    clusterRole('system:node', nodeRules()),
    // Not bound by default: where node-problem-detector runs varies.
    clusterRole('system:node-problem-detector', [
      rule('get').groups(g.core).resources('nodes').build(),
      rule('patch').groups(g.core).resources('nodes/status').build(),
      eventsRule(),
    ]),
    clusterRole('system:node-bootstrapper', [
      rule('create', 'get', 'list', 'watch')
        .groups(g.certificates)
        .resources('certificatesigningrequests')
        .build(),
    ]),
    clusterRole('system:auth-delegator', [
      rule('create').groups(g.authentication).resources('tokenreviews').build(),
      rule('create').groups(g.authorization).resources('subjectaccessreviews').build(),
    ]),
    // The aggregator must see every service to know whether the ones it points to exist.
    clusterRole('system:kube-aggregator', [
      rule(...READ)
        .groups(g.core)
        .resources('services', 'endpoints')
        .build(),
    ]),
    clusterRole('system:kube-controller-manager', kubeControllerManagerRules()),
    clusterRole('system:kube-dns', [
      rule('list', 'watch').groups(g.core).resources('endpoints', 'services').build(),
    ]),
    clusterRole('system:persistent-volume-provisioner', [
      rule('get', 'list', 'watch', 'create', 'delete').groups(g.core).resources('persistentvolumes').build(),
      // update sets the lock annotations on claims.
      rule('get', 'list', 'watch', 'update').groups(g.core).resources('persistentvolumeclaims').build(),
      rule(...READ)
        .groups(g.storage)
        .resources('storageclasses')
        .build(),
      rule('watch').groups(g.core).resources('events').build(),
      eventsRule(),
    ]),
    clusterRole('system:volume-scheduler', [
      rule(...READ_UPDATE)
        .groups(g.core)
        .resources('persistentvolumes')
        .build(),
      rule(...READ)
        .groups(g.storage)
        .resources('storageclasses')
        .build(),
      rule(...READ_UPDATE)
        .groups(g.core)
        .resources('persistentvolumeclaims')
        .build(),
    ]),
    clusterRole('system:kubelet-api-admin', [
      rule('get', 'list', 'watch').groups(g.core).resources('nodes').build(),
      rule('proxy').groups(g.core).resources('nodes').build(),
      rule('*').groups(g.core).resources('nodes/proxy', 'nodes/metrics', 'nodes/stats', 'nodes/log').build(),
    ]),
    clusterRole('system:node-proxier', [
      rule('list', 'watch').groups(g.core).resources('services', 'endpoints').build(),
      rule('get', 'list', 'watch').groups(g.core).resources('nodes').build(),
      eventsRule(),
      rule('list', 'watch').groups(g.discovery).resources('endpointslices').build(),
    ]),
    clusterRole('system:kube-scheduler', kubeSchedulerRules()),
  ];
}
