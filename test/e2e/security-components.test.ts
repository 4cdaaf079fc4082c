/**
 * Issue 5 acceptance, component identities: each built-in component's own client certificate
 * (ensureComponentKubeconfig) does its work and is denied a write outside its role, checked with
 * its own credentials through the real kubectl — the scheduler binding pods under
 * system:kube-scheduler, kube-proxy and the controller manager under their roles, and a kubelet
 * under the Node authorizer (and NodeRestriction) reading only what its pods use.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ensureComponentKubeconfig,
  KUBE_CONTROLLER_MANAGER_IDENTITY,
  KUBE_PROXY_IDENTITY,
  KUBE_SCHEDULER_IDENTITY,
  nodeIdentityFor,
  type ComponentIdentity,
} from '../../src/apiserver/pki/component-identity.js';
import { simNode } from '../../src/scheduler/testing/sim-cluster.js';
import { kubectl } from '../support/kubectl.js';
import { kubectlSession } from '../support/kubectl-session.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
const admin = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});
const kubeconfigs = new Map<string, string>();

async function mint(identity: ComponentIdentity): Promise<void> {
  const dir = join(server!.dataDir, 'pki');
  const ca = {
    certPem: await readFile(join(dir, 'ca.crt'), 'utf8'),
    keyPem: await readFile(join(dir, 'ca.key'), 'utf8'),
  };
  const creds = await ensureComponentKubeconfig({
    dataDir: server!.dataDir,
    server: server!.url,
    ca,
    identity,
  });
  kubeconfigs.set(identity.user, creds.kubeconfigPath);
}

/** kubectl with a component's own kubeconfig. */
function as(user: string, args: string[], stdin?: string) {
  return kubectl(args, { kubeconfig: kubeconfigs.get(user)!, ...(stdin === undefined ? {} : { stdin }) });
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within 15 s`);
}

const podJson = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...extra },
  });

before(async () => {
  server = await startK8tsServer();
  for (const id of [
    KUBE_SCHEDULER_IDENTITY,
    KUBE_CONTROLLER_MANAGER_IDENTITY,
    KUBE_PROXY_IDENTITY,
    nodeIdentityFor('node-a'),
  ]) {
    await mint(id);
  }
  // No controller manager runs here: the ServiceAccount admission plugin wants `default` to exist.
  await admin.ok(['create', 'serviceaccount', 'default']);
});
after(async () => {
  await server?.stop();
});

describe('system:kube-scheduler', () => {
  const scheduler = 'system:kube-scheduler';

  it('binds pods, records events and holds its leader Lease with its own certificate', async () => {
    await admin.ok(['create', '-f', '-'], { stdin: JSON.stringify(simNode('node-s')) });
    await admin.ok(['create', '-f', '-'], { stdin: podJson('to-schedule') });
    assert.match((await as(scheduler, ['get', 'pods,nodes', '-A'])).stdout, /pod\/to-schedule|to-schedule/);
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'to-schedule', namespace: 'default' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node-s' },
    };
    const bound = await as(scheduler, ['create', '--validate=false', '-f', '-'], JSON.stringify(binding));
    assert.equal(bound.code, 0, bound.stderr);
    assert.equal(await admin.jsonpath(['pod', 'to-schedule'], '{.spec.nodeName}'), 'node-s');
    const event = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'to-schedule.scheduled', namespace: 'default' },
      eventTime: new Date().toISOString(),
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-test',
      action: 'Binding',
      reason: 'Scheduled',
      type: 'Normal',
      note: 'Successfully assigned default/to-schedule to node-s',
      regarding: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'to-schedule' },
    };
    const recorded = await as(scheduler, ['create', '-f', '-'], JSON.stringify(event));
    assert.equal(recorded.code, 0, recorded.stderr);
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
      spec: { holderIdentity: 'test', leaseDurationSeconds: 15 },
    };
    assert.equal((await as(scheduler, ['create', '-f', '-'], JSON.stringify(lease))).code, 0);
    assert.equal(
      (await as(scheduler, ['get', 'lease', 'kube-scheduler', '-n', 'kube-system', '-o', 'name'])).code,
      0,
    );
    const other = await as(scheduler, ['get', 'lease', 'kube-controller-manager', '-n', 'kube-system']);
    assert.match(
      other.stderr,
      /cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"/,
    );
  });

  it('cannot create secrets', async () => {
    const r = await as('system:kube-scheduler', [
      'create',
      'secret',
      'generic',
      'nope',
      '--from-literal',
      'a=b',
    ]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'error: failed to create secret secrets is forbidden: User "system:kube-scheduler" cannot create resource "secrets" in API group "" in the namespace "default"\n',
    );
  });
});

describe('system:kube-proxy', () => {
  it('reads services and endpoint slices but cannot create pods', async () => {
    assert.equal(
      (await as('system:kube-proxy', ['get', 'services', '-A', '-o', 'name'])).stdout,
      'service/kubernetes\n',
    );
    assert.equal((await as('system:kube-proxy', ['get', 'endpointslices', '-A'])).code, 0);
    const r = await as('system:kube-proxy', ['run', 'nope', '--image', 'nginx']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'Error from server (Forbidden): pods is forbidden: User "system:kube-proxy" cannot create resource "pods" in API group "" in the namespace "default"\n',
    );
  });
});

describe('system:kube-controller-manager', () => {
  it('lists everything and creates service accounts, but cannot create pods or delete namespaces', async () => {
    assert.equal(
      (await as('system:kube-controller-manager', ['get', 'deployments,pods,nodes', '-A'])).code,
      0,
    );
    const sa = await as('system:kube-controller-manager', ['create', 'serviceaccount', 'by-kcm']);
    assert.equal(sa.stdout, 'serviceaccount/by-kcm created\n');
    const pod = await as('system:kube-controller-manager', ['run', 'nope', '--image', 'nginx']);
    assert.equal(
      pod.stderr,
      'Error from server (Forbidden): pods is forbidden: User "system:kube-controller-manager" cannot create resource "pods" in API group "" in the namespace "default"\n',
    );
    const ns = await as('system:kube-controller-manager', ['delete', 'namespace', 'default']);
    assert.equal(
      ns.stderr,
      'Error from server (Forbidden): namespaces "default" is forbidden: User "system:kube-controller-manager" cannot delete resource "namespaces" in API group "" in the namespace "default"\n',
    );
  });
});

describe('system:node:node-a', () => {
  const node = 'system:node:node-a';

  before(async () => {
    // The kubelet registers its own Node; another node exists beside it.
    const own = await as(node, ['create', '-f', '-'], JSON.stringify(simNode('node-a')));
    assert.equal(own.stdout, 'node/node-a created\n', own.stderr);
    await admin.ok(['create', '-f', '-'], { stdin: JSON.stringify(simNode('node-b')) });
    await admin.ok(['create', 'secret', 'generic', 'mounted', '--from-literal', 'a=b']);
    await admin.ok(['create', 'secret', 'generic', 'unrelated', '--from-literal', 'a=b']);
    await admin.ok(['create', '-f', '-'], {
      stdin: podJson('on-a', {
        nodeName: 'node-a',
        volumes: [{ name: 's', secret: { secretName: 'mounted' } }],
      }),
    });
  });

  it('reads its own Node but not another', async () => {
    assert.equal((await as(node, ['get', 'node', 'node-a', '-o', 'name'])).stdout, 'node/node-a\n');
    const other = await as(node, ['get', 'node', 'node-b']);
    assert.equal(
      other.stderr,
      `Error from server (Forbidden): nodes "node-b" is forbidden: User "system:node:node-a" cannot get resource "nodes" in API group "" at the cluster scope: node 'node-a' cannot read 'node-b', only its own Node object\n`,
    );
  });

  it("updates its own node's status but not another's", async () => {
    const statusUpdate = async (name: string) => {
      const current = JSON.parse((await admin.ok(['get', 'node', name, '-o', 'json'])).stdout) as {
        status: { conditions: Record<string, string>[] };
      };
      current.status.conditions[0]!['message'] = 'updated by node-a';
      return as(
        node,
        ['replace', '--raw', `/api/v1/nodes/${name}/status`, '-f', '-'],
        JSON.stringify(current),
      );
    };
    const own = await statusUpdate('node-a');
    assert.equal(own.code, 0, own.stderr);
    const other = await statusUpdate('node-b');
    assert.equal(other.code, 1);
    assert.equal(
      other.stderr,
      'Error from server (Forbidden): nodes "node-b" is forbidden: node "node-a" is not allowed to modify node "node-b"\n',
    );
  });

  it('reads the secrets of its pods only', async () => {
    await eventually(
      async () => (await as(node, ['get', 'secret', 'mounted'])).code === 0,
      'reading its pod secret',
    );
    const other = await as(node, ['get', 'secret', 'unrelated']);
    assert.equal(
      other.stderr,
      `Error from server (Forbidden): secrets "unrelated" is forbidden: User "system:node:node-a" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'node-a' and this object\n`,
    );
  });

  it('lists pods only by its spec.nodeName', async () => {
    const mine = await as(node, ['get', 'pods', '--field-selector', 'spec.nodeName=node-a', '-o', 'name']);
    assert.equal(mine.stdout, 'pod/on-a\n', mine.stderr);
    const all = await as(node, ['get', 'pods']);
    assert.equal(
      all.stderr,
      'Error from server (Forbidden): pods is forbidden: User "system:node:node-a" cannot list resource "pods" in API group "" in the namespace "default": can only list/watch pods with spec.nodeName field selector\n',
    );
  });
});
