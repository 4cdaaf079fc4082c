// The API Priority and Fairness objects an apiserver starts with, as upstream 1.32 ships them
// (k8s.io/apiserver pkg/apis/flowcontrol/bootstrap): the mandatory pair that keeps every request
// classifiable, and the suggested levels and schemas that keep the control plane's own traffic
// (nodes, leader election, controllers) ahead of everyone else's. Operators may edit or delete
// the suggested ones; ensure-configuration.ts restores what they have not claimed.

import type {
  FlowSchema,
  PriorityLevelConfiguration,
  ResourcePolicyRule,
  Subject,
} from 'kubernetes-types/flowcontrol/v1.js';
import {
  bootstrapFlowSchema,
  bootstrapPriorityLevel,
  everythingRule,
  groupSubjects,
} from '../../api/flowcontrol/mandatory-configuration.js';

export {
  mandatoryFlowSchemas,
  mandatoryPriorityLevels,
} from '../../api/flowcontrol/mandatory-configuration.js';

const controllerManager = 'system:kube-controller-manager';
const scheduler = 'system:kube-scheduler';
const nodes = 'system:nodes';
const everyone = ['system:unauthenticated', 'system:authenticated'];

function users(...names: string[]): Subject[] {
  return names.map((name) => ({ kind: 'User', user: { name } }));
}

function kubeSystemServiceAccounts(...names: string[]): Subject[] {
  return names.map((name) => ({
    kind: 'ServiceAccount',
    serviceAccount: { namespace: 'kube-system', name },
  }));
}

function resourceRule(
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  clusterScope: boolean,
): ResourcePolicyRule {
  // Key order is upstream's field order, which its JSON follows; a false clusterScope is omitted.
  return { verbs, apiGroups, resources, ...(clusterScope && { clusterScope }), namespaces: ['*'] };
}

function queuing(
  name: string,
  nominalConcurrencyShares: number,
  lendablePercent: number,
  queues: number,
  handSize: number,
): PriorityLevelConfiguration {
  return bootstrapPriorityLevel(name, {
    type: 'Limited',
    limited: {
      nominalConcurrencyShares,
      limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit: 50 } },
      lendablePercent,
    },
  });
}

/** The suggested priority levels, in upstream's order (shares, lendable %, queues, hand size). */
export const suggestedPriorityLevels: readonly PriorityLevelConfiguration[] = [
  // Kubelets and kube-proxy: the cluster's self-maintenance.
  queuing('system', 30, 33, 64, 6),
  // Node health reporting, apart from "system" so that a pod-startup storm cannot starve it.
  queuing('node-high', 40, 25, 64, 6),
  queuing('leader-election', 10, 0, 16, 4),
  // The scheduler, controllers and other important workloads.
  queuing('workload-high', 40, 50, 128, 6),
  queuing('workload-low', 100, 90, 128, 6),
  // Everything the other schemas do not claim.
  queuing('global-default', 20, 50, 128, 6),
];

const leaseRule = resourceRule(['get', 'create', 'update'], ['coordination.k8s.io'], ['leases'], false);

/** The suggested flow schemas, in upstream's order. */
export const suggestedFlowSchemas: readonly FlowSchema[] = [
  bootstrapFlowSchema('system-nodes', 'system', 500, 'ByUser', [everythingRule(groupSubjects(nodes))]),
  bootstrapFlowSchema('system-node-high', 'node-high', 400, 'ByUser', [
    {
      subjects: groupSubjects(nodes),
      resourceRules: [
        resourceRule(['*'], [''], ['nodes', 'nodes/status'], true),
        resourceRule(['*'], ['coordination.k8s.io'], ['leases'], false),
      ],
    },
  ]),
  // Health probes are never held up.
  bootstrapFlowSchema('probes', 'exempt', 2, undefined, [
    {
      subjects: groupSubjects(...everyone),
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
    },
  ]),
  bootstrapFlowSchema('system-leader-election', 'leader-election', 100, 'ByUser', [
    {
      subjects: [...users(controllerManager, scheduler), ...kubeSystemServiceAccounts('*')],
      resourceRules: [leaseRule],
    },
  ]),
  // Workload controllers that elect leaders on leases, endpoints or config maps.
  bootstrapFlowSchema('workload-leader-election', 'leader-election', 200, 'ByUser', [
    {
      subjects: kubeSystemServiceAccounts('*'),
      resourceRules: [
        resourceRule(['get', 'create', 'update'], [''], ['endpoints', 'configmaps'], false),
        leaseRule,
      ],
    },
  ]),
  // Ahead of workload-leader-election, which would otherwise claim the endpoints writes.
  bootstrapFlowSchema('endpoint-controller', 'workload-high', 150, 'ByUser', [
    {
      subjects: [
        ...users(controllerManager),
        ...kubeSystemServiceAccounts('endpoint-controller', 'endpointslicemirroring-controller'),
      ],
      resourceRules: [resourceRule(['get', 'create', 'update'], [''], ['endpoints'], false)],
    },
  ]),
  bootstrapFlowSchema('kube-controller-manager', 'workload-high', 800, 'ByNamespace', [
    everythingRule(users(controllerManager)),
  ]),
  bootstrapFlowSchema('kube-scheduler', 'workload-high', 800, 'ByNamespace', [
    everythingRule(users(scheduler)),
  ]),
  bootstrapFlowSchema('kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', [
    everythingRule(kubeSystemServiceAccounts('*')),
  ]),
  bootstrapFlowSchema('service-accounts', 'workload-low', 9000, 'ByUser', [
    everythingRule(groupSubjects('system:serviceaccounts')),
  ]),
  bootstrapFlowSchema('global-default', 'global-default', 9900, 'ByUser', [
    everythingRule(groupSubjects(...everyone)),
  ]),
];
