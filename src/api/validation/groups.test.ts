import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject, validateObjectUpdate } from './validate-object.js';

const create = (group: string, kind: string, o: KubeObject): string[] =>
  validateObject(group, kind, o).map(fieldErrorMessage);
const update = (group: string, kind: string, o: KubeObject, old: KubeObject): string[] =>
  validateObjectUpdate(group, kind, o, old).map(fieldErrorMessage);

describe('HorizontalPodAutoscaler (autoscaling/v2)', () => {
  const hpa = (spec: object = {}): KubeObject => ({
    metadata: { name: 'h' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
      ...spec,
    },
  });
  it('accepts a valid autoscaler', () =>
    assert.deepEqual(create('autoscaling', 'HorizontalPodAutoscaler', hpa()), []));
  it('checks replica bounds and the target', () => {
    assert.deepEqual(
      create(
        'autoscaling',
        'HorizontalPodAutoscaler',
        hpa({ minReplicas: 0, maxReplicas: 0, scaleTargetRef: { name: 'a/b' } }),
      ),
      [
        'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
        'spec.maxReplicas: Invalid value: 0: must be greater than 0',
        'spec.scaleTargetRef.kind: Required value',
        'spec.scaleTargetRef.name: Invalid value: "a/b": may not contain \'/\'',
        'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
      ],
    );
    assert.deepEqual(create('autoscaling', 'HorizontalPodAutoscaler', hpa({ minReplicas: 5 })), [
      'spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`',
    ]);
  });
  it('checks metrics and behavior', () => {
    const spec = {
      metrics: [
        { type: 'Pods', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 4000,
          policies: [{ type: 'Pods', value: 0, periodSeconds: 2000 }],
        },
      },
    };
    assert.deepEqual(create('autoscaling', 'HorizontalPodAutoscaler', hpa(spec)), [
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
      'spec.metrics[0].pods: Required value: must populate information for the given metric source',
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800',
    ]);
  });
});

