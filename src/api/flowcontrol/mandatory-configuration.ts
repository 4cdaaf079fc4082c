// The two priority levels and two flow schemas every apiserver keeps in place (upstream 1.32's
// k8s.io/apiserver pkg/apis/flowcontrol/bootstrap, "mandatory"): without them a request could
// match no schema, or the operators could lose the exemption that lets them repair the cluster.
// They live in the api layer because validation holds their specs fixed; the apiserver's
// ensurer (src/apiserver/flowcontrol) creates them next to the suggested configuration.

import type {
  FlowSchema,
  PolicyRulesWithSubjects,
  PriorityLevelConfiguration,
  Subject,
} from 'kubernetes-types/flowcontrol/v1.js';

/** The annotation saying whether the apiserver keeps an object's spec at the bootstrap value. */
export const autoUpdateAnnotation = 'apf.kubernetes.io/autoupdate-spec';

/** The name of the mandatory exempt priority level (and flow schema). */
export const exemptName = 'exempt';

/** The name of the mandatory catch-all priority level (and flow schema). */
export const catchAllName = 'catch-all';

/** Subjects naming groups. */
export function groupSubjects(...names: string[]): Subject[] {
  return names.map((name) => ({ kind: 'Group', group: { name } }));
}

/** One rule matching every request of the subjects: all verbs, resources and non-resource URLs. */
export function everythingRule(subjects: Subject[]): PolicyRulesWithSubjects {
  return {
    subjects,
    resourceRules: [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] },
    ],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
  };
}

/** A bootstrap priority level, annotated for automatic spec updates. */
export function bootstrapPriorityLevel(
  name: string,
  spec: NonNullable<PriorityLevelConfiguration['spec']>,
): PriorityLevelConfiguration {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name, annotations: { [autoUpdateAnnotation]: 'true' } },
    spec,
  };
}

/** A bootstrap flow schema, annotated for automatic spec updates. */
export function bootstrapFlowSchema(
  name: string,
  priorityLevel: string,
  matchingPrecedence: number,
  distinguisher: 'ByUser' | 'ByNamespace' | undefined,
  rules: PolicyRulesWithSubjects[],
): FlowSchema {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name, annotations: { [autoUpdateAnnotation]: 'true' } },
    spec: {
      priorityLevelConfiguration: { name: priorityLevel },
      matchingPrecedence,
      ...(distinguisher !== undefined && { distinguisherMethod: { type: distinguisher } }),
      rules,
    },
  };
}

/** The mandatory priority levels: catch-all (5 shares, rejects when full) and exempt. */
export const mandatoryPriorityLevels: readonly PriorityLevelConfiguration[] = [
  bootstrapPriorityLevel(catchAllName, {
    type: 'Limited',
    limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' }, lendablePercent: 0 },
  }),
  bootstrapPriorityLevel(exemptName, {
    type: 'Exempt',
    exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 },
  }),
];

/** The mandatory flow schemas: system:masters is exempt; everyone else falls through to catch-all. */
export const mandatoryFlowSchemas: readonly FlowSchema[] = [
  bootstrapFlowSchema(exemptName, exemptName, 1, undefined, [
    everythingRule(groupSubjects('system:masters')),
  ]),
  bootstrapFlowSchema(catchAllName, catchAllName, 10000, 'ByUser', [
    everythingRule(groupSubjects('system:unauthenticated', 'system:authenticated')),
  ]),
];
