// The controller manager with upstream's --use-service-account-credentials against a real
// apiserver: its own client is system:kube-controller-manager (informers, service accounts,
// TokenRequests), and each controller writes as system:serviceaccount:kube-system:<its account>,
// authorized only by the bootstrap system:controller:* roles. Deployments roll out, namespaces are
// deleted, the garbage collector cascades, accounts and the root CA are published, endpoint
// slices, node lifecycle and IPAM, quotas, PDBs, jobs, daemon sets, stateful sets, volume binding
// and role aggregation all work — and the apiserver denied none of those identities anything.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type {
  ConfigMap,
  Endpoints,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicationController,
  ResourceQuota,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { ClusterRole } from 'kubernetes-types/rbac/v1.js';
import { KUBE_CONTROLLER_MANAGER_IDENTITY } from '../../src/apiserver/pki/component-identity.js';
import { createLogger } from '../../src/base/logger.js';
import { KubeClient, type GroupVersionResource } from '../../src/client/index.js';
import { runControllerManager } from '../../src/controllers/controller-manager.js';
import { isStatusError } from '../../src/machinery/errors/index.js';
import { simNode } from '../../src/scheduler/testing/sim-cluster.js';
import { IdentityTestCluster } from '../support/identity-test-cluster.js';

const quiet = createLogger('controller-manager', { write: () => {} });
const core = (resource: string): GroupVersionResource => ({ group: '', version: 'v1', resource });
const apps = (resource: string): GroupVersionResource => ({ group: 'apps', version: 'v1', resource });
const labels = { app: 'web' };
const podTemplate = {
  metadata: { labels },
  spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
};