describe('Ingress, IngressClass and NetworkPolicy', () => {
  const backend = { service: { name: 'web', port: { number: 80 } } };
  const ingress = (spec: object): KubeObject => ({ metadata: { name: 'i' }, spec });
  it('accepts a valid ingress', () => {
    const rules = [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }];
    assert.deepEqual(create('networking.k8s.io', 'Ingress', ingress({ rules })), []);
  });
  it('checks rules, paths and backends', () => {
    const rules = [
      {
        host: '1.2.3.4',
        http: {
          paths: [
            { path: 'api', pathType: 'Prefix', backend },
            { path: '/x', backend },
            { path: '/a//b', pathType: 'Exact', backend: { service: { name: 'Web' } } },
            { path: '/', pathType: 'Regex', backend: {} },
          ],
        },
      },
    ];
    assert.deepEqual(create('networking.k8s.io', 'Ingress', ingress({ rules })), [
      'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
      'spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[2].path: Invalid value: "/a//b": must not contain \'//\'',
      "spec.rules[0].http.paths[2].backend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      'spec.rules[0].http.paths[2].backend: Required value: port name or number is required',
      'spec.rules[0].http.paths[3].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      'spec.rules[0].http.paths[3].backend: Invalid value: "": resource or service backend is required',
    ]);
    assert.deepEqual(create('networking.k8s.io', 'Ingress', ingress({})), [
      'spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
    ]);
  });
  it('keeps an IngressClass controller', () => {
    const ic = (controller: string): KubeObject => ({ metadata: { name: 'c' }, spec: { controller } });
    assert.deepEqual(create('networking.k8s.io', 'IngressClass', ic('nginx')), [
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    assert.deepEqual(update('networking.k8s.io', 'IngressClass', ic('b.io/x'), ic('a.io/x')), [
      'spec.controller: Invalid value: "b.io/x": field is immutable',
    ]);
  });
  it('checks network policy ports, peers and types', () => {
    const np = {
      metadata: { name: 'n' },
      spec: {
        podSelector: {},
        ingress: [
          {
            ports: [{ port: 80, endPort: 79 }],
            from: [{}, { ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] }, podSelector: {} }],
          },
        ],
        policyTypes: ['Ingress', 'Sideways'],
      },
    };
    assert.deepEqual(create('networking.k8s.io', 'NetworkPolicy', np), [
      'spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
      'spec.ingress[0].from[1]: Forbidden: may not specify both ipBlock and another peer',
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
  });
});

describe('PodDisruptionBudget', () => {
  it('checks min/max and the selector', () => {
    const pdb = {
      metadata: { name: 'p' },
      spec: { minAvailable: '120%', maxUnavailable: -1, selector: { matchLabels: { 'a b': 'c' } } },
    };
    const errs = create('policy', 'PodDisruptionBudget', pdb);
    assert.equal(errs[0]?.split(':')[0], 'spec');
    assert.deepEqual(errs.slice(1), [
      'spec.minAvailable: Invalid value: 120%: must not be greater than 100%',
      'spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
      "spec.selector.matchLabels: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
  });
});

describe('RBAC', () => {
  const g = 'rbac.authorization.k8s.io';
  it('requires verbs, groups and resources', () => {
    const role = {
      metadata: { name: 'r' },
      rules: [
        { apiGroups: [''], resources: ['pods'] },
        { verbs: ['get'] },
        { verbs: ['get'], nonResourceURLs: ['/x'] },
      ],
    };
    assert.deepEqual(create(g, 'Role', role), [
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[1].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[1].resources: Required value: resource rules must supply at least one resource',
      'rules[2].nonResourceURLs: Invalid value: []string{"/x"}: namespaced rules cannot apply to non-resource URLs',
    ]);
    assert.deepEqual(
      create(g, 'ClusterRole', {
        metadata: { name: 'r' },
        rules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }],
      }),
      [],
    );
  });
  it('checks bindings and keeps roleRef immutable', () => {
    const binding = (roleRef: object, subjects: object[] = []): KubeObject => ({
      metadata: { name: 'b' },
      roleRef,
      subjects,
    });
    const ref = { apiGroup: g, kind: 'Role', name: 'view' };
    assert.deepEqual(
      create(
        g,
        'RoleBinding',
        binding(ref, [
          { kind: 'Robot', name: 'x' },
          { kind: 'User', name: 'u' },
        ]),
      ),
      [
        'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
        'subjects[1].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
      ],
    );
    assert.deepEqual(
      create(g, 'ClusterRoleBinding', binding(ref, [{ kind: 'ServiceAccount', name: 'sa' }])),
      [
        'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
        'subjects[0].namespace: Required value',
      ],
    );
    assert.deepEqual(update(g, 'RoleBinding', binding({ ...ref, name: 'edit' }), binding(ref)), [
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"edit"}: cannot change roleRef',
    ]);
  });
});

