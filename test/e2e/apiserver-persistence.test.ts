/**
 * Everything survives a server restart on the SQLite datastore and on a real etcd: objects with
 * their uids, data and resourceVersions, allocated Service IPs, deletions, the certificates behind
 * the kubeconfig; and resourceVersions keep increasing after the restart.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { etcdBinary, startEtcd, type EtcdServer } from '../support/etcd-server.js';
import { kubectl, kubectlOk, type KubectlResult } from '../support/kubectl.js';
import { outputLines } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Snapshot {
  uid: string;
  resourceVersion: string;
  data?: Record<string, string>;
  clusterIP?: string;
}

async function persistenceScenario(server: K8tsServer): Promise<void> {
  const run = (args: string[], stdin?: string): Promise<KubectlResult> =>
    kubectl(args, { kubeconfig: server.kubeconfig, ...(stdin === undefined ? {} : { stdin }) });
  const ok = (args: string[], stdin?: string): Promise<KubectlResult> =>
    kubectlOk(args, { kubeconfig: server.kubeconfig, ...(stdin === undefined ? {} : { stdin }) });
  const ns = 'e2e-persist';
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: ns }, data: { v: '1' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'changed', namespace: ns }, data: { v: '1' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deleted', namespace: ns }, data: { v: '1' } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc', namespace: ns },
      spec: { selector: { app: 'x' }, ports: [{ port: 80, nodePort: 30080 }], type: 'NodePort' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'registry.local/toolbox:1' }] },
        },
      },
    },
  ];
  await ok(['create', '-f', '-'], docs.map((d) => JSON.stringify(d)).join('\n'));
  await ok(['label', 'cm', 'changed', '-n', ns, 'edited=yes']);
  await ok(['delete', 'cm', 'deleted', '-n', ns]);
  await ok(['scale', 'deployment', 'web', '-n', ns, '--replicas=2']);

  const snapshot = async (args: string[]): Promise<Snapshot> => {
    const obj = JSON.parse((await ok(['get', ...args, '-o', 'json'])).stdout) as {
      metadata: { uid: string; resourceVersion: string };
      data?: Record<string, string>;
      spec?: { clusterIP?: string };
    };
    return {
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      ...(obj.data ? { data: obj.data } : {}),
      ...(obj.spec?.clusterIP ? { clusterIP: obj.spec.clusterIP } : {}),
    };
  };
  const targets: string[][] = [
    ['namespace', ns],
    ['cm', 'kept', '-n', ns],
    ['cm', 'changed', '-n', ns],
    ['service', 'svc', '-n', ns],
    ['deployment', 'web', '-n', ns],
    ['service', 'kubernetes', '-n', 'default'],
    ['namespace', 'kube-system'],
  ];
  const before = await Promise.all(targets.map(snapshot));
  const listRvBefore = Number(
    (
      JSON.parse((await ok(['get', '--raw', '/api/v1/configmaps'])).stdout) as {
        metadata: { resourceVersion: string };
      }
    ).metadata.resourceVersion,
  );
  const maxRvBefore = Math.max(listRvBefore, ...before.map((s) => Number(s.resourceVersion)));
  const labelsBefore = (await ok(['get', 'cm', 'changed', '-n', ns, '-o', 'jsonpath={.metadata.labels}']))
    .stdout;
  const namespacesBefore = outputLines((await ok(['get', 'namespaces', '-o', 'name'])).stdout);

  await server.restart();

  // The same kubeconfig still works: the CA and the admin certificate were reused.
  const after = await Promise.all(targets.map(snapshot));
  for (const [i, target] of targets.entries()) {
    assert.deepEqual(after[i], before[i], `${target.join(' ')} changed across the restart`);
  }
  assert.equal(
    (await ok(['get', 'cm', 'changed', '-n', ns, '-o', 'jsonpath={.metadata.labels}'])).stdout,
    labelsBefore,
  );
  assert.equal(
    (await ok(['get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}'])).stdout,
    '2',
  );
  assert.equal(
    (await ok(['get', 'service', 'svc', '-n', ns, '-o', 'jsonpath={.spec.ports[0].nodePort}'])).stdout,
    '30080',
  );
  const gone = await run(['get', 'cm', 'deleted', '-n', ns]);
  assert.equal(gone.stderr.trim(), 'Error from server (NotFound): configmaps "deleted" not found');
  assert.deepEqual(outputLines((await ok(['get', 'namespaces', '-o', 'name'])).stdout), namespacesBefore);

  // resourceVersions keep increasing.
  const listRvAfter = Number(
    (
      JSON.parse((await ok(['get', '--raw', '/api/v1/configmaps'])).stdout) as {
        metadata: { resourceVersion: string };
      }
    ).metadata.resourceVersion,
  );
  assert.ok(listRvAfter >= listRvBefore, `list resourceVersion went back: ${listRvBefore} -> ${listRvAfter}`);
  await ok(
    ['create', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new', namespace: ns } }),
  );
  const created = await snapshot(['cm', 'new', '-n', ns]);
  assert.ok(
    Number(created.resourceVersion) > maxRvBefore,
    `new object RV ${created.resourceVersion} <= ${maxRvBefore}`,
  );
  await ok(['label', 'cm', 'kept', '-n', ns, 'after=restart']);
  const relabeled = await snapshot(['cm', 'kept', '-n', ns]);
  assert.ok(Number(relabeled.resourceVersion) > Number(created.resourceVersion));

  // A stale write from before the restart still conflicts.
  const stale = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kept', namespace: ns, resourceVersion: before[1]?.resourceVersion },
    data: { v: '2' },
  };
  const conflict = await run(['replace', '-f', '-'], JSON.stringify(stale));
  assert.match(
    conflict.stderr,
    /^Error from server \(Conflict\): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "kept"/,
  );
}

/** After the restart: the Service created before it still holds its ClusterIP and NodePort. */
async function allocationsScenario(server: K8tsServer): Promise<void> {
  const run = (args: string[], stdin?: string): Promise<KubectlResult> =>
    kubectl(args, { kubeconfig: server.kubeconfig, ...(stdin === undefined ? {} : { stdin }) });
  const ok = (args: string[]): Promise<KubectlResult> => kubectlOk(args, { kubeconfig: server.kubeconfig });
  const ns = 'e2e-persist';
  // A new Service can get neither the ClusterIP nor the NodePort that are still allocated.
  const service = (name: string, spec: Record<string, unknown>): string =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: { selector: { app: 'x' }, ports: [{ port: 80 }], ...spec },
    });
  const ip = (await ok(['get', 'service', 'svc', '-n', ns, '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
  assert.match(ip, /^10\.43\.\d+\.\d+$/);
  const portClash = await run(
    ['create', '-f', '-'],
    service('port-clash', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
  );
  assert.equal(
    portClash.stderr.trim(),
    'The Service "port-clash" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
  );
  // Checked last, so that a difference here does not hide the checks above.
  const ipClash = await run(['create', '-f', '-'], service('ip-clash', { clusterIP: ip }));
  assert.equal(
    ipClash.stderr.trim(),
    `The Service "ip-clash" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`,
  );
}

describe('persistence on SQLite', () => {
  let server: K8tsServer | undefined;
  before(async () => {
    server = await startK8tsServer({ datastore: 'sqlite' });
    cleanups.push(() => server?.stop() ?? Promise.resolve());
  });

  it('objects survive a restart and resourceVersions keep increasing', async () => {
    assert.ok(server);
    assert.ok(existsSync(`${server.dataDir}/state.db`), 'the SQLite datastore lives in DATA_DIR/state.db');
    await persistenceScenario(server);
  });

  it('allocated ClusterIPs and NodePorts stay allocated across the restart', async () => {
    assert.ok(server);
    await allocationsScenario(server);
  });
});

describe('persistence on etcd', () => {
  let server: K8tsServer | undefined;
  before(async () => {
    assert.ok(existsSync(etcdBinary), `etcd is not installed at ${etcdBinary} (apt-get install etcd-server)`);
    const etcd: EtcdServer = await startEtcd({ name: 'k8ts-e2e-persistence' });
    cleanups.push(() => etcd.stop());
    server = await startK8tsServer({ datastore: `etcd://${new URL(etcd.endpoint).host}` });
    cleanups.push(() => server?.stop() ?? Promise.resolve());
  });

  it('objects survive a restart and resourceVersions keep increasing', async () => {
    assert.ok(server);
    await persistenceScenario(server);
  });

  it('allocated ClusterIPs and NodePorts stay allocated across the restart', async () => {
    assert.ok(server);
    await allocationsScenario(server);
  });
});
