// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

const condition = '1:type 2:status 3:lastTransitionTime:time 4:reason 5:message';

/** flowcontrol.apiserver.k8s.io/v1 (k8s.io/api/flowcontrol/v1). */
export const flowcontrolV1: MessagePackage = {
  id: 'flowcontrolv1',
  apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
  kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
  messages: {
    FlowSchema: '1:metadata:metav1.ObjectMeta 2:spec:FlowSchemaSpec 3:status:FlowSchemaStatus',
    FlowSchemaSpec: `1:priorityLevelConfiguration:PriorityLevelConfigurationReference
      2:matchingPrecedence:int32! 3:distinguisherMethod:FlowDistinguisherMethod
      4:rules:PolicyRulesWithSubjects[]`,
    PriorityLevelConfigurationReference: '1:name!',
    FlowDistinguisherMethod: '1:type!',
    PolicyRulesWithSubjects: `1:subjects:Subject[] 2:resourceRules:ResourcePolicyRule[]
      3:nonResourceRules:NonResourcePolicyRule[]`,
    Subject: '1:kind! 2:user:UserSubject 3:group:GroupSubject 4:serviceAccount:ServiceAccountSubject',
    UserSubject: '1:name!',
    GroupSubject: '1:name!',
    ServiceAccountSubject: '1:namespace! 2:name!',
    ResourcePolicyRule: '1:verbs[] 2:apiGroups[] 3:resources[] 4:clusterScope:bool 5:namespaces[]',
    NonResourcePolicyRule: '1:verbs[] 6:nonResourceURLs[]',
    FlowSchemaStatus: '1:conditions:FlowSchemaCondition[]',
    FlowSchemaCondition: condition,
    PriorityLevelConfiguration: `1:metadata:metav1.ObjectMeta 2:spec:PriorityLevelConfigurationSpec
      3:status:PriorityLevelConfigurationStatus`,
    PriorityLevelConfigurationSpec: `1:type! 2:limited:LimitedPriorityLevelConfiguration
      3:exempt:ExemptPriorityLevelConfiguration`,
    LimitedPriorityLevelConfiguration: `1:nominalConcurrencyShares:int32! 2:limitResponse:LimitResponse
      3:lendablePercent:int32! 4:borrowingLimitPercent:int32!`,
    ExemptPriorityLevelConfiguration: '1:nominalConcurrencyShares:int32! 2:lendablePercent:int32!',
    LimitResponse: '1:type! 2:queuing:QueuingConfiguration',
    QueuingConfiguration: '1:queues:int32! 2:handSize:int32! 3:queueLengthLimit:int32!',
    PriorityLevelConfigurationStatus: '1:conditions:PriorityLevelConfigurationCondition[]',
    PriorityLevelConfigurationCondition: condition,
  },
};
