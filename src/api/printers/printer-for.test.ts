import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinResources } from '../scheme/builtin-resources.js';
import { createdAt, defaultPrinter } from './default-printer.js';
import { printerFor } from './printer-for.js';

const now = new Date('2025-01-01T12:00:00Z');

// Upstream 1.32's column names per kind; "*" marks -o wide (priority 1) columns.
const expected: Record<string, string> = {
  '/Binding': 'Name,Created At',
  '/ConfigMap': 'Name,Data,Age',
  '/Endpoints': 'Name,Endpoints,Age',
  '/Event': 'Last Seen,Type,Reason,Object,*Subobject,*Source,Message,*First Seen,*Count,*Name',
  '/LimitRange': 'Name,Created At',
  '/Namespace': 'Name,Status,Age',
  '/Node':
    'Name,Status,Roles,Age,Version,*Internal-IP,*External-IP,*OS-Image,*Kernel-Version,*Container-Runtime',
  '/PersistentVolumeClaim':
    'Name,Status,Volume,Capacity,Access Modes,StorageClass,VolumeAttributesClass,Age,*VolumeMode',
  '/PersistentVolume':
    'Name,Capacity,Access Modes,Reclaim Policy,Status,Claim,StorageClass,VolumeAttributesClass,Reason,Age,*VolumeMode',
  '/Pod': 'Name,Ready,Status,Restarts,Age,*IP,*Node,*Nominated Node,*Readiness Gates',
  '/PodTemplate': 'Name,Containers,Images,Pod Labels',
  '/ReplicationController': 'Name,Desired,Current,Ready,Age,*Containers,*Images,*Selector',
  '/ResourceQuota': 'Name,Age,Request,Limit',
  '/Secret': 'Name,Type,Data,Age',
  '/ServiceAccount': 'Name,Secrets,Age',
  '/Service': 'Name,Type,Cluster-IP,External-IP,Port(s),Age,*Selector',
  'apps/ControllerRevision': 'Name,Controller,Revision,Age',
  'apps/DaemonSet':
    'Name,Desired,Current,Ready,Up-to-date,Available,Node Selector,Age,*Containers,*Images,*Selector',
  'apps/Deployment': 'Name,Ready,Up-to-date,Available,Age,*Containers,*Images,*Selector',
  'apps/ReplicaSet': 'Name,Desired,Current,Ready,Age,*Containers,*Images,*Selector',
  'apps/StatefulSet': 'Name,Ready,Age,*Containers,*Images',
  'events.k8s.io/Event': 'Last Seen,Type,Reason,Object,*Subobject,*Source,Message,*First Seen,*Count,*Name',
  'autoscaling/HorizontalPodAutoscaler': 'Name,Reference,Targets,MinPods,MaxPods,Replicas,Age',
  'batch/CronJob': 'Name,Schedule,Timezone,Suspend,Active,Last Schedule,Age,*Containers,*Images,*Selector',
  'batch/Job': 'Name,Status,Completions,Duration,Age,*Containers,*Images,*Selector',
  'certificates.k8s.io/CertificateSigningRequest':
    'Name,Age,SignerName,Requestor,RequestedDuration,Condition',
  'networking.k8s.io/IngressClass': 'Name,Controller,Parameters,Age',
  'networking.k8s.io/Ingress': 'Name,Class,Hosts,Address,Ports,Age',
  'networking.k8s.io/NetworkPolicy': 'Name,Pod-Selector,Age',
  'policy/PodDisruptionBudget': 'Name,Min Available,Max Unavailable,Allowed Disruptions,Age',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'Name,Role,Age,*Users,*Groups,*ServiceAccounts',
  'rbac.authorization.k8s.io/ClusterRole': 'Name,Created At',
  'rbac.authorization.k8s.io/RoleBinding': 'Name,Role,Age,*Users,*Groups,*ServiceAccounts',
  'rbac.authorization.k8s.io/Role': 'Name,Created At',
  'storage.k8s.io/CSIDriver':
    'Name,AttachRequired,PodInfoOnMount,StorageCapacity,TokenRequests,RequiresRepublish,Modes,Age',
  'storage.k8s.io/CSINode': 'Name,Drivers,Age',
  'storage.k8s.io/StorageClass': 'Name,Provisioner,ReclaimPolicy,VolumeBindingMode,AllowVolumeExpansion,Age',
  'storage.k8s.io/VolumeAttachment': 'Name,Attacher,PV,Node,Attached,Age',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': 'Name,Webhooks,Age',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': 'Name,Webhooks,Age',
  'apiextensions.k8s.io/CustomResourceDefinition': 'Name,Created At',
  'scheduling.k8s.io/PriorityClass': 'Name,Value,Global-Default,Age,PreemptionPolicy',
  'coordination.k8s.io/Lease': 'Name,Holder,Age',
  'node.k8s.io/RuntimeClass': 'Name,Handler,Age',
  'discovery.k8s.io/EndpointSlice': 'Name,AddressType,Ports,Endpoints,Age',
  'flowcontrol.apiserver.k8s.io/FlowSchema':
    'Name,PriorityLevel,MatchingPrecedence,DistinguisherMethod,Age,MissingPL',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration':
    'Name,Type,NominalConcurrencyShares,Queues,HandSize,QueueLengthLimit,Age',
  // The review APIs are never listed; upstream gives them the default table convertor.
  'authentication.k8s.io/SelfSubjectReview': 'Name,Created At',
  'authentication.k8s.io/TokenReview': 'Name,Created At',
  'authorization.k8s.io/LocalSubjectAccessReview': 'Name,Created At',
  'authorization.k8s.io/SelfSubjectAccessReview': 'Name,Created At',
  'authorization.k8s.io/SelfSubjectRulesReview': 'Name,Created At',
  'authorization.k8s.io/SubjectAccessReview': 'Name,Created At',
};

