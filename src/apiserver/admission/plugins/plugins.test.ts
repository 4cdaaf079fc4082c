import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../api/object.js';
import { defaultIngressClass } from './default-ingress-class.js';
import { defaultStorageClass } from './default-storage-class.js';
import { defaultTolerationSeconds } from './default-toleration-seconds.js';
import { limitRanger } from './limit-ranger.js';
import { nodeRestriction } from './node-restriction.js';
import { priority } from './priority.js';
import { resourceQuota } from './resource-quota.js';
import { runtimeClass } from './runtime-class.js';
import { serviceAccountAdmission } from './service-account.js';
import { storageObjectInUseProtection } from './storage-object-in-use-protection.js';
import { taintNodesByCondition } from './taint-nodes-by-condition.js';
import { testAttributes } from './test-attributes.js';

const pod = (spec: Record<string, unknown> = {}, name = 'p'): KubeObject => ({
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});
const podAttrs = (over: Parameters<typeof testAttributes>[0] | object = {}) =>
  testAttributes({ resource: 'pods', name: 'p', ...over });

describe('ServiceAccount', () => {
  const sa = { metadata: { name: 'default', namespace: 'default', uid: 'u' } };
  const plugin = serviceAccountAdmission({
    getServiceAccount: async (_ns, n) => (n === 'default' ? sa : undefined),
    randomSuffix: () => 'abcde',
  });

  it('assigns default and mounts the projected kube-api-access volume in every container', async () => {
    const p = pod({ initContainers: [{ name: 'i', image: 'x' }] });
    await plugin.mutate!(podAttrs(), p, undefined);
    const spec = p.spec as Record<string, unknown> & {
      containers: { volumeMounts: unknown[] }[];
      volumes: { name: string; projected: { sources: unknown[] } }[];
    };
    assert.equal(spec.serviceAccountName, 'default');
    assert.deepEqual(spec.containers[0]!.volumeMounts, [
      {
        name: 'kube-api-access-abcde',
        readOnly: true,
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      },
    ]);
    assert.equal(spec.volumes[0]!.name, 'kube-api-access-abcde');
    assert.deepEqual(spec.volumes[0]!.projected.sources[0], {
      serviceAccountToken: { expirationSeconds: 3607, path: 'token' },
    });
    await plugin.validate!(podAttrs(), p, undefined);
  });

  it('honours automountServiceAccountToken=false', async () => {
    const p = pod({ automountServiceAccountToken: false });
    await plugin.mutate!(podAttrs(), p, undefined);
    assert.equal((p.spec as { volumes?: unknown }).volumes, undefined);
  });

  it('refuses a missing service account with upstream message', async () => {
    await assert.rejects(plugin.mutate!(podAttrs(), pod({ serviceAccountName: 'ghost' }), undefined), {
      message:
        'pods "p" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found',
    });
  });
});

