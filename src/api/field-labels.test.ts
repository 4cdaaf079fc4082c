import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customResourceFieldLabelRules, fieldLabelRulesFor, fieldLabelsFor } from './field-labels.js';
import type { KubeObject } from './object.js';

describe('fieldLabelsFor', () => {
  const cases: [string, string, string, KubeObject, Record<string, string>][] = [
    [
      'pod, full',
      '',
      'Pod',
      {
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          nodeName: 'n1',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          serviceAccountName: 'sa',
          hostNetwork: true,
        },
        status: {
          phase: 'Running',
          podIP: '10.0.0.5',
          podIPs: [{ ip: '10.0.0.5' }],
          nominatedNodeName: 'n2',
        },
      },
      {
        'metadata.name': 'web',
        'metadata.namespace': 'default',
        'spec.nodeName': 'n1',
        'spec.restartPolicy': 'Always',
        'spec.schedulerName': 'default-scheduler',
        'spec.serviceAccountName': 'sa',
        'spec.hostNetwork': 'true',
        'status.phase': 'Running',
        'status.podIP': '10.0.0.5',
        'status.nominatedNodeName': 'n2',
      },
    ],
    [
      'pod, empty',
      '',
      'Pod',
      { metadata: { name: 'p', namespace: 'ns' } },
      {
        'metadata.name': 'p',
        'metadata.namespace': 'ns',
        'spec.nodeName': '',
        'spec.restartPolicy': '',
        'spec.schedulerName': '',
        'spec.serviceAccountName': '',
        'spec.hostNetwork': 'false',
        'status.phase': '',
        'status.podIP': '',
        'status.nominatedNodeName': '',
      },
    ],
    [
      'core event',
      '',
      'Event',
      {
        metadata: { name: 'e', namespace: 'default' },
        involvedObject: {
          kind: 'Pod',
          namespace: 'default',
          name: 'p',
          uid: 'u1',
          apiVersion: 'v1',
          resourceVersion: '7',
          fieldPath: 'spec.containers{c}',
        },
        reason: 'Started',
        reportingComponent: '',
        source: { component: 'kubelet', host: 'n1' },
        type: 'Normal',
      },
      {
        'metadata.name': 'e',
        'metadata.namespace': 'default',
        'involvedObject.kind': 'Pod',
        'involvedObject.namespace': 'default',
        'involvedObject.name': 'p',
        'involvedObject.uid': 'u1',
        'involvedObject.apiVersion': 'v1',
        'involvedObject.resourceVersion': '7',
        'involvedObject.fieldPath': 'spec.containers{c}',
        reason: 'Started',
        reportingComponent: '',
        source: 'kubelet',
        type: 'Normal',
      },
    ],
    [
      'events.k8s.io event (source falls back to the reporting controller)',
      'events.k8s.io',
      'Event',
      {
        metadata: { name: 'e', namespace: 'default' },
        regarding: { kind: 'Node', name: 'n1' },
        reason: 'Rebooted',
        reportingController: 'kubelet',
        type: 'Warning',
      },
      {
        'metadata.name': 'e',
        'metadata.namespace': 'default',
        'involvedObject.kind': 'Node',
        'involvedObject.namespace': '',
        'involvedObject.name': 'n1',
        'involvedObject.uid': '',
        'involvedObject.apiVersion': '',
        'involvedObject.resourceVersion': '',
        'involvedObject.fieldPath': '',
        reason: 'Rebooted',
        reportingComponent: 'kubelet',
        source: 'kubelet',
        type: 'Warning',
      },
    ],
    [
      'node',
      '',
      'Node',
      { metadata: { name: 'n1' }, spec: { unschedulable: true } },
      { 'metadata.name': 'n1', 'metadata.namespace': '', 'spec.unschedulable': 'true' },
    ],
    [
      'node, schedulable',
      '',
      'Node',
      { metadata: { name: 'n1' } },
      { 'metadata.name': 'n1', 'metadata.namespace': '', 'spec.unschedulable': 'false' },
    ],
    [
      'namespace',
      '',
      'Namespace',
      { metadata: { name: 'dev' }, status: { phase: 'Terminating' } },
      { 'metadata.name': 'dev', 'metadata.namespace': '', 'status.phase': 'Terminating' },
    ],
    [
      'secret',
      '',
      'Secret',
      { metadata: { name: 's', namespace: 'n' }, type: 'kubernetes.io/tls' },
      { 'metadata.name': 's', 'metadata.namespace': 'n', type: 'kubernetes.io/tls' },
    ],
    [
      'service',
      '',
      'Service',
      { metadata: { name: 's', namespace: 'n' }, spec: { clusterIP: 'None', type: 'ClusterIP' } },
      { 'metadata.name': 's', 'metadata.namespace': 'n', 'spec.clusterIP': 'None', 'spec.type': 'ClusterIP' },
    ],
    [
      'replicationcontroller',
      '',
      'ReplicationController',
      { metadata: { name: 'r', namespace: 'n' }, status: { replicas: 3 } },
      { 'metadata.name': 'r', 'metadata.namespace': 'n', 'status.replicas': '3' },
    ],
    [
      'replicaset without status',
      'apps',
      'ReplicaSet',
      { metadata: { name: 'r', namespace: 'n' } },
      { 'metadata.name': 'r', 'metadata.namespace': 'n', 'status.replicas': '0' },
    ],
    [
      'job',
      'batch',
      'Job',
      { metadata: { name: 'j', namespace: 'n' }, status: { succeeded: 2 } },
      { 'metadata.name': 'j', 'metadata.namespace': 'n', 'status.successful': '2' },
    ],
    [
      'csr',
      'certificates.k8s.io',
      'CertificateSigningRequest',
      { metadata: { name: 'c' }, spec: { signerName: 'kubernetes.io/kubelet-serving' } },
      { 'metadata.name': 'c', 'metadata.namespace': '', 'spec.signerName': 'kubernetes.io/kubelet-serving' },
    ],
    [
      'configmap (metadata only)',
      '',
      'ConfigMap',
      { metadata: { name: 'cfg', namespace: 'n' }, data: { a: 'b' } },
      { 'metadata.name': 'cfg', 'metadata.namespace': 'n' },
    ],
  ];
  for (const [name, group, kind, obj, fields] of cases) {
    it(name, () => assert.deepEqual(fieldLabelsFor(group, kind, obj), fields));
  }

  it('pod IP falls back to podIPs[0] and service account to the deprecated field', () => {
    const f = fieldLabelsFor('', 'Pod', {
      metadata: { name: 'p' },
      spec: { serviceAccount: 'old' },
      status: { podIPs: [{ ip: 'fd00::1' }] },
    });
    assert.equal(f['status.podIP'], 'fd00::1');
    assert.equal(f['spec.serviceAccountName'], 'old');
  });

  it('every accepted label maps to a key the object map has', () => {
    const kinds: [string, string][] = [
      ['', 'Pod'],
      ['', 'Event'],
      ['events.k8s.io', 'Event'],
      ['', 'Node'],
      ['', 'Namespace'],
      ['', 'Secret'],
      ['', 'Service'],
      ['', 'ReplicationController'],
      ['batch', 'Job'],
      ['certificates.k8s.io', 'CertificateSigningRequest'],
      ['apps', 'Deployment'],
    ];
    for (const [group, kind] of kinds) {
      const keys = Object.keys(fieldLabelsFor(group, kind, { metadata: { name: 'x' } }));
      for (const key of fieldLabelRulesFor(group, kind).accepted.values()) {
        assert.ok(keys.includes(key), `${group}/${kind}: ${key}`);
      }
    }
  });
});

describe('fieldLabelRulesFor', () => {
  it('knows which kinds have their own conversion', () => {
    assert.equal(fieldLabelRulesFor('apps', 'Deployment').rejection, 'not-a-known-field-selector');
    assert.equal(fieldLabelRulesFor('apps', 'ReplicaSet').rejection, 'not-a-known-field-selector');
    assert.equal(fieldLabelRulesFor('', 'Pod').rejection, 'not-supported');
    assert.deepEqual(fieldLabelRulesFor('batch', 'Job').rejection, { notSupportedFor: 'batchv1.Job' });
    assert.equal(fieldLabelRulesFor('', 'Pod').accepted.get('spec.host'), 'spec.nodeName');
    assert.equal(fieldLabelRulesFor('', 'Node').accepted.has('metadata.namespace'), false);
    assert.deepEqual(
      [...customResourceFieldLabelRules(false, ['spec.a']).accepted.keys()],
      ['metadata.name', 'spec.a'],
    );
  });
});
