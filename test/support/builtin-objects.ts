/**
 * One valid, minimal object of every built-in kind the apiserver serves (Binding excepted: it is
 * create-only and not an object you can get), as a user would write them, for end-to-end tests.
 */
import { stringify } from 'yaml';
import { e2eCertificateRequestPem } from './e2e-certificate-request.js';

/** A manifest plus what kubectl calls it. */
export interface BuiltinObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Undefined for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  readonly manifest: Record<string, unknown>;
}

/** `kind.group/name` (core: `kind/name`), as `kubectl create -f` and `-o name` print it. */
export function kubectlName(o: Pick<BuiltinObject, 'apiVersion' | 'kind' | 'name'>): string {
  const slash = o.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : o.apiVersion.slice(0, slash);
  return `${o.kind.toLowerCase()}${group === '' ? '' : `.${group}`}/${o.name}`;
}

const image = 'registry.local/toolbox:1';
const container = { name: 'main', image };

/**
 * The objects, in an order kubectl can create them in: the Namespace first, everything namespaced
 * inside it. Cluster-scoped names carry the namespace name too, so two calls never collide.
 */
export function builtinObjects(namespace: string): BuiltinObject[] {
  const n = namespace;
  const docs: Array<Record<string, unknown>> = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'e2e-cm', namespace: n },
      data: { key: 'value' },
    },
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'e2e-ep', namespace: n },
      subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80, protocol: 'TCP' }] }],
    },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e2e-ev', namespace: n },
      involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name: 'e2e-cm', namespace: n },
      reason: 'Testing',
      message: 'a core/v1 event',
      type: 'Normal',
      source: { component: 'e2e' },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'e2e-limits', namespace: n },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } }] },
    },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: `${n}-node` } },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'e2e-pvc', namespace: n },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `${n}-pv` },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: `/tmp/${n}-pv` },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'e2e-pod', namespace: n, labels: { app: 'e2e' } },
      spec: { containers: [container] },
    },
    {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'e2e-podtemplate', namespace: n },
      template: { metadata: { labels: { app: 'e2e' } }, spec: { containers: [container] } },
    },
    {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'e2e-rc', namespace: n },
      spec: {
        replicas: 0,
        selector: { app: 'e2e-rc' },
        template: { metadata: { labels: { app: 'e2e-rc' } }, spec: { containers: [container] } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'e2e-quota', namespace: n },
      spec: { hard: { pods: '100' } },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'e2e-secret', namespace: n },
      type: 'Opaque',
      stringData: { password: 'hunter2' },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'e2e-sa', namespace: n } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'e2e-svc', namespace: n },
      spec: { selector: { app: 'e2e' }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${n}.example.com` },
      spec: {
        group: `${n}.example.com`,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
              },
            },
          },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'e2e-revision', namespace: n },
      revision: 1,
      data: { spec: {} },
    },
    workload('apps/v1', 'DaemonSet', 'e2e-ds', n, {}),
    workload('apps/v1', 'Deployment', 'e2e-deploy', n, { replicas: 0 }),
    workload('apps/v1', 'ReplicaSet', 'e2e-rs', n, { replicas: 0 }),
    workload('apps/v1', 'StatefulSet', 'e2e-sts', n, { replicas: 0, serviceName: 'e2e-svc' }),
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'e2e-hpa', namespace: n },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'e2e-deploy' },
        minReplicas: 1,
        maxReplicas: 3,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
        ],
      },
    },
    {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'e2e-hpa-v1', namespace: n },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'e2e-deploy' },
        minReplicas: 1,
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 70,
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'e2e-cronjob', namespace: n },
      spec: {
        schedule: '*/5 * * * *',
        suspend: true,
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container] } } },
        },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'e2e-job', namespace: n },
      spec: { suspend: true, template: { spec: { restartPolicy: 'Never', containers: [container] } } },
    },
    {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: `${n}-csr` },
      spec: {
        request: Buffer.from(e2eCertificateRequestPem).toString('base64'),
        signerName: 'example.com/e2e',
        usages: ['client auth'],
      },
    },
    {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'e2e-lease', namespace: n },
      spec: { holderIdentity: 'e2e', leaseDurationSeconds: 15 },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'e2e-slice', namespace: n, labels: { 'kubernetes.io/service-name': 'e2e-svc' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.2.3'] }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
    {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'e2e-ev2', namespace: n },
      eventTime: '2025-01-01T00:00:00.000000Z',
      reportingController: 'e2e.example.com/tester',
      reportingInstance: 'tester-1',
      action: 'Testing',
      reason: 'Tested',
      type: 'Normal',
      note: 'an events.k8s.io/v1 event',
      regarding: { apiVersion: 'v1', kind: 'ConfigMap', name: 'e2e-cm', namespace: n },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: `${n}-ingressclass` },
      spec: { controller: 'example.com/ingress-controller' },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'e2e-ingress', namespace: n },
      spec: {
        ingressClassName: `${n}-ingressclass`,
        rules: [
          {
            host: 'e2e.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'e2e-svc', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'e2e-netpol', namespace: n },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: `${n}-runtimeclass` },
      handler: 'runc',
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'e2e-pdb', namespace: n },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'e2e' } } },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `${n}-clusterrole` },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${n}-clusterrolebinding` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${n}-clusterrole` },
      subjects: [{ kind: 'ServiceAccount', name: 'e2e-sa', namespace: n }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'e2e-role', namespace: n },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'e2e-rolebinding', namespace: n },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'e2e-role' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }],
    },
    {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: `${n}-priority` },
      value: 1000,
      description: 'e2e priority class',
    },
    {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'PriorityLevelConfiguration',
      metadata: { name: `${n}-pl` },
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } },
    },
    // Matches only a user nobody is, so it never changes how the tests' own requests are served.
    {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'FlowSchema',
      metadata: { name: `${n}-fs` },
      spec: {
        priorityLevelConfiguration: { name: `${n}-pl` },
        matchingPrecedence: 5000,
        distinguisherMethod: { type: 'ByUser' },
        rules: [
          {
            subjects: [{ kind: 'User', user: { name: `${n}-nobody` } }],
            nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/e2e'] }],
          },
        ],
      },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: `${n}.csi.example.com` },
      spec: { attachRequired: true },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSINode',
      metadata: { name: `${n}-node` },
      spec: { drivers: [{ name: `${n}.csi.example.com`, nodeID: `${n}-node` }] },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: `${n}-sc` },
      provisioner: `${n}.csi.example.com`,
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'VolumeAttachment',
      metadata: { name: `${n}-va` },
      spec: {
        attacher: `${n}.csi.example.com`,
        nodeName: `${n}-node`,
        source: { persistentVolumeName: `${n}-pv` },
      },
    },
    // Webhooks for a group nothing here uses, failing open: they never get called.
    ...['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'].map((kind) => ({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind,
      metadata: { name: `${n}-${kind.toLowerCase()}` },
      webhooks: [
        {
          name: `${n}.webhooks.example.com`,
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          failurePolicy: 'Ignore',
          clientConfig: { url: 'https://127.0.0.1:1/admit' },
          rules: [
            {
              operations: ['CREATE'],
              apiGroups: ['widgets.example.com'],
              apiVersions: ['v1'],
              resources: ['widgets'],
            },
          ],
        },
      ],
    })),
  ];
  return docs.map((manifest) => {
    const metadata = manifest['metadata'] as { name: string; namespace?: string };
    return {
      apiVersion: manifest['apiVersion'] as string,
      kind: manifest['kind'] as string,
      name: metadata.name,
      namespace: metadata.namespace,
      manifest,
    };
  });
}

function workload(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string,
  extraSpec: Record<string, unknown>,
): Record<string, unknown> {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace },
    spec: {
      ...extraSpec,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container] } },
    },
  };
}

/** Several manifests as one multi-document YAML stream. */
export function toMultiDocYaml(objects: readonly BuiltinObject[]): string {
  return objects.map((o) => stringify(o.manifest)).join('---\n');
}