describe('LimitRanger', () => {
  const lr = {
    metadata: { name: 'lr' },
    spec: {
      limits: [
        {
          type: 'Container',
          default: { cpu: '500m', memory: '256Mi' },
          defaultRequest: { cpu: '100m' },
          max: { cpu: '1' },
          min: { memory: '64Mi' },
        },
      ],
    },
  };
  const plugin = limitRanger({ listLimitRanges: async () => [lr] });

  it('defaults requests and limits and records them', async () => {
    const p = pod();
    await plugin.mutate!(podAttrs(), p, undefined);
    const c = (p.spec as { containers: { resources: unknown }[] }).containers[0]!;
    assert.deepEqual(c.resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m' } });
    assert.equal(
      p.metadata?.annotations?.['kubernetes.io/limit-ranger'],
      'LimitRanger plugin set: cpu request for container c; cpu, memory limit for container c',
    );
  });

  it('validates min and max with upstream messages', async () => {
    const p = pod({
      containers: [
        {
          name: 'c',
          image: 'x',
          resources: { requests: { cpu: '2', memory: '32Mi' }, limits: { cpu: '2', memory: '32Mi' } },
        },
      ],
    });
    await assert.rejects(plugin.validate!(podAttrs(), p, undefined), {
      message:
        'pods "p" is forbidden: [minimum memory usage per Container is 64Mi, but request is 32Mi, maximum cpu usage per Container is 1, but limit is 2]',
    });
  });
});

describe('ResourceQuota', () => {
  function setup(used: string) {
    let quota: KubeObject = {
      metadata: { name: 'q', namespace: 'default', resourceVersion: '1' },
      spec: { hard: { pods: '2' } },
      status: { hard: { pods: '2' }, used: { pods: used } },
    };
    let conflicts = 1;
    const plugin = resourceQuota({
      listQuotas: async () => [quota],
      getQuota: async () => quota,
      async updateQuotaStatus(q) {
        if (conflicts-- > 0) {
          // Someone else took a unit meanwhile.
          quota = {
            ...quota,
            metadata: { ...quota.metadata, resourceVersion: '2' },
            status: { hard: { pods: '2' }, used: { pods: String(Number(used) + 1) } },
          };
          return false;
        }
        if (q.metadata?.resourceVersion !== quota.metadata?.resourceVersion) return false;
        quota = q;
        return true;
      },
    });
    return { plugin, get: () => quota };
  }

  it('charges usage through compare-and-swap and rejects the pod that exceeds with upstream message', async () => {
    const { plugin, get } = setup('0');
    await plugin.validate!(podAttrs(), pod(), undefined);
    assert.deepEqual((get().status as { used: unknown }).used, { pods: '2' });
    await assert.rejects(plugin.validate!(podAttrs({ name: 'p3' }), pod({}, 'p3'), undefined), {
      message: 'pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    });
  });

  it('requires compute resources when the quota limits them', async () => {
    const q = {
      metadata: { name: 'compute' },
      status: { hard: { 'limits.cpu': '2' }, used: { 'limits.cpu': '0' } },
    };
    const plugin = resourceQuota({
      listQuotas: async () => [q],
      getQuota: async () => q,
      updateQuotaStatus: async () => true,
    });
    await assert.rejects(plugin.validate!(podAttrs(), pod(), undefined), {
      message: 'pods "p" is forbidden: failed quota: compute: must specify limits.cpu for: c',
    });
    await plugin.validate!(
      podAttrs(),
      pod({ containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '500m' } } }] }),
      undefined,
    );
  });
});

describe('Priority', () => {
  const classes: KubeObject[] = [{ metadata: { name: 'low' }, value: 10, globalDefault: true }];
  const plugin = priority({
    getPriorityClass: async (n) => classes.find((c) => c.metadata?.name === n),
    listPriorityClasses: async () => classes,
  });

  it('resolves built-in, named and default classes', async () => {
    const p1 = pod({ priorityClassName: 'system-node-critical' });
    await plugin.mutate!(podAttrs(), p1, undefined);
    assert.deepEqual(
      [
        (p1.spec as { priority: number }).priority,
        (p1.spec as { preemptionPolicy: string }).preemptionPolicy,
      ],
      [2000001000, 'PreemptLowerPriority'],
    );
    const p2 = pod();
    await plugin.mutate!(podAttrs(), p2, undefined);
    assert.deepEqual(
      [
        (p2.spec as { priorityClassName: string }).priorityClassName,
        (p2.spec as { priority: number }).priority,
      ],
      ['low', 10],
    );
  });

  it('rejects unknown classes and second defaults', async () => {
    await assert.rejects(plugin.mutate!(podAttrs(), pod({ priorityClassName: 'nope' }), undefined), {
      message: 'pods "p" is forbidden: no PriorityClass with name nope was found',
    });
    await assert.rejects(
      plugin.validate!(
        testAttributes({ group: 'scheduling.k8s.io', resource: 'priorityclasses', namespaced: false }),
        { metadata: { name: 'hi' }, value: 5, globalDefault: true },
        undefined,
      ),
      {
        message:
          'priorityclasses.scheduling.k8s.io "hi" is forbidden: PriorityClass low is already marked as default. Only one default can exist',
      },
    );
  });
});

