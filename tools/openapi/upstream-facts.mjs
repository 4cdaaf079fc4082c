// Facts about upstream Kubernetes' OpenAPI that neither kubernetes-types nor client-node carry:
// definition naming, the GVKs of the meta types, the shape of the few hand-written schemas
// (Quantity, IntOrString, Time, ...) and the patch/list extensions that come from Go struct tags.
// Everything here is written out by hand from the published API conventions; nothing is copied.

/** Upstream definition-name prefix for a kubernetes-types module path ("core/v1", "meta/v1", "runtime"). */
export function packagePrefix(modulePath) {
  switch (modulePath) {
    case 'meta/v1':
      return 'io.k8s.apimachinery.pkg.apis.meta.v1';
    case 'api/resource':
      return 'io.k8s.apimachinery.pkg.api.resource';
    case 'runtime':
      return 'io.k8s.apimachinery.pkg.runtime';
    case 'version':
      return 'io.k8s.apimachinery.pkg.version';
    case 'apiextensions/v1':
      return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
    default:
      return `io.k8s.api.${modulePath.replace('/', '.')}`;
  }
}

/** IntOrString has no declaration in kubernetes-types (it is inlined as `number | string`). */
export const intOrStringName = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/**
 * Schemas whose JSON shape is not their Go shape: they marshal themselves, so upstream writes their
 * OpenAPI by hand (kube-openapi's OpenAPISchemaType / OpenAPIV3OneOfTypes hooks).
 */
