import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../object.js';
import { fieldErrorMessage } from './field-error.js';
import { validateObject, validateObjectUpdate } from './validate-object.js';

const create = (kind: string, o: KubeObject): string[] => validateObject('', kind, o).map(fieldErrorMessage);
const update = (kind: string, o: KubeObject, old: KubeObject): string[] =>
  validateObjectUpdate('', kind, o, old).map(fieldErrorMessage);

describe('PersistentVolumeClaim', () => {
  const pvc = (spec: object = {}, status?: object): KubeObject => ({
    metadata: { name: 'c' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
      volumeMode: 'Filesystem',
      ...spec,
    },
    ...(status ? { status } : {}),
  });
  it('accepts a valid claim', () => assert.deepEqual(create('PersistentVolumeClaim', pvc()), []));
  it('checks access modes and storage', () => {
    assert.deepEqual(create('PersistentVolumeClaim', pvc({ accessModes: [], resources: { requests: {} } })), [
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ]);
    assert.deepEqual(
      create(
        'PersistentVolumeClaim',
        pvc({ accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'], resources: { requests: { storage: '0' } } }),
      ),
      [
        'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
        'spec.resources[storage]: Invalid value: "0": must be greater than zero',
      ],
    );
  });
  it('allows growing a bound claim but nothing else', () => {
    const bound = { phase: 'Bound' };
    assert.deepEqual(
      update(
        'PersistentVolumeClaim',
        pvc({ resources: { requests: { storage: '2Gi' } } }, bound),
        pvc({}, bound),
      ),
      [],
    );
    assert.deepEqual(
      update(
        'PersistentVolumeClaim',
        pvc({ resources: { requests: { storage: '500Mi' } } }, bound),
        pvc({}, bound),
      ),
      ['spec.resources.requests.storage: Forbidden: field can not be less than previous value'],
    );
    const errs = update(
      'PersistentVolumeClaim',
      pvc({ accessModes: ['ReadWriteMany'] }, bound),
      pvc({}, bound),
    );
    assert.equal(errs.length, 1);
    assert.ok(
      errs[0]?.startsWith(
        'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n',
      ),
    );
  });
  it('binds a volume name once', () => {
    assert.deepEqual(update('PersistentVolumeClaim', pvc({ volumeName: 'pv-1' }), pvc()), []);
  });
});

describe('PersistentVolume', () => {
  const pv = (spec: object = {}): KubeObject => ({
    metadata: { name: 'v' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      hostPath: { path: '/data' },
      persistentVolumeReclaimPolicy: 'Retain',
      ...spec,
    },
  });
  it('accepts a valid volume', () => assert.deepEqual(create('PersistentVolume', pv()), []));
  it('needs exactly one source and a storage capacity', () => {
    assert.deepEqual(create('PersistentVolume', pv({ hostPath: undefined, capacity: {} })), [
      'spec.capacity: Required value',
      'spec.capacity: Unsupported value: map[string]string{}: supported values: "storage"',
      'spec: Required value: must specify a volume type',
    ]);
    assert.deepEqual(create('PersistentVolume', pv({ nfs: { server: 'a', path: '/x' } })), [
      'spec.nfs: Forbidden: may not specify more than 1 volume type',
    ]);
  });
  it('keeps its source', () => {
    const errs = update('PersistentVolume', pv({ hostPath: { path: '/other' } }), pv());
    assert.ok(
      errs[0]?.startsWith(
        'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n',
      ),
    );
  });
});

describe('Node', () => {
  const node = (spec: object = {}, status: object = {}): KubeObject => ({
    metadata: { name: 'n' },
    spec,
    status,
  });
  it('checks taints, CIDRs and capacity', () => {
    const errs = create(
      'Node',
      node(
        {
          taints: [
            { key: 'k', effect: 'Sometimes' },
            { key: 'k', effect: 'NoSchedule' },
            { key: 'k', effect: 'NoSchedule' },
          ],
          podCIDRs: ['10.0.0.0/24', '10.1.0.0/24'],
        },
        { capacity: { cpu: '-1', pods: '1.5' } },
      ),
    );
    assert.deepEqual(errs, [
      'metadata.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'metadata.taints[2]: Duplicate value: core.Taint{Key:"k", Value:"", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
      'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
      'status.capacity.pods: Invalid value: 1500m: must be an integer',
      'spec.podCIDRs: Invalid value: []string{"10.0.0.0/24", "10.1.0.0/24"}: may specify no more than one CIDR for each IP family',
    ]);
  });
  it('lets a pod CIDR and provider ID be set once', () => {
    assert.deepEqual(update('Node', node({ podCIDRs: ['10.0.0.0/24'] }), node()), []);
    assert.deepEqual(
      update(
        'Node',
        node({ podCIDRs: ['10.0.1.0/24'], providerID: 'b' }),
        node({ podCIDRs: ['10.0.0.0/24'], providerID: 'a' }),
      ),
      [
        'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
        'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
      ],
    );
  });
});

describe('ResourceQuota and LimitRange', () => {
  it('checks quota resource names, quantities and scopes', () => {
    const quota = {
      metadata: { name: 'q' },
      spec: { hard: { pods: '1.5', foo: '1', cpu: '-1' }, scopes: ['BestEffort', 'NotBestEffort'] },
    };
    assert.deepEqual(create('ResourceQuota', quota), [
      'spec.hard[pods]: Invalid value: 1500m: must be an integer',
      'spec.hard[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.hard[foo]: Invalid value: "foo": must be a standard resource for quota',
      'spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.scopes: Invalid value: []string{"BestEffort", "NotBestEffort"}: unsupported scope applied to resource',
      'spec.scopes: Invalid value: []string{"BestEffort", "NotBestEffort"}: conflicting scopes',
    ]);
  });
  it('keeps quota scopes immutable', () => {
    const old = { metadata: { name: 'q' }, spec: { hard: { pods: '1' } } };
    assert.deepEqual(
      update(
        'ResourceQuota',
        { metadata: { name: 'q' }, spec: { hard: { pods: '1' }, scopes: ['Terminating'] } },
        old,
      ),
      ['spec.scopes: Invalid value: []string{"Terminating"}: field is immutable'],
    );
  });
  it('orders limit range values', () => {
    const lr = {
      metadata: { name: 'l' },
      spec: {
        limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' }, defaultRequest: { cpu: '3' } }],
      },
    };
    assert.deepEqual(create('LimitRange', lr), [
      'spec.limits[0].min[cpu]: Invalid value: 2: min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: Invalid value: 3: default request value 3 is greater than max value 1',
    ]);
  });
});