describe('storage.k8s.io', () => {
  const g = 'storage.k8s.io';
  const sc = (extra: object = {}): KubeObject => ({
    metadata: { name: 's' },
    provisioner: 'example.com/disk',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    parameters: { a: 'b' },
    ...extra,
  });
  it('checks storage classes', () => {
    assert.deepEqual(create(g, 'StorageClass', sc()), []);
    assert.deepEqual(
      create(
        g,
        'StorageClass',
        sc({ provisioner: '', reclaimPolicy: 'Recycle', volumeBindingMode: undefined }),
      ),
      [
        'provisioner: Required value',
        'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
        'volumeBindingMode: Required value',
      ],
    );
    assert.deepEqual(
      update(g, 'StorageClass', sc({ parameters: { a: 'c' }, provisioner: 'other.io/x' }), sc()),
      [
        'parameters: Forbidden: updates to parameters are forbidden.',
        'provisioner: Forbidden: updates to provisioner are forbidden.',
      ],
    );
  });
  it('checks CSI drivers, nodes and volume attachments', () => {
    assert.deepEqual(create(g, 'CSIDriver', { metadata: { name: 'd' }, spec: { attachRequired: true } }), [
      'spec.podInfoOnMount: Required value',
      'spec.storageCapacity: Required value',
      'spec.seLinuxMount: Required value',
    ]);
    assert.deepEqual(
      create(g, 'CSINode', {
        metadata: { name: 'n' },
        spec: {
          drivers: [
            { name: 'd.io', nodeID: '' },
            { name: 'd.io', nodeID: 'x' },
          ],
        },
      }),
      ['spec.drivers[0].nodeID: Required value', 'spec.drivers[1].name: Duplicate value: "d.io"'],
    );
    assert.deepEqual(
      create(g, 'VolumeAttachment', {
        metadata: { name: 'v' },
        spec: { attacher: 'd.io', nodeName: 'n', source: {} },
      }),
      ['spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName'],
    );
  });
});

describe('smaller groups', () => {
  it('checks PriorityClass values and keeps them', () => {
    const pc = (name: string, value: number): KubeObject => ({ metadata: { name }, value });
    assert.deepEqual(create('scheduling.k8s.io', 'PriorityClass', pc('high', 2000000000)), [
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    assert.deepEqual(create('scheduling.k8s.io', 'PriorityClass', pc('system-x', 1)), [
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-x is not a known system priority class",
    ]);
    assert.deepEqual(update('scheduling.k8s.io', 'PriorityClass', pc('high', 2), pc('high', 1)), [
      'value: Forbidden: may not be changed in an update.',
    ]);
  });
  it('checks Leases', () => {
    assert.deepEqual(
      create('coordination.k8s.io', 'Lease', {
        metadata: { name: 'l' },
        spec: { leaseDurationSeconds: 0, leaseTransitions: -1 },
      }),
      [
        'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
        'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
      ],
    );
  });
  it('checks RuntimeClass handlers and keeps them', () => {
    const rc = (handler: string): KubeObject => ({ metadata: { name: 'r' }, handler });
    assert.equal(create('node.k8s.io', 'RuntimeClass', rc('Bad')).length, 1);
    assert.deepEqual(update('node.k8s.io', 'RuntimeClass', rc('b'), rc('a')), [
      'handler: Invalid value: "b": field is immutable',
    ]);
  });
  it('checks EndpointSlices', () => {
    const slice = {
      metadata: { name: 's' },
      addressType: 'IPv4',
      endpoints: [{ addresses: [] }, { addresses: ['::1'] }],
      ports: [{ name: 'a', protocol: 'TCP' }, { name: 'a' }],
    };
    assert.deepEqual(create('discovery.k8s.io', 'EndpointSlice', slice), [
      'endpoints[0].addresses: Required value: must contain at least 1 address',
      'endpoints[1].addresses[0]: Invalid value: "::1": must be a valid IPv4 address',
      'ports[1].name: Duplicate value: "a"',
      'ports[1].protocol: Required value',
    ]);
    assert.deepEqual(
      create('discovery.k8s.io', 'EndpointSlice', { metadata: { name: 's' }, addressType: 'FQDN' }),
      ['addressType: Unsupported value: "FQDN": supported values: "IPv4", "IPv6"'],
    );
  });
  it('checks CustomResourceDefinitions', () => {
    const crd = {
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example',
        scope: 'Global',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: false }],
      },
    };
    assert.deepEqual(create('apiextensions.k8s.io', 'CustomResourceDefinition', crd), [
      'metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group',
      'spec.group: Invalid value: "example": should be a domain with at least one dot',
      'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
      'spec.versions: Invalid value: [{"name":"v1","served":true,"storage":false}]: must have exactly one version marked as storage version',
      'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same',
    ]);
  });
});
