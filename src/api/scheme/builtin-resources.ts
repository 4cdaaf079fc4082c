import {
  apiVersionOf,
  type GroupVersionKind,
  type ResourceType,
  type SubresourceType,
  type Verb,
} from './resource-type.js';

const all: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
const readWrite: readonly Verb[] = ['get', 'patch', 'update'];

interface Spec {
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly verbs?: readonly Verb[];
  /** Subresource names mapped to their verbs and, when it differs from the parent, their kind. */
  readonly sub?: Readonly<Record<string, { verbs: readonly Verb[]; kind?: GroupVersionKind }>>;
  readonly storagePrefix?: string;
  readonly storageApiVersion?: string;
}

const status = { verbs: readWrite };
// The connect subresources (exec, attach, portforward, proxy) speak their options kinds in v1.
const streamVerbs: readonly Verb[] = ['create', 'get'];
const proxyVerbs: readonly Verb[] = ['create', 'delete', 'get', 'patch', 'update'];
function connect(kind: string, verbs: readonly Verb[]) {
  return { verbs, kind: { group: '', version: 'v1', kind } };
}
const scale = { verbs: readWrite, kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } };

function group(groupName: string, version: string, specs: readonly Spec[]): ResourceType[] {
  return specs.map((s) => {
    const parent = { group: groupName, version, kind: s.kind };
    const subresources: SubresourceType[] = Object.entries(s.sub ?? {}).map(([name, sub]) => ({
      name,
      verbs: sub.verbs,
      kind: sub.kind ?? parent,
    }));
    return {
      ...parent,
      resource: s.resource,
      singular: s.kind.toLowerCase(),
      listKind: `${s.kind}List`,
      namespaced: s.namespaced,
      shortNames: s.shortNames ?? [],
      categories: s.categories ?? [],
      verbs: s.verbs ?? all,
      subresources,
      storagePrefix: s.storagePrefix ?? `/registry/${s.resource}/`,
      storageApiVersion: s.storageApiVersion ?? apiVersionOf(parent),
    };
  });
}

const hpa: Spec = {
  kind: 'HorizontalPodAutoscaler',
  resource: 'horizontalpodautoscalers',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  sub: { status },
  storageApiVersion: 'autoscaling/v2',
};

/**
 * Every built-in resource the server serves, in discovery order: the core group first, then the
 * named groups in the order upstream's aggregated discovery lists them; within a group the
 * preferred version comes first. Scope, short names, categories, verbs and subresources are
 * upstream 1.32's.
 */
