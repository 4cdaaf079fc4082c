import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaNode } from '../../api/openapi/index.js';
import type { GroupVersionKind } from '../../api/scheme/resource-type.js';
import { lenientPatchSchema, patchSchemaOf, type PatchMeta, type PatchSchema } from './smp-schema.js';

// Walks `path` from a kind: objects by lookupStruct, the last step (and steps marked "[]") as lists.
function metaAt(gvk: GroupVersionKind, path: string): PatchMeta {
  const node = SchemaNode.forKind(gvk);
  assert.ok(node, `no schema for ${gvk.kind}`);
  let schema: PatchSchema = patchSchemaOf(node);
  const steps = path.split('.');
  let meta: PatchMeta = { strategies: [], mergeKey: '' };
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    const list = step.endsWith('[]');
    const key = list ? step.slice(0, -2) : step;
    ({ schema, meta } = list || last ? schema.lookupSlice(key) : schema.lookupStruct(key));
  });
  return meta;
}

const core = (kind: string): GroupVersionKind => ({ group: '', version: 'v1', kind });
const apps = (kind: string): GroupVersionKind => ({ group: 'apps', version: 'v1', kind });

describe('patchSchemaOf: the strategies and merge keys upstream declares (kubectl-protocol §6.2)', () => {
  const table: [GroupVersionKind, string, string, string][] = [
    [core('Pod'), 'spec.containers', 'merge', 'name'],
    [core('Pod'), 'spec.initContainers', 'merge', 'name'],
    [core('Pod'), 'spec.ephemeralContainers', 'merge', 'name'],
    [core('Pod'), 'spec.imagePullSecrets', 'merge', 'name'],
    [core('Pod'), 'spec.schedulingGates', 'merge', 'name'],
    [core('Pod'), 'spec.volumes', 'merge,retainKeys', 'name'],
    [core('Pod'), 'spec.resourceClaims', 'merge,retainKeys', 'name'],
    [core('Pod'), 'spec.hostAliases', 'merge', 'ip'],
    [core('Pod'), 'spec.topologySpreadConstraints', 'merge', 'topologyKey'],
    [core('Pod'), 'spec.containers[].ports', 'merge', 'containerPort'],
    [core('Pod'), 'spec.containers[].env', 'merge', 'name'],
    [core('Pod'), 'spec.containers[].volumeMounts', 'merge', 'mountPath'],
    [core('Pod'), 'spec.containers[].volumeDevices', 'merge', 'devicePath'],
    [core('Pod'), 'spec.ephemeralContainers[].env', 'merge', 'name'],
    [core('Pod'), 'status.conditions', 'merge', 'type'],
    [core('Pod'), 'status.podIPs', 'merge', 'ip'],
    [core('Pod'), 'status.hostIPs', 'merge', 'ip'],
    [core('Pod'), 'status.resourceClaimStatuses', 'merge,retainKeys', 'name'],
    [core('Pod'), 'status.containerStatuses[].volumeMounts', 'merge', 'mountPath'],
    [core('Service'), 'spec.ports', 'merge', 'port'],
    [core('Service'), 'status.conditions', 'merge', 'type'],
    [core('ServiceAccount'), 'secrets', 'merge', 'name'],
    [core('Node'), 'spec.podCIDRs', 'merge', ''],
    [core('Node'), 'status.conditions', 'merge', 'type'],
    [core('Node'), 'status.addresses', 'merge', 'type'],
    [core('Namespace'), 'status.conditions', 'merge', 'type'],
    [core('PersistentVolumeClaim'), 'status.conditions', 'merge', 'type'],
    [core('ReplicationController'), 'status.conditions', 'merge', 'type'],
    [core('ComponentStatus'), 'conditions', 'merge', 'type'],
    [apps('Deployment'), 'spec.template.spec.containers', 'merge', 'name'],
    [apps('Deployment'), 'status.conditions', 'merge', 'type'],
    [apps('ReplicaSet'), 'status.conditions', 'merge', 'type'],
    [apps('StatefulSet'), 'status.conditions', 'merge', 'type'],
    [apps('DaemonSet'), 'status.conditions', 'merge', 'type'],
    [{ group: 'batch', version: 'v1', kind: 'Job' }, 'status.conditions', 'merge', 'type'],
    [
      { group: 'batch', version: 'v1', kind: 'CronJob' },
      'spec.jobTemplate.spec.template.spec.containers',
      'merge',
      'name',
    ],
    [core('Pod'), 'metadata.ownerReferences', 'merge', 'uid'],
    [core('Pod'), 'metadata.finalizers', 'merge', ''],
    [
      { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration' },
      'webhooks',
      'merge',
      'name',
    ],
    [
      { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration' },
      'webhooks[].matchConditions',
      'merge',
      'name',
    ],
    [{ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' }, 'status.conditions', 'merge', 'type'],
    [{ group: 'storage.k8s.io', version: 'v1', kind: 'CSINode' }, 'spec.drivers', 'merge', 'name'],
    [
      { group: 'flowcontrol.apiserver.k8s.io', version: 'v1', kind: 'FlowSchema' },
      'status.conditions',
      'merge',
      'type',
    ],
    [
      { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' },
      'status.conditions',
      'merge',
      'type',
    ],
    // Atomic lists: no strategy.
    [core('Pod'), 'spec.tolerations', '', ''],
    [core('Node'), 'spec.taints', '', ''],
    [core('Pod'), 'spec.containers[].command', '', ''],
    [core('Pod'), 'spec.containers[].args', '', ''],
    [core('Pod'), 'spec.containers[].envFrom', '', ''],
    [core('Pod'), 'status.containerStatuses', '', ''],
  ];
  for (const [gvk, path, strategy, mergeKey] of table) {
    it(`${gvk.kind} ${path}`, () => {
      const meta = metaAt(gvk, path);
      assert.equal(meta.strategies.join(','), strategy);
      assert.equal(meta.mergeKey, mergeKey);
    });
  }

  it('maps: DeploymentSpec.strategy retains keys, PodDisruptionBudgetSpec.selector is replaced', () => {
    const strategy = patchSchemaOf(SchemaNode.forKind(apps('Deployment'))!)
      .lookupStruct('spec')
      .schema.lookupStruct('strategy');
    assert.deepEqual(strategy.meta.strategies, ['retainKeys']);
    const pdb = SchemaNode.forKind({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' });
    const selector = patchSchemaOf(pdb!).lookupStruct('spec').schema.lookupStruct('selector');
    assert.deepEqual(selector.meta.strategies, ['replace']);
  });
});

describe('patchSchemaOf: lookups that fail where Go reflection fails', () => {
  const pod = patchSchemaOf(SchemaNode.forKind(core('Pod'))!);

  it('merging objects under a map-typed field', () => {
    const labels = pod.lookupStruct('metadata').schema.lookupStruct('labels').schema;
    assert.throws(() => labels.lookupStruct('x'), {
      message: 'merging an object in json but data type is not struct, instead is: map',
    });
  });

  it('a list where the field is a map or scalar', () => {
    assert.throws(() => pod.lookupStruct('metadata').schema.lookupSlice('labels'), {
      message: 'expected slice or array type, but got: struct',
    });
  });

  it('is lenient for fields the schema does not know', () => {
    const unknown = pod.lookupStruct('spec').schema.lookupSlice('fieldFromTheFuture');
    assert.equal(unknown.schema, lenientPatchSchema);
    assert.equal(unknown.meta.mergeKey, '');
  });

  it('names Go kinds in messages', () => {
    assert.equal(pod.name(), 'struct');
    assert.equal(pod.lookupStruct('metadata').schema.lookupSlice('finalizers').schema.name(), 'string');
  });
});