test('every served kind has upstream 1.32 columns', () => {
  for (const r of builtinResources) {
    const key = `${r.group}/${r.kind}`;
    const want = expected[key];
    assert.ok(want, `no expectation for ${key}`);
    const got = printerFor(r.group, r.kind)
      .columns.map((c) => `${c.priority > 0 ? '*' : ''}${c.name}`)
      .join(',');
    assert.equal(got, want, key);
  }
});

test('every printer fills every column for a bare object, and marks exactly one name column', () => {
  for (const r of builtinResources) {
    const printer = printerFor(r.group, r.kind);
    const obj = {
      apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
      kind: r.kind,
      metadata: { name: 'x' },
    };
    const row = printer.row(obj, now);
    assert.equal(row.cells.length, printer.columns.length, `${r.group}/${r.kind}`);
    assert.ok(row.cells.includes('x'), `${r.group}/${r.kind} prints the name`);
    assert.equal(printer.columns.filter((c) => c.format === 'name' && c.name === 'Name').length, 1);
    for (const c of printer.columns) assert.ok(c.priority === 0 || c.priority === 1);
  }
});

test('kinds without a printer fall back to Name and Created At, an RFC 3339 date', () => {
  assert.equal(printerFor('', 'LimitRange'), defaultPrinter);
  assert.equal(printerFor('example.com', 'Widget'), defaultPrinter);
  assert.deepEqual(
    defaultPrinter.columns.map((c) => [c.name, c.type, c.format]),
    [
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ],
  );
  const role = { metadata: { name: 'reader', creationTimestamp: '2024-06-01T08:09:10.123Z' } };
  assert.deepEqual(printerFor('rbac.authorization.k8s.io', 'Role').row(role, now), {
    cells: ['reader', '2024-06-01T08:09:10Z'],
  });
  assert.equal(createdAt({ metadata: { name: 'x' } }), '0001-01-01T00:00:00Z');
  assert.equal(
    createdAt({ metadata: { creationTimestamp: '2024-06-01T10:00:00+02:00' } }),
    '2024-06-01T08:00:00Z',
  );
});

test('both event APIs and both HPA versions share one printer', () => {
  assert.equal(printerFor('', 'Event'), printerFor('events.k8s.io', 'Event'));
  assert.equal(printerFor('autoscaling', 'HorizontalPodAutoscaler').columns.length, 7);
});