export const builtinResources: readonly ResourceType[] = [
  ...group('', 'v1', [
    { kind: 'Binding', resource: 'bindings', namespaced: true, verbs: ['create'] },
    { kind: 'ConfigMap', resource: 'configmaps', namespaced: true, shortNames: ['cm'] },
    { kind: 'Endpoints', resource: 'endpoints', namespaced: true, shortNames: ['ep'] },
    { kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'] },
    { kind: 'LimitRange', resource: 'limitranges', namespaced: true, shortNames: ['limits'] },
    {
      kind: 'Namespace',
      resource: 'namespaces',
      namespaced: false,
      shortNames: ['ns'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      sub: { finalize: { verbs: ['update'] }, status },
    },
    {
      kind: 'Node',
      resource: 'nodes',
      namespaced: false,
      shortNames: ['no'],
      sub: { proxy: connect('NodeProxyOptions', proxyVerbs), status },
    },
    {
      kind: 'PersistentVolumeClaim',
      resource: 'persistentvolumeclaims',
      namespaced: true,
      shortNames: ['pvc'],
      sub: { status },
    },
    {
      kind: 'PersistentVolume',
      resource: 'persistentvolumes',
      namespaced: false,
      shortNames: ['pv'],
      sub: { status },
    },
    {
      kind: 'Pod',
      resource: 'pods',
      namespaced: true,
      shortNames: ['po'],
      categories: ['all'],
      sub: {
        attach: connect('PodAttachOptions', streamVerbs),
        binding: { verbs: ['create'], kind: { group: '', version: 'v1', kind: 'Binding' } },
        ephemeralcontainers: { verbs: readWrite },
        eviction: { verbs: ['create'], kind: { group: 'policy', version: 'v1', kind: 'Eviction' } },
        exec: connect('PodExecOptions', streamVerbs),
        log: { verbs: ['get'] },
        portforward: connect('PodPortForwardOptions', streamVerbs),
        proxy: connect('PodProxyOptions', proxyVerbs),
        status,
      },
    },
    { kind: 'PodTemplate', resource: 'podtemplates', namespaced: true },
    {
      kind: 'ReplicationController',
      resource: 'replicationcontrollers',
      namespaced: true,
      shortNames: ['rc'],
      categories: ['all'],
      sub: { scale, status },
    },
    {
      kind: 'ResourceQuota',
      resource: 'resourcequotas',
      namespaced: true,
      shortNames: ['quota'],
      sub: { status },
    },
    { kind: 'Secret', resource: 'secrets', namespaced: true },
    {
      kind: 'ServiceAccount',
      resource: 'serviceaccounts',
      namespaced: true,
      shortNames: ['sa'],
      sub: {
        token: {
          verbs: ['create'],
          kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
        },
      },
    },
    {
      kind: 'Service',
      resource: 'services',
      namespaced: true,
      shortNames: ['svc'],
      categories: ['all'],
      sub: { proxy: connect('ServiceProxyOptions', proxyVerbs), status },
      storagePrefix: '/registry/services/specs/',
    },
  ]),
  ...group('apps', 'v1', [
    { kind: 'ControllerRevision', resource: 'controllerrevisions', namespaced: true },
    {
      kind: 'DaemonSet',
      resource: 'daemonsets',
      namespaced: true,
      shortNames: ['ds'],
      categories: ['all'],
      sub: { status },
    },
    {
      kind: 'Deployment',
      resource: 'deployments',
      namespaced: true,
      shortNames: ['deploy'],
      categories: ['all'],
      sub: { scale, status },
    },
    {
      kind: 'ReplicaSet',
      resource: 'replicasets',
      namespaced: true,
      shortNames: ['rs'],
      categories: ['all'],
      sub: { scale, status },
    },
    {
      kind: 'StatefulSet',
      resource: 'statefulsets',
      namespaced: true,
      shortNames: ['sts'],
      categories: ['all'],
      sub: { scale, status },
    },
  ]),
  ...group('events.k8s.io', 'v1', [
    {
      kind: 'Event',
      resource: 'events',
      namespaced: true,
      shortNames: ['ev'],
      storagePrefix: '/registry/events/',
      storageApiVersion: 'v1',
    },
  ]),
  ...group('authentication.k8s.io', 'v1', [
    { kind: 'SelfSubjectReview', resource: 'selfsubjectreviews', namespaced: false, verbs: ['create'] },
    { kind: 'TokenReview', resource: 'tokenreviews', namespaced: false, verbs: ['create'] },
  ]),
  ...group('authorization.k8s.io', 'v1', [
    {
      kind: 'LocalSubjectAccessReview',
      resource: 'localsubjectaccessreviews',
      namespaced: true,
      verbs: ['create'],
    },
    {
      kind: 'SelfSubjectAccessReview',
      resource: 'selfsubjectaccessreviews',
      namespaced: false,
      verbs: ['create'],
    },
    {
      kind: 'SelfSubjectRulesReview',
      resource: 'selfsubjectrulesreviews',
      namespaced: false,
      verbs: ['create'],
    },
    { kind: 'SubjectAccessReview', resource: 'subjectaccessreviews', namespaced: false, verbs: ['create'] },
  ]),
  ...group('autoscaling', 'v2', [hpa]),
  ...group('autoscaling', 'v1', [hpa]),
  ...group('batch', 'v1', [
    {
      kind: 'CronJob',
      resource: 'cronjobs',
      namespaced: true,
      shortNames: ['cj'],
      categories: ['all'],
      sub: { status },
    },
    { kind: 'Job', resource: 'jobs', namespaced: true, categories: ['all'], sub: { status } },
  ]),
  ...group('certificates.k8s.io', 'v1', [
    {
      kind: 'CertificateSigningRequest',
      resource: 'certificatesigningrequests',
      namespaced: false,
      shortNames: ['csr'],
      sub: { approval: { verbs: readWrite }, status },
    },
  ]),
  ...group('networking.k8s.io', 'v1', [
    { kind: 'IngressClass', resource: 'ingressclasses', namespaced: false },
    { kind: 'Ingress', resource: 'ingresses', namespaced: true, shortNames: ['ing'], sub: { status } },
    { kind: 'NetworkPolicy', resource: 'networkpolicies', namespaced: true, shortNames: ['netpol'] },
  ]),
  ...group('policy', 'v1', [
    {
      kind: 'PodDisruptionBudget',
      resource: 'poddisruptionbudgets',
      namespaced: true,
      shortNames: ['pdb'],
      sub: { status },
    },
  ]),
  ...group('rbac.authorization.k8s.io', 'v1', [
    { kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false },
    { kind: 'ClusterRole', resource: 'clusterroles', namespaced: false },
    { kind: 'RoleBinding', resource: 'rolebindings', namespaced: true },
    { kind: 'Role', resource: 'roles', namespaced: true },
  ]),
  ...group('storage.k8s.io', 'v1', [
    { kind: 'CSIDriver', resource: 'csidrivers', namespaced: false },
    { kind: 'CSINode', resource: 'csinodes', namespaced: false },
    { kind: 'StorageClass', resource: 'storageclasses', namespaced: false, shortNames: ['sc'] },
    { kind: 'VolumeAttachment', resource: 'volumeattachments', namespaced: false, sub: { status } },
  ]),
  ...group('admissionregistration.k8s.io', 'v1', [
    {
      kind: 'MutatingWebhookConfiguration',
      resource: 'mutatingwebhookconfigurations',
      namespaced: false,
      categories: ['api-extensions'],
    },
    {
      kind: 'ValidatingWebhookConfiguration',
      resource: 'validatingwebhookconfigurations',
      namespaced: false,
      categories: ['api-extensions'],
    },
  ]),
  ...group('apiextensions.k8s.io', 'v1', [
    {
      kind: 'CustomResourceDefinition',
      resource: 'customresourcedefinitions',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      sub: { status },
      storagePrefix: '/registry/apiextensions.k8s.io/customresourcedefinitions/',
    },
  ]),
  ...group('scheduling.k8s.io', 'v1', [
    { kind: 'PriorityClass', resource: 'priorityclasses', namespaced: false, shortNames: ['pc'] },
  ]),
  ...group('coordination.k8s.io', 'v1', [{ kind: 'Lease', resource: 'leases', namespaced: true }]),
  ...group('node.k8s.io', 'v1', [{ kind: 'RuntimeClass', resource: 'runtimeclasses', namespaced: false }]),
  ...group('discovery.k8s.io', 'v1', [
    { kind: 'EndpointSlice', resource: 'endpointslices', namespaced: true },
  ]),
  ...group('flowcontrol.apiserver.k8s.io', 'v1', [
    { kind: 'FlowSchema', resource: 'flowschemas', namespaced: false, sub: { status } },
    {
      kind: 'PriorityLevelConfiguration',
      resource: 'prioritylevelconfigurations',
      namespaced: false,
      sub: { status },
    },
  ]),
];
