/**
 * ResourceQuota usage on `k8ts server` with three simulated nodes, read with the real kubectl:
 * status.used follows what the namespace really holds (pods and their requests and limits,
 * object counts of core and apps kinds) as workloads scale up and down and Jobs finish, and a
 * ReplicaSet held back by the quota reports it (FailedCreate, ReplicaFailure).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { ResourceQuota } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { outputLines } from '../support/kubectl-output.js';
import { deployment, startWorkloadCluster, type WorkloadCluster } from '../support/workload-cluster.js';

let c: WorkloadCluster;
const ns = 'team';

const resources = { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
const inTeam = (o: object) => ({
  ...o,
  metadata: { ...(o as { metadata: object }).metadata, namespace: ns },
});

before(async () => {
  c = await startWorkloadCluster();
  await c.ok(['create', 'namespace', ns]);
  await eventually(() => c.ok(['get', 'serviceaccount', 'default', '-n', ns]), 15_000);
  await c.ok([
    'create',
    'quota',
    'compute',
    '-n',
    ns,
    '--hard=pods=6,requests.cpu=1,requests.memory=1Gi,limits.cpu=2,limits.memory=2Gi,count/deployments.apps=2,count/replicasets.apps=4,count/jobs.batch=2,services=2,configmaps=3',
  ]);
});

after(async () => {
  await c?.stop();
});

async function used(): Promise<Record<string, string>> {
  return (await c.json<ResourceQuota>(['resourcequota', 'compute', '-n', ns])).status?.used ?? {};
}

describe('ResourceQuota status.used', () => {
  it('starts from what the namespace holds', async () => {
    // kube-root-ca.crt is a ConfigMap too.
    await eventually(async () =>
      assert.deepEqual(await used(), {
        configmaps: '1',
        'count/deployments.apps': '0',
        'count/jobs.batch': '0',
        'count/replicasets.apps': '0',
        'limits.cpu': '0',
        'limits.memory': '0',
        pods: '0',
        'requests.cpu': '0',
        'requests.memory': '0',
        services: '0',
      }),
    );
  });

  it('counts pods, their requests and limits, and objects of every tracked kind', async () => {
    await c.apply(
      inTeam(
        deployment('api', 'registry.local/api:1', 3, {
          podSpec: { containers: [{ name: 'api', image: 'registry.local/api:1', resources }] },
        }),
      ),
      inTeam({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'api' },
        spec: { selector: { app: 'api' }, ports: [{ port: 80 }] },
      }),
      inTeam({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } }),
    );
    await c.ok(['rollout', 'status', 'deployment/api', '-n', ns, '--timeout=60s']);
    await eventually(async () =>
      assert.deepEqual(await used(), {
        configmaps: '2',
        'count/deployments.apps': '1',
        'count/jobs.batch': '0',
        'count/replicasets.apps': '1',
        'limits.cpu': '600m',
        'limits.memory': '384Mi',
        pods: '3',
        'requests.cpu': '300m',
        'requests.memory': '192Mi',
        services: '1',
      }),
    );
    const describe = outputLines((await c.ok(['describe', 'quota', 'compute', '-n', ns])).stdout);
    assert.deepEqual(describe.slice(0, 5), [
      'Name:                   compute',
      `Namespace:              ${ns}`,
      'Resource                Used   Hard',
      '--------                ----   ----',
      'configmaps              2      3',
    ]);
    assert.ok(describe.includes('requests.cpu            300m   1'), describe.join('\n'));
    assert.ok(describe.includes('pods                    3      6'), describe.join('\n'));
  });

  it('follows scaling down, and a rollout adds a ReplicaSet', async () => {
    await c.ok(['scale', 'deployment', 'api', '-n', ns, '--replicas=1']);
    await eventually(async () => {
      const u = await used();
      assert.deepEqual([u['pods'], u['requests.cpu'], u['limits.memory']], ['1', '100m', '128Mi']);
    }, 20_000);
    await c.ok(['set', 'image', 'deployment/api', '-n', ns, 'api=registry.local/api:2']);
    await c.ok(['rollout', 'status', 'deployment/api', '-n', ns, '--timeout=60s']);
    await eventually(async () => {
      const u = await used();
      assert.deepEqual([u['pods'], u['count/replicasets.apps']], ['1', '2']);
    }, 20_000);
  });

  it('stops counting pods of a finished Job', async () => {
    await c.apply(
      inTeam({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once' },
        spec: {
          template: {
            metadata: { annotations: { 'sim.k8ts.io/exit-after': '1s' } },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'once', image: 'registry.local/once:1', resources }],
            },
          },
        },
      }),
    );
    await c.ok(['wait', '--for=condition=complete', 'job/once', '-n', ns, '--timeout=60s']);
    await eventually(async () => {
      const u = await used();
      assert.deepEqual([u['count/jobs.batch'], u['pods'], u['requests.cpu']], ['1', '1', '100m']);
    }, 20_000);
  });

  it('a ReplicaSet held back by the quota reports FailedCreate', async () => {
    await c.ok(['scale', 'deployment', 'api', '-n', ns, '--replicas=8']);
    const rs = await eventually(async () => {
      const list = (await c.json<{ items: ReplicaSet[] }>(['rs', '-n', ns, '-l', 'app=api'])).items;
      const current = list.find((r) => (r.spec?.replicas ?? 0) === 8);
      const failure = current?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
      assert.equal(failure?.reason, 'FailedCreate');
      assert.equal(current?.status?.replicas, 6);
      return current!;
    }, 30_000);
    const failure = rs.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    assert.match(
      failure?.message ?? '',
      /^pods "api-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=6, limited: pods=6$/,
    );
    assert.equal((await used())['pods'], '6');
    // The Deployment surfaces the ReplicaSet's failure.
    const d = await eventually(async () => {
      const got = await c.json<Deployment>(['deployment', 'api', '-n', ns]);
      assert.ok(got.status?.conditions?.some((x) => x.type === 'ReplicaFailure'));
      return got;
    });
    assert.equal(d.status?.conditions?.find((x) => x.type === 'ReplicaFailure')?.reason, 'FailedCreate');
    const events = (
      await c.ok(['get', 'events', '-n', ns, '--field-selector', `involvedObject.name=${rs.metadata?.name}`])
    ).stdout;
    assert.match(
      events,
      /Warning\s+FailedCreate\s+replicaset\/\S+\s+Error creating: pods "api-\S+" is forbidden: exceeded quota: compute/,
    );
  });
});