export const customShapes = {
  [intOrStringName]: {
    description:
      'IntOrString holds either an int32 or a string; in JSON and YAML it is written as whichever of the two it holds, so one field can accept a number or a name.',
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  // Arbitrary JSON values: no type at all, so any value validates.
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': {},
};

/** Meta types that are served in the core group even though their apiVersion is not a literal. */
export const coreMetaKinds = ['APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions', 'Status'];

/** Meta types registered in every group-version (their GVK list names them all). */
export const everyGroupMetaKinds = ['DeleteOptions', 'WatchEvent'];

// Shorthands for the extension table below.
const merge = (key, mapKeys = [key]) => ({
  'x-kubernetes-patch-strategy': 'merge',
  'x-kubernetes-patch-merge-key': key,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': mapKeys,
});
const mergeRetain = (key) => ({ ...merge(key), 'x-kubernetes-patch-strategy': 'merge,retainKeys' });
const mergeAtomic = (key) => ({
  'x-kubernetes-patch-strategy': 'merge',
  'x-kubernetes-patch-merge-key': key,
  'x-kubernetes-list-type': 'atomic',
});
const primitiveMergeSet = { 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' };
const atomic = { 'x-kubernetes-list-type': 'atomic' };
const set = { 'x-kubernetes-list-type': 'set' };
const atomicMap = { 'x-kubernetes-map-type': 'atomic' };
const retainKeys = { 'x-kubernetes-patch-strategy': 'retainKeys' };
const replace = { 'x-kubernetes-patch-strategy': 'replace' };
const listMap = (...keys) => ({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys });
const conditions = merge('type');

const core = 'io.k8s.api.core.v1';
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/**
 * Per-property extensions, keyed "<definition>.<property>": the strategic-merge strategies and merge
 * keys (Go `patchStrategy`/`patchMergeKey` tags) and the server-side-apply list and map types
 * (`+listType`, `+listMapKey`, `+mapType`) of upstream 1.32. Lists not named here have no patch
 * strategy, so strategic merge patch and apply both treat them as atomic, as upstream does.
 */
export const propertyExtensions = {
  [`${meta}.ObjectMeta.finalizers`]: primitiveMergeSet,
  [`${meta}.ObjectMeta.ownerReferences`]: merge('uid'),
  [`${meta}.ObjectMeta.managedFields`]: atomic,
  [`${meta}.LabelSelector.matchExpressions`]: atomic,
  [`${meta}.LabelSelectorRequirement.values`]: atomic,
  [`${meta}.StatusDetails.causes`]: atomic,

  [`${core}.PodSpec.containers`]: merge('name'),
  [`${core}.PodSpec.initContainers`]: merge('name'),
  [`${core}.PodSpec.ephemeralContainers`]: merge('name'),
  [`${core}.PodSpec.imagePullSecrets`]: merge('name'),
  [`${core}.PodSpec.schedulingGates`]: merge('name'),
  [`${core}.PodSpec.volumes`]: mergeRetain('name'),
  [`${core}.PodSpec.resourceClaims`]: mergeRetain('name'),
  [`${core}.PodSpec.hostAliases`]: merge('ip'),
  [`${core}.PodSpec.topologySpreadConstraints`]: merge('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
  [`${core}.PodSpec.tolerations`]: atomic,
  [`${core}.PodSpec.readinessGates`]: atomic,
  [`${core}.PodSpec.nodeSelector`]: atomicMap,
  [`${core}.PodStatus.conditions`]: conditions,
  [`${core}.PodStatus.podIPs`]: mergeAtomic('ip'),
  [`${core}.PodStatus.hostIPs`]: mergeAtomic('ip'),
  [`${core}.PodStatus.resourceClaimStatuses`]: mergeRetain('name'),
  [`${core}.PodStatus.containerStatuses`]: atomic,
  [`${core}.PodStatus.initContainerStatuses`]: atomic,
  [`${core}.PodStatus.ephemeralContainerStatuses`]: atomic,
  [`${core}.ContainerStatus.volumeMounts`]: merge('mountPath'),
  [`${core}.ContainerStatus.allocatedResourcesStatus`]: merge('name'),
  [`${core}.PodSecurityContext.supplementalGroups`]: atomic,
  [`${core}.PodSecurityContext.sysctls`]: atomic,
  [`${core}.Capabilities.add`]: atomic,
  [`${core}.Capabilities.drop`]: atomic,
  [`${core}.PodDNSConfig.nameservers`]: atomic,
  [`${core}.PodDNSConfig.searches`]: atomic,
  [`${core}.PodDNSConfig.options`]: atomic,
  [`${core}.HostAlias.hostnames`]: atomic,
  [`${core}.ResourceRequirements.claims`]: listMap('name'),
  [`${core}.NodeSelector.nodeSelectorTerms`]: atomic,
  [`${core}.NodeSelectorTerm.matchExpressions`]: atomic,
  [`${core}.NodeSelectorTerm.matchFields`]: atomic,
  [`${core}.NodeSelectorRequirement.values`]: atomic,
  [`${core}.NodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`]: atomic,
  [`${core}.PodAffinity.requiredDuringSchedulingIgnoredDuringExecution`]: atomic,
  [`${core}.PodAffinity.preferredDuringSchedulingIgnoredDuringExecution`]: atomic,
  [`${core}.PodAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`]: atomic,
  [`${core}.PodAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`]: atomic,
  [`${core}.PodAffinityTerm.namespaces`]: atomic,
  [`${core}.PodAffinityTerm.matchLabelKeys`]: atomic,
  [`${core}.PodAffinityTerm.mismatchLabelKeys`]: atomic,
  [`${core}.TopologySpreadConstraint.matchLabelKeys`]: atomic,
  [`${core}.ProjectedVolumeSource.sources`]: atomic,
  [`${core}.ConfigMapVolumeSource.items`]: atomic,
  [`${core}.SecretVolumeSource.items`]: atomic,
  [`${core}.ConfigMapProjection.items`]: atomic,
  [`${core}.SecretProjection.items`]: atomic,
  [`${core}.DownwardAPIVolumeSource.items`]: atomic,
  [`${core}.DownwardAPIProjection.items`]: atomic,

  [`${core}.ServiceSpec.ports`]: merge('port', ['port', 'protocol']),
  [`${core}.ServiceSpec.selector`]: atomicMap,
  [`${core}.ServiceSpec.clusterIPs`]: atomic,
  [`${core}.ServiceSpec.externalIPs`]: atomic,
  [`${core}.ServiceSpec.ipFamilies`]: atomic,
  [`${core}.ServiceSpec.loadBalancerSourceRanges`]: atomic,
  [`${core}.ServiceStatus.conditions`]: conditions,
  [`${core}.LoadBalancerStatus.ingress`]: atomic,
  [`${core}.LoadBalancerIngress.ports`]: atomic,
  [`${core}.ServiceAccount.secrets`]: merge('name'),
  [`${core}.ServiceAccount.imagePullSecrets`]: atomic,
  [`${core}.Endpoints.subsets`]: atomic,
  [`${core}.EndpointSubset.addresses`]: atomic,
  [`${core}.EndpointSubset.notReadyAddresses`]: atomic,
  [`${core}.EndpointSubset.ports`]: atomic,

  [`${core}.NodeSpec.podCIDRs`]: primitiveMergeSet,
  [`${core}.NodeSpec.taints`]: atomic,
  [`${core}.NodeStatus.conditions`]: conditions,
  // Nodes may report several addresses of one type, so apply treats the list as atomic.
  [`${core}.NodeStatus.addresses`]: mergeAtomic('type'),
  [`${core}.NodeStatus.images`]: atomic,
  [`${core}.NodeStatus.volumesInUse`]: atomic,
  [`${core}.NodeStatus.volumesAttached`]: atomic,
  [`${core}.NamespaceStatus.conditions`]: conditions,
  [`${core}.NamespaceSpec.finalizers`]: atomic,
  [`${core}.PersistentVolumeClaimStatus.conditions`]: conditions,
  [`${core}.PersistentVolumeClaimStatus.accessModes`]: atomic,
  [`${core}.PersistentVolumeClaimSpec.accessModes`]: atomic,
  [`${core}.PersistentVolumeSpec.accessModes`]: atomic,
  [`${core}.PersistentVolumeSpec.mountOptions`]: atomic,
  [`${core}.ReplicationControllerStatus.conditions`]: conditions,
  [`${core}.ComponentStatus.conditions`]: conditions,
  [`${core}.LimitRangeSpec.limits`]: atomic,
  [`${core}.ResourceQuotaSpec.scopes`]: atomic,
  [`${core}.ScopeSelector.matchExpressions`]: atomic,
  [`${core}.ScopedResourceSelectorRequirement.values`]: atomic,

  'io.k8s.api.apps.v1.DeploymentSpec.strategy': retainKeys,
  'io.k8s.api.apps.v1.DeploymentStatus.conditions': conditions,
  'io.k8s.api.apps.v1.ReplicaSetStatus.conditions': conditions,
  'io.k8s.api.apps.v1.StatefulSetStatus.conditions': conditions,
  'io.k8s.api.apps.v1.DaemonSetStatus.conditions': conditions,
  'io.k8s.api.apps.v1.StatefulSetSpec.volumeClaimTemplates': atomic,

  'io.k8s.api.batch.v1.JobStatus.conditions': mergeAtomic('type'),
  'io.k8s.api.batch.v1.CronJobStatus.active': atomic,
  'io.k8s.api.batch.v1.PodFailurePolicy.rules': atomic,
  'io.k8s.api.batch.v1.SuccessPolicy.rules': atomic,

  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec.request': atomic,
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec.groups': atomic,
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec.usages': atomic,
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus.certificate': atomic,
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus.conditions': listMap('type'),

  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus.conditions': conditions,
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus.currentMetrics': atomic,
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec.metrics': atomic,

  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec.selector': replace,
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus.conditions': conditions,

  'io.k8s.api.networking.v1.IngressSpec.rules': atomic,
  'io.k8s.api.networking.v1.IngressSpec.tls': atomic,
  'io.k8s.api.networking.v1.HTTPIngressRuleValue.paths': atomic,
  'io.k8s.api.networking.v1.IngressTLS.hosts': atomic,
  'io.k8s.api.networking.v1.NetworkPolicySpec.ingress': atomic,
  'io.k8s.api.networking.v1.NetworkPolicySpec.egress': atomic,
  'io.k8s.api.networking.v1.NetworkPolicySpec.policyTypes': atomic,

  'io.k8s.api.rbac.v1.Role.rules': atomic,
  'io.k8s.api.rbac.v1.ClusterRole.rules': atomic,
  'io.k8s.api.rbac.v1.RoleBinding.subjects': atomic,
  'io.k8s.api.rbac.v1.ClusterRoleBinding.subjects': atomic,
  'io.k8s.api.rbac.v1.PolicyRule.verbs': atomic,
  'io.k8s.api.rbac.v1.PolicyRule.apiGroups': atomic,
  'io.k8s.api.rbac.v1.PolicyRule.resources': atomic,
  'io.k8s.api.rbac.v1.PolicyRule.resourceNames': atomic,
  'io.k8s.api.rbac.v1.PolicyRule.nonResourceURLs': atomic,

  'io.k8s.api.storage.v1.CSINodeSpec.drivers': merge('name'),
  'io.k8s.api.storage.v1.CSINodeDriver.topologyKeys': atomic,
  'io.k8s.api.storage.v1.CSIDriverSpec.volumeLifecycleModes': set,
  'io.k8s.api.storage.v1.CSIDriverSpec.tokenRequests': atomic,
  'io.k8s.api.storage.v1.StorageClass.mountOptions': atomic,
  'io.k8s.api.storage.v1.StorageClass.allowedTopologies': atomic,

  'io.k8s.api.discovery.v1.EndpointSlice.endpoints': atomic,
  'io.k8s.api.discovery.v1.EndpointSlice.ports': atomic,
  'io.k8s.api.discovery.v1.Endpoint.addresses': set,

  'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration.webhooks': merge('name'),
  'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration.webhooks': merge('name'),
  'io.k8s.api.admissionregistration.v1.ValidatingWebhook.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1.MutatingWebhook.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1.ValidatingWebhook.rules': atomic,
  'io.k8s.api.admissionregistration.v1.MutatingWebhook.rules': atomic,
  'io.k8s.api.admissionregistration.v1.ValidatingWebhook.admissionReviewVersions': atomic,
  'io.k8s.api.admissionregistration.v1.MutatingWebhook.admissionReviewVersions': atomic,
  'io.k8s.api.admissionregistration.v1.RuleWithOperations.operations': atomic,
  'io.k8s.api.admissionregistration.v1.RuleWithOperations.apiGroups': atomic,
  'io.k8s.api.admissionregistration.v1.RuleWithOperations.apiVersions': atomic,
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec.variables': merge('name'),
  'io.k8s.api.admissionregistration.v1beta1.ValidatingWebhookConfiguration.webhooks': merge('name'),
  'io.k8s.api.admissionregistration.v1beta1.MutatingWebhookConfiguration.webhooks': merge('name'),
  'io.k8s.api.admissionregistration.v1beta1.ValidatingWebhook.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1beta1.MutatingWebhook.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1beta1.ValidatingAdmissionPolicySpec.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1beta1.ValidatingAdmissionPolicySpec.variables': merge('name'),
  'io.k8s.api.admissionregistration.v1alpha1.ValidatingAdmissionPolicySpec.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1alpha1.ValidatingAdmissionPolicySpec.variables': merge('name'),
  'io.k8s.api.admissionregistration.v1alpha1.MutatingAdmissionPolicySpec.matchConditions': merge('name'),

  'io.k8s.api.flowcontrol.v1.FlowSchemaStatus.conditions': conditions,
  'io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationStatus.conditions': conditions,
  'io.k8s.api.flowcontrol.v1beta3.FlowSchemaStatus.conditions': conditions,
  'io.k8s.api.flowcontrol.v1beta3.PriorityLevelConfigurationStatus.conditions': conditions,

  'io.k8s.api.networking.v1alpha1.ServiceCIDRStatus.conditions': conditions,

  // DRA moved between versions; each version's claim status keeps the tag.
  'io.k8s.api.resource.v1alpha2.ResourceClaimStatus.reservedFor': merge('uid'),
  'io.k8s.api.resource.v1alpha3.ResourceClaimStatus.reservedFor': merge('uid'),
  'io.k8s.api.resource.v1beta1.ResourceClaimStatus.reservedFor': merge('uid'),

  'io.k8s.api.storagemigration.v1alpha1.StorageVersionMigrationStatus.conditions': conditions,
  // Upstream really tags the list's items (keyed by a field the items do not have).
  'io.k8s.api.storagemigration.v1alpha1.StorageVersionMigrationList.items': merge('type'),

  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus.conditions':
    listMap('type'),
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec.versions': atomic,
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.x-kubernetes-validations':
    merge('rule'),
};

// A Container's list fields merge the same way wherever the container appears.
for (const container of ['Container', 'EphemeralContainer']) {
  Object.assign(propertyExtensions, {
    [`${core}.${container}.ports`]: merge('containerPort', ['containerPort', 'protocol']),
    [`${core}.${container}.env`]: merge('name'),
    [`${core}.${container}.volumeMounts`]: merge('mountPath'),
    [`${core}.${container}.volumeDevices`]: merge('devicePath'),
    [`${core}.${container}.command`]: atomic,
    [`${core}.${container}.args`]: atomic,
    [`${core}.${container}.envFrom`]: atomic,
    [`${core}.${container}.resizePolicy`]: atomic,
  });
}

/** Structs that server-side apply replaces as a whole (`+structType=atomic`, `+mapType=atomic`). */
export const atomicStructs = [
  `${meta}.LabelSelector`,
  `${meta}.OwnerReference`,
  `${core}.ObjectReference`,
  `${core}.LocalObjectReference`,
  `${core}.TypedLocalObjectReference`,
  `${core}.TypedObjectReference`,
  `${core}.ConfigMapKeySelector`,
  `${core}.SecretKeySelector`,
  `${core}.ObjectFieldSelector`,
  `${core}.ResourceFieldSelector`,
  `${core}.NodeSelector`,
  `${core}.NodeSelectorTerm`,
  `${core}.TopologySelectorTerm`,
  'io.k8s.api.rbac.v1.RoleRef',
];

const stringList = { type: 'array', items: { type: 'string' } };

/**
 * Properties upstream's types have that the installed kubernetes-types lack (it drops property
 * names it cannot express, such as the x-kubernetes-* fields of JSONSchemaProps, and some list
 * fields): added so decoding and field validation accept what kubectl and clients send.
 */
export const missingProperties = {
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': {
    'x-kubernetes-preserve-unknown-fields': {
      type: 'boolean',
      description:
        'x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema.',
    },
    'x-kubernetes-embedded-resource': {
      type: 'boolean',
      description:
        'x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta.',
    },
    'x-kubernetes-int-or-string': {
      type: 'boolean',
      description: 'x-kubernetes-int-or-string specifies that this value is either an integer or a string.',
    },
    'x-kubernetes-list-map-keys': {
      ...stringList,
      'x-kubernetes-list-type': 'atomic',
      description:
        'x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.',
    },
    'x-kubernetes-list-type': {
      type: 'string',
      description:
        'x-kubernetes-list-type annotates an array to further describe its topology: atomic, set or map.',
    },
    'x-kubernetes-map-type': {
      type: 'string',
      description:
        'x-kubernetes-map-type annotates an object to further describe its topology: granular or atomic.',
    },
    'x-kubernetes-validations': {
      type: 'array',
      items: {
        $ref: '#/components/schemas/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule',
      },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['rule'],
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'rule',
      description:
        'x-kubernetes-validations describes a list of validation rules written in the CEL expression language.',
    },
  },
  // kubernetes-types loses two fields of the Rule that RuleWithOperations embeds.
  'io.k8s.api.admissionregistration.v1.RuleWithOperations': {
    resources: {
      ...stringList,
      'x-kubernetes-list-type': 'atomic',
      description:
        "Resources is a list of resources this rule applies to.\n\nFor example: 'pods' means pods. 'pods/log' means the log subresource of pods. '*' means all resources, but not subresources. 'pods/*' means all subresources of pods. '*/scale' means all scale subresources. '*/*' means all resources and their subresources.\n\nIf wildcard is present, the validation rule will ensure resources do not overlap with each other.\n\nDepending on the enclosing object, subresources might not be allowed. Required.",
    },
    scope: {
      type: 'string',
      description:
        'scope specifies the scope of this rule. Valid values are "Cluster", "Namespaced", and "*" "Cluster" means that only cluster-scoped resources will match this rule. Namespace API objects are cluster-scoped. "Namespaced" means that only namespaced resources will match this rule. "*" means that there are no scope restrictions. Subresources match the scope of their parent resource. Default is "*".',
    },
  },
  'io.k8s.api.authorization.v1.ResourceRule': {
    verbs: {
      ...stringList,
      description:
        'Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy.  "*" means all.',
    },
    resources: {
      ...stringList,
      description:
        'Resources is a list of resources this rule applies to.  "*" means all in the specified apiGroups.',
    },
  },
};