describe('small mutating plugins', () => {
  it('DefaultTolerationSeconds adds 300 s not-ready/unreachable tolerations', async () => {
    const p = pod();
    await defaultTolerationSeconds().mutate!(podAttrs(), p, undefined);
    assert.deepEqual((p.spec as { tolerations: unknown }).tolerations, [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
  });

  it('TaintNodesByCondition taints new nodes not-ready:NoSchedule', async () => {
    const n: KubeObject = { metadata: { name: 'n' } };
    await taintNodesByCondition().mutate!(
      testAttributes({ resource: 'nodes', namespaced: false }),
      n,
      undefined,
    );
    assert.deepEqual((n.spec as { taints: unknown }).taints, [
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    ]);
  });

  it('StorageObjectInUseProtection adds the protection finalizers', async () => {
    const pvc: KubeObject = { metadata: { name: 'c' } };
    await storageObjectInUseProtection().mutate!(
      testAttributes({ resource: 'persistentvolumeclaims' }),
      pvc,
      undefined,
    );
    assert.deepEqual(pvc.metadata?.finalizers, ['kubernetes.io/pvc-protection']);
  });

  it('DefaultStorageClass and DefaultIngressClass pick the newest default', async () => {
    const classes = [
      {
        metadata: {
          name: 'old',
          creationTimestamp: '2025-01-01T00:00:00Z',
          annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        },
      },
      {
        metadata: {
          name: 'new',
          creationTimestamp: '2025-06-01T00:00:00Z',
          annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        },
      },
    ];
    const pvc: KubeObject = { metadata: { name: 'c' }, spec: {} };
    await defaultStorageClass({ listStorageClasses: async () => classes }).mutate!(
      testAttributes({ resource: 'persistentvolumeclaims' }),
      pvc,
      undefined,
    );
    assert.equal((pvc.spec as { storageClassName: string }).storageClassName, 'new');
    const ing: KubeObject = { metadata: { name: 'i' }, spec: {} };
    const ic = [
      { metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } },
    ];
    await defaultIngressClass({ listIngressClasses: async () => ic }).mutate!(
      testAttributes({ group: 'networking.k8s.io', resource: 'ingresses' }),
      ing,
      undefined,
    );
    assert.equal((ing.spec as { ingressClassName: string }).ingressClassName, 'nginx');
  });

  it('RuntimeClass applies overhead and scheduling, and refuses unknown classes', async () => {
    const rc = {
      metadata: { name: 'kata' },
      overhead: { podFixed: { cpu: '250m' } },
      scheduling: { nodeSelector: { sandbox: 'true' } },
    };
    const plugin = runtimeClass({ getRuntimeClass: async (n) => (n === 'kata' ? rc : undefined) });
    const p = pod({ runtimeClassName: 'kata' });
    await plugin.mutate!(podAttrs(), p, undefined);
    await plugin.validate!(podAttrs(), p, undefined);
    assert.deepEqual(
      [(p.spec as { overhead: unknown }).overhead, (p.spec as { nodeSelector: unknown }).nodeSelector],
      [{ cpu: '250m' }, { sandbox: 'true' }],
    );
    await assert.rejects(plugin.mutate!(podAttrs(), pod({ runtimeClassName: 'gvisor' }), undefined), {
      message: 'pods "p" is forbidden: pod rejected: RuntimeClass "gvisor" not found',
    });
  });
});

describe('NodeRestriction', () => {
  const node1 = { name: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };
  const pods: Record<string, KubeObject> = {
    mine: { metadata: { name: 'mine', uid: 'u1' }, spec: { nodeName: 'n1' } },
    theirs: { metadata: { name: 'theirs' }, spec: { nodeName: 'n2' } },
  };
  const plugin = nodeRestriction({
    getPod: async (_ns, n) => pods[n],
    getNode: async () => ({ metadata: { name: 'n1', uid: 'nu' } }),
  });

  it('lets a node modify only its own Node and Lease', async () => {
    await plugin.mutate!(
      testAttributes({ resource: 'nodes', namespaced: false, operation: 'UPDATE', name: 'n1', user: node1 }),
      { metadata: { name: 'n1' } },
      { metadata: { name: 'n1' } },
    );
    await assert.rejects(
      plugin.mutate!(
        testAttributes({
          resource: 'nodes',
          namespaced: false,
          operation: 'UPDATE',
          name: 'n2',
          user: node1,
        }),
        { metadata: { name: 'n2' } },
        { metadata: { name: 'n2' } },
      ),
      { message: 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"' },
    );
    await assert.rejects(
      plugin.mutate!(
        testAttributes({
          group: 'coordination.k8s.io',
          resource: 'leases',
          namespace: 'kube-node-lease',
          operation: 'UPDATE',
          name: 'n2',
          user: node1,
        }),
        {},
        {},
      ),
      {
        message:
          'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node',
      },
    );
  });

  it('lets a node update status only of its own pods', async () => {
    const attrs = (name: string) =>
      podAttrs({ subresource: 'status', operation: 'UPDATE', name, user: node1 });
    await plugin.mutate!(attrs('mine'), pods.mine!, pods.mine!);
    await assert.rejects(plugin.mutate!(attrs('theirs'), pods.theirs!, pods.theirs!), {
      message:
        'pods "theirs" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself',
    });
    await assert.rejects(plugin.mutate!(podAttrs({ operation: 'CREATE', user: node1 }), pod(), undefined), {
      message:
        'pods "p" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods',
    });
  });

  it('leaves other users alone', async () => {
    await plugin.mutate!(
      testAttributes({ resource: 'nodes', namespaced: false, operation: 'UPDATE', name: 'n2' }),
      {},
      {},
    );
  });
});