let cluster: IdentityTestCluster;
const stop = new AbortController();
let manager: Promise<void> | undefined;

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`, { cause: last });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const gone = (get: () => Promise<unknown>) => async () => {
  try {
    await get();
    return false;
  } catch (err) {
    return isStatusError(err, 'NotFound') || undefined;
  }
};

before(async () => {
  cluster = await IdentityTestCluster.start();
  const client = await cluster.clientAs(KUBE_CONTROLLER_MANAGER_IDENTITY, {
    component: 'kube-controller-manager',
  });
  manager = runControllerManager({
    client,
    controllers: ['*'],
    settings: { caFile: join(cluster.server.pki.dir, 'ca.crt') },
    serviceAccountCredentials: {
      newClient: (settings) =>
        KubeClient.fromRestConfig(cluster.anonymousConfig(), { ...settings, qps: Infinity, logger: quiet }),
    },
    log: quiet,
    signal: stop.signal,
  });
  // Pods need the `default` account the serviceaccount controller creates.
  await eventually('the default service account', () =>
    cluster.admin.resource<ServiceAccount>(core('serviceaccounts')).namespace('default').get('default'),
  );
});

after(async () => {
  stop.abort();
  await manager;
  await cluster?.close();
  await cluster?.remove();
});

describe('controllers under their own service accounts', () => {
  it('roll out a deployment into a replica set and its pods', async () => {
    const admin = cluster.admin;
    await admin
      .resource<Deployment>(apps('deployments'))
      .namespace('default')
      .create({
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: labels }, template: podTemplate },
      });
    const pods = admin.resource<Pod>(core('pods')).namespace('default');
    await eventually(
      'two pods',
      async () => (await pods.list({ labelSelector: 'app=web' })).items.length === 2,
    );
    const rs = (await admin.resource<ReplicaSet>(apps('replicasets')).namespace('default').list()).items;
    assert.equal(rs.length, 1);
    assert.equal(rs[0]!.metadata?.ownerReferences?.[0]?.name, 'web');
  });

  it('publish endpoint slices of a service', async () => {
    await cluster.admin
      .resource<Service>(core('services'))
      .namespace('default')
      .create({ metadata: { name: 'web' }, spec: { selector: labels, ports: [{ port: 80 }] } });
    const slices = cluster.admin
      .resource<EndpointSlice>({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' })
      .namespace('default');
    await eventually('an endpoint slice', async () =>
      (await slices.list({ labelSelector: 'kubernetes.io/service-name=web' })).items.find(
        (s) =>
          s.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'] ===
          'endpointslice-controller.k8s.io',
      ),
    );
  });

  it('run a replication controller and mirror the endpoints of a selectorless service', async () => {
    const admin = cluster.admin;
    await admin
      .resource<ReplicationController>(core('replicationcontrollers'))
      .namespace('default')
      .create({
        metadata: { name: 'legacy' },
        spec: {
          replicas: 1,
          selector: { app: 'legacy' },
          template: { ...podTemplate, metadata: { labels: { app: 'legacy' } } },
        },
      });
    await eventually(
      'the legacy pod',
      async () =>
        (await admin.resource<Pod>(core('pods')).namespace('default').list({ labelSelector: 'app=legacy' }))
          .items[0],
    );
    await admin
      .resource<Service>(core('services'))
      .namespace('default')
      .create({ metadata: { name: 'external' }, spec: { ports: [{ port: 80 }] } });
    await admin
      .resource<Endpoints>(core('endpoints'))
      .namespace('default')
      .create({
        metadata: { name: 'external' },
        subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 80 }] }],
      });
    const slices = admin
      .resource<EndpointSlice>({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' })
      .namespace('default');
    await eventually('a mirrored slice', async () =>
      (await slices.list({ labelSelector: 'kubernetes.io/service-name=external' })).items.find(
        (s) =>
          s.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'] ===
          'endpointslicemirroring-controller.k8s.io',
      ),
    );
  });

  it('cascade a deployment deletion through the garbage collector', async () => {
    const admin = cluster.admin;
    await admin.resource<Deployment>(apps('deployments')).namespace('default').delete('web', {
      propagationPolicy: 'Background',
    });
    const pods = admin.resource<Pod>(core('pods')).namespace('default');
    await eventually('the replica set and pods gone', async () => {
      const rs = (await admin.resource<ReplicaSet>(apps('replicasets')).namespace('default').list()).items;
      const left = (await pods.list({ labelSelector: 'app=web' })).items.filter(
        (p) => !p.metadata?.deletionTimestamp,
      );
      return rs.length === 0 && left.length === 0;
    });
  });

  it('publish service accounts and the root CA in a new namespace, then delete it with its contents', async () => {
    const admin = cluster.admin;
    const namespaces = admin.resource<Namespace>(core('namespaces'));
    await namespaces.create({ metadata: { name: 'doomed' } });
    await eventually('the default account', () =>
      admin.resource<ServiceAccount>(core('serviceaccounts')).namespace('doomed').get('default'),
    );
    const ca = await eventually('kube-root-ca.crt', () =>
      admin.resource<ConfigMap>(core('configmaps')).namespace('doomed').get('kube-root-ca.crt'),
    );
    assert.match(ca.data?.['ca.crt'] ?? '', /BEGIN CERTIFICATE/);
    await admin
      .resource<ConfigMap>(core('configmaps'))
      .namespace('doomed')
      .create({ metadata: { name: 'contents' }, data: { a: 'b' } });
    await namespaces.delete('doomed');
    await eventually(
      'the namespace gone',
      gone(() => namespaces.get('doomed')),
      30_000,
    );
  });

  it('manage a node: IPAM allocates its pod CIDR, node lifecycle lifts the not-ready taint, a daemon set places a pod', async () => {
    const admin = cluster.admin;
    const nodes = admin.resource<Node>(core('nodes'));
    const created = await nodes.create(simNode('node-1'));
    assert.ok(
      created.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready'),
      'TaintNodesByCondition tainted the new node',
    );
    const node = await eventually('podCIDR and no not-ready taint', async () => {
      const n = await nodes.get('node-1');
      return n.spec?.podCIDR && !n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready')
        ? n
        : undefined;
    });
    assert.match(node.spec?.podCIDR ?? '', /^10\.42\./);
    await admin
      .resource<DaemonSet>(apps('daemonsets'))
      .namespace('default')
      .create({
        metadata: { name: 'agent' },
        spec: {
          selector: { matchLabels: { app: 'agent' } },
          template: { ...podTemplate, metadata: { labels: { app: 'agent' } } },
        },
      });
    await eventually('the daemon pod', async () =>
      (
        await admin.resource<Pod>(core('pods')).namespace('default').list({ labelSelector: 'app=agent' })
      ).items.find((p) => JSON.stringify(p.spec?.affinity ?? {}).includes('node-1')),
    );
  });

  it('run jobs and stateful sets, track quotas and disruption budgets', async () => {
    const admin = cluster.admin;
    await admin
      .resource<Job>({ group: 'batch', version: 'v1', resource: 'jobs' })
      .namespace('default')
      .create({
        metadata: { name: 'once' },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
        },
      });
    await admin
      .resource<StatefulSet>(apps('statefulsets'))
      .namespace('default')
      .create({
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 1,
          selector: { matchLabels: { app: 'db' } },
          template: { ...podTemplate, metadata: { labels: { app: 'db' } } },
        },
      });
    await admin
      .resource<ResourceQuota>(core('resourcequotas'))
      .namespace('default')
      .create({ metadata: { name: 'pods' }, spec: { hard: { pods: '100' } } });
    await admin
      .resource<PodDisruptionBudget>({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' })
      .namespace('default')
      .create({
        metadata: { name: 'db' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } },
      });
    const pods = admin.resource<Pod>(core('pods')).namespace('default');
    await eventually(
      'the job pod',
      async () => (await pods.list({ labelSelector: 'job-name=once' })).items[0],
    );
    await eventually('db-0', () => pods.get('db-0'));
    await eventually('quota usage', async () => {
      const q = await admin.resource<ResourceQuota>(core('resourcequotas')).namespace('default').get('pods');
      return q.status?.used?.['pods'] !== undefined;
    });
    await eventually('the budget status', async () => {
      const pdb = await admin
        .resource<PodDisruptionBudget>({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' })
        .namespace('default')
        .get('db');
      return pdb.status?.observedGeneration === 1;
    });
  });

  it('bind and release a claim and a volume, and aggregate a cluster role', async () => {
    const admin = cluster.admin;
    await admin.resource<PersistentVolume>(core('persistentvolumes')).create({
      metadata: { name: 'pv-1' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/tmp/pv-1' },
        storageClassName: 'manual',
      },
    });
    const claims = admin.resource<PersistentVolumeClaim>(core('persistentvolumeclaims')).namespace('default');
    await claims.create({
      metadata: { name: 'data' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'manual',
        resources: { requests: { storage: '1Gi' } },
      },
    });
    await eventually('the claim bound', async () => (await claims.get('data')).status?.phase === 'Bound');
    // The protection controllers lift their finalizers once nothing uses the claim or volume.
    await claims.delete('data');
    await eventually(
      'the claim gone',
      gone(() => claims.get('data')),
    );
    const volumes = admin.resource<PersistentVolume>(core('persistentvolumes'));
    await volumes.delete('pv-1');
    await eventually(
      'the volume gone',
      gone(() => volumes.get('pv-1')),
    );
    const roles = admin.resource<ClusterRole>({
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource: 'clusterroles',
    });
    await roles.create({
      metadata: { name: 'part', labels: { 'example.com/aggregate': 'true' } },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    });
    await roles.create({
      metadata: { name: 'whole' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate': 'true' } }] },
    });
    await eventually(
      'the aggregated rules',
      async () => ((await roles.get('whole')).rules ?? []).length === 1,
    );
  });
});

describe('the apiserver', () => {
  it('saw each controller write as its own service account', async () => {
    const audited = await cluster.audited();
    const writer = (verb: string, path: string) =>
      audited.find((r) => r.verb === verb && r.path === path && r.code < 300)?.user;
    assert.equal(
      writer('create', '/apis/apps/v1/namespaces/default/replicasets'),
      'system:serviceaccount:kube-system:deployment-controller',
    );
    assert.ok(
      audited.some(
        (r) =>
          r.user === 'system:serviceaccount:kube-system:replicaset-controller' &&
          r.verb === 'create' &&
          r.path === '/api/v1/namespaces/default/pods',
      ),
    );
    assert.equal(
      writer('update', '/api/v1/namespaces/doomed/finalize'),
      'system:serviceaccount:kube-system:namespace-controller',
    );
    assert.equal(
      writer('create', '/api/v1/namespaces/kube-system/serviceaccounts/deployment-controller/token'),
      'system:kube-controller-manager',
    );
  });

  it('denied and rejected the controller manager and its controllers nothing', async () => {
    stop.abort();
    await manager;
    await cluster.close();
    const denied = (await cluster.denied()).filter(
      (d) =>
        d.user === 'system:kube-controller-manager' ||
        d.user.startsWith('system:serviceaccount:kube-system:'),
    );
    assert.deepEqual(denied, []);
    // No controller token was ever rejected either.
    assert.deepEqual(
      (await cluster.audited()).filter((r) => r.code === 401),
      [],
    );
  });
});
