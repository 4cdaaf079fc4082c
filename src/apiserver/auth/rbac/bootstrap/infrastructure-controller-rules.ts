// Rules of the system:controller:* roles for the node, network, storage, certificate and API
// bookkeeping controllers (Kubernetes 1.32 controller_policy, default feature gates). Keyed by the
// controller's service-account name.

import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { signers } from './certificate-roles.js';
import { eventsRule, groups as g, rule } from './policy-builders.js';

/** The ConfigMap the legacy service-account token tracking keeps in kube-system. */
export const LEGACY_TOKEN_TRACKING_CONFIGMAP = 'kube-apiserver-legacy-service-account-token-tracking';

/** Rules per infrastructure controller, by service-account name. */
export function infrastructureControllerRules(): Record<string, PolicyRule[]> {
  return {
    'attachdetach-controller': [
      rule('list', 'watch').groups(g.core).resources('persistentvolumes', 'persistentvolumeclaims').build(),
      rule('get', 'list', 'watch').groups(g.core).resources('nodes').build(),
      rule('patch', 'update').groups(g.core).resources('nodes/status').build(),
      rule('list', 'watch').groups(g.core).resources('pods').build(),
      eventsRule(),
      rule('get', 'create', 'delete', 'list', 'watch')
        .groups(g.storage)
        .resources('volumeattachments')
        .build(),
      rule('get', 'watch', 'list').groups(g.storage).resources('csidrivers').build(),
      rule('get', 'watch', 'list').groups(g.storage).resources('csinodes').build(),
    ],
    'clusterrole-aggregation-controller': [
      // It rewrites roles with rules it does not hold itself, hence "escalate".
      rule('escalate', 'get', 'list', 'watch', 'update', 'patch')
        .groups(g.rbac)
        .resources('clusterroles')
        .build(),
    ],
    'endpoint-controller': [
      rule('get', 'list', 'watch').groups(g.core).resources('services', 'pods').build(),
      rule('get', 'list', 'watch', 'create', 'update', 'delete')
        .groups(g.core)
        .resources('endpoints')
        .build(),
      rule('create').groups(g.core).resources('endpoints/restricted').build(),
      eventsRule(),
    ],
    'endpointslice-controller': [
      rule('get', 'list', 'watch').groups(g.core).resources('services', 'pods', 'nodes').build(),
      // Slices it creates are owned by the service with blockOwnerDeletion, which needs this.
      rule('update').groups(g.core).resources('services/finalizers').build(),
      rule('get', 'list', 'watch', 'create', 'update', 'delete')
        .groups(g.discovery)
        .resources('endpointslices')
        .build(),
      eventsRule(),
    ],
    'endpointslicemirroring-controller': [
      rule('get', 'list', 'watch').groups(g.core).resources('services', 'endpoints').build(),
      rule('update').groups(g.core).resources('services/finalizers').build(),
      rule('update').groups(g.core).resources('endpoints/finalizers').build(),
      rule('get', 'list', 'watch', 'create', 'update', 'delete')
        .groups(g.discovery)
        .resources('endpointslices')
        .build(),
      eventsRule(),
    ],
    'expand-controller': [
      rule('get', 'list', 'watch', 'update', 'patch').groups(g.core).resources('persistentvolumes').build(),
      rule('update', 'patch').groups(g.core).resources('persistentvolumeclaims/status').build(),
      rule('get', 'list', 'watch').groups(g.core).resources('persistentvolumeclaims').build(),
      eventsRule(),
      // The portworx volume plugin looks its service up.
      rule('get').groups(g.core).resources('services').build(),
    ],
    'ephemeral-volume-controller': [
      rule('get', 'list', 'watch').groups(g.core).resources('pods').build(),
      rule('update').groups(g.core).resources('pods/finalizers').build(),
      rule('get', 'list', 'watch', 'create').groups(g.core).resources('persistentvolumeclaims').build(),
      eventsRule(),
    ],
    'node-controller': [
      rule('get', 'list', 'watch', 'update', 'delete', 'patch').groups(g.core).resources('nodes').build(),
      rule('patch', 'update').groups(g.core).resources('nodes/status').build(),
      // Marking and deleting pods of lost nodes.
      rule('patch', 'update').groups(g.core).resources('pods/status').build(),
      rule('list', 'watch', 'get', 'delete').groups(g.core).resources('pods').build(),
      eventsRule(),
    ],
    'persistent-volume-binder': [
      rule('get', 'list', 'watch', 'update', 'create', 'delete')
        .groups(g.core)
        .resources('persistentvolumes')
        .build(),
      rule('update').groups(g.core).resources('persistentvolumes/status').build(),
      rule('get', 'list', 'watch', 'update').groups(g.core).resources('persistentvolumeclaims').build(),
      rule('update').groups(g.core).resources('persistentvolumeclaims/status').build(),
      rule('list', 'watch', 'get', 'create', 'delete').groups(g.core).resources('pods').build(),
      rule('get', 'list', 'watch').groups(g.storage).resources('storageclasses').build(),
      rule('list', 'watch').groups(g.core).resources('nodes').build(),
      eventsRule(),
      // The recycler watches its pod's events.
      rule('watch').groups(g.core).resources('events').build(),
      rule('get').groups(g.core).resources('services').build(),
    ],
    'route-controller': [
      rule('list', 'watch').groups(g.core).resources('nodes').build(),
      rule('patch').groups(g.core).resources('nodes/status').build(),
      eventsRule(),
    ],
    'service-account-controller': [
      rule('create').groups(g.core).resources('serviceaccounts').build(),
      eventsRule(),
    ],
    'service-controller': [
      rule('get', 'list', 'watch').groups(g.core).resources('services').build(),
      rule('patch', 'update').groups(g.core).resources('services/status').build(),
      rule('list', 'watch').groups(g.core).resources('nodes').build(),
      eventsRule(),
    ],
    'ttl-controller': [
      rule('update', 'patch', 'list', 'watch').groups(g.core).resources('nodes').build(),
      eventsRule(),
    ],
    'certificate-controller': [
      rule('get', 'list', 'watch', 'delete')
        .groups(g.certificates)
        .resources('certificatesigningrequests')
        .build(),
      rule('update')
        .groups(g.certificates)
        .resources('certificatesigningrequests/status', 'certificatesigningrequests/approval')
        .build(),
      rule('approve')
        .groups(g.certificates)
        .resources('signers')
        .names(signers.kubeAPIServerClientKubelet)
        .build(),
      rule('sign')
        .groups(g.certificates)
        .resources('signers')
        .names(
          signers.legacyUnknown,
          signers.kubeAPIServerClient,
          signers.kubeAPIServerClientKubelet,
          signers.kubeletServing,
        )
        .build(),
      rule('create').groups(g.authorization).resources('subjectaccessreviews').build(),
      eventsRule(),
    ],
    'pvc-protection-controller': [
      rule('get', 'list', 'watch', 'update').groups(g.core).resources('persistentvolumeclaims').build(),
      rule('list', 'watch', 'get').groups(g.core).resources('pods').build(),
      eventsRule(),
    ],
    'pv-protection-controller': [
      rule('get', 'list', 'watch', 'update').groups(g.core).resources('persistentvolumes').build(),
      eventsRule(),
    ],
    'root-ca-cert-publisher': [
      rule('create', 'update').groups(g.core).resources('configmaps').build(),
      eventsRule(),
    ],
    'validatingadmissionpolicy-status-controller': [
      rule('get', 'list', 'watch')
        .groups(g.admissionRegistration)
        .resources('validatingadmissionpolicies')
        .build(),
      rule('get', 'patch', 'update')
        .groups(g.admissionRegistration)
        .resources('validatingadmissionpolicies/status')
        .build(),
      eventsRule(),
    ],
    'legacy-service-account-token-cleaner': [
      rule('get').groups(g.core).resources('configmaps').names(LEGACY_TOKEN_TRACKING_CONFIGMAP).build(),
      rule('patch', 'delete').groups(g.core).resources('secrets').build(),
    ],
  };
}
