/**
 * Simulated nodes as kubectl sees them: `k8ts server --node-runtime sim --sim-nodes 3` registers
 * three Ready nodes with a kubelet's labels, addresses, resources and conditions, each renewing its
 * Lease every 10 s; `k8ts sim node stop` halts a node's renewals and `start` resumes them.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { kubectlOk } from '../support/kubectl.js';
import { parseTable } from '../support/kubectl-output.js';
import { repoRoot, startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const run = promisify(execFile);
let server: K8tsServer | undefined;

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}

const ok = (args: string[]) => kubectlOk(args, { kubeconfig: kubeconfig() });

async function renewTime(node: string): Promise<string> {
  const out = await ok(['get', 'lease', '-n', 'kube-node-lease', node, '-o', 'json']);
  const lease = JSON.parse(out.stdout) as Lease;
  return lease.spec?.renewTime ?? '';
}

async function simNode(action: 'stop' | 'start', node: string): Promise<string> {
  const { stdout } = await run(process.execPath, [
    join(repoRoot, 'bin', 'k8ts'),
    'sim',
    'node',
    action,
    node,
    '--kubeconfig',
    kubeconfig(),
  ]);
  return stdout.trim();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  server = await startK8tsServer({ extraArgs: ['--node-runtime', 'sim', '--sim-nodes', '3'] });
});

after(async () => {
  await server?.stop();
});

describe('simulated nodes', () => {
  it('kubectl get nodes shows 3 Ready nodes with the upstream columns', async () => {
    const table = await eventually(async () => {
      const t = parseTable((await ok(['get', 'nodes'])).stdout);
      assert.equal(t.rows.length, 3);
      assert.ok(t.records.every((r) => r['STATUS'] === 'Ready'));
      return t;
    }, 20_000);
    assert.deepEqual(table.columns, ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    assert.deepEqual(
      table.records.map((r) => [r['NAME'], r['STATUS'], r['ROLES'], r['VERSION']]),
      [
        ['sim-node-0', 'Ready', '<none>', 'v1.32.4'],
        ['sim-node-1', 'Ready', '<none>', 'v1.32.4'],
        ['sim-node-2', 'Ready', '<none>', 'v1.32.4'],
      ],
    );
    const wide = parseTable((await ok(['get', 'nodes', '-o', 'wide'])).stdout);
    assert.deepEqual(
      wide.records.map((r) => [r['INTERNAL-IP'], r['CONTAINER-RUNTIME']]),
      [
        ['172.16.0.10', 'containerd://1.7.24'],
        ['172.16.0.11', 'containerd://1.7.24'],
        ['172.16.0.12', 'containerd://1.7.24'],
      ],
    );
  });

  it('registers nodes as a kubelet does: labels, addresses, podCIDRs, resources, nodeInfo, conditions', async () => {
    const list = JSON.parse((await ok(['get', 'nodes', '-o', 'json'])).stdout) as { items: Node[] };
    const zones = list.items.map((n) => n.metadata?.labels?.['topology.kubernetes.io/zone']);
    assert.deepEqual(zones, ['sim-region-1a', 'sim-region-1b', 'sim-region-1c']);
    const cidrs = new Set<string>();
    for (const node of list.items) {
      const name = node.metadata?.name ?? '';
      const labels = node.metadata?.labels ?? {};
      assert.equal(labels['kubernetes.io/hostname'], name);
      assert.equal(labels['kubernetes.io/os'], 'linux');
      assert.equal(labels['kubernetes.io/arch'], 'amd64');
      assert.equal(labels['topology.kubernetes.io/region'], 'sim-region-1');
      assert.ok(labels['node.kubernetes.io/instance-type']);
      assert.match(node.spec?.podCIDR ?? '', /^10\.42\.\d+\.0\/24$/);
      assert.deepEqual(node.spec?.podCIDRs, [node.spec?.podCIDR]);
      cidrs.add(node.spec?.podCIDR ?? '');
      const status = node.status!;
      assert.deepEqual(
        status.addresses?.map((a) => a.type),
        ['InternalIP', 'Hostname'],
      );
      assert.deepEqual(
        [status.capacity?.['cpu'], status.capacity?.['memory'], status.capacity?.['pods']],
        ['32', '256Gi', '110'],
      );
      assert.deepEqual(status.allocatable, status.capacity);
      assert.equal(status.nodeInfo?.kubeletVersion, 'v1.32.4');
      assert.equal(status.nodeInfo?.operatingSystem, 'linux');
      assert.equal(status.nodeInfo?.architecture, 'amd64');
      assert.deepEqual(
        status.conditions?.map((c) => [c.type, c.status, c.reason, c.message]),
        [
          [
            'MemoryPressure',
            'False',
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available',
          ],
          ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
          ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
          ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
        ],
      );
      assert.ok(status.conditions?.every((c) => c.lastHeartbeatTime && c.lastTransitionTime));
    }
    assert.equal(cidrs.size, 3, 'every node has its own podCIDR');
  });

  it('each node holds a Lease in kube-node-lease that it renews every 10 s', async () => {
    const lease = JSON.parse(
      (await ok(['get', 'lease', '-n', 'kube-node-lease', 'sim-node-0', '-o', 'json'])).stdout,
    ) as Lease;
    assert.equal(lease.spec?.holderIdentity, 'sim-node-0');
    assert.equal(lease.spec?.leaseDurationSeconds, 40);
    assert.match(lease.spec?.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.deepEqual(
      lease.metadata?.ownerReferences?.map((o) => [o.kind, o.name]),
      [['Node', 'sim-node-0']],
    );
    const first = lease.spec?.renewTime ?? '';
    await eventually(async () => assert.notEqual(await renewTime('sim-node-0'), first), 15_000, 500);
  });

  it('k8ts sim node stop halts the lease renewals, and start resumes them', async () => {
    assert.equal(await simNode('stop', 'sim-node-1'), 'node/sim-node-1 stopped');
    await eventually(async () => {
      const node = JSON.parse((await ok(['get', 'node', 'sim-node-1', '-o', 'json'])).stdout) as Node;
      assert.equal(node.metadata?.annotations?.['sim.k8ts.io/stopped'], 'true');
    });
    // A renewal already in flight when the stop was seen may still land.
    await sleep(1000);
    const stoppedAt = await renewTime('sim-node-1');
    const other = await renewTime('sim-node-2');
    await sleep(12_000);
    assert.equal(await renewTime('sim-node-1'), stoppedAt, 'a stopped node renews nothing');
    assert.notEqual(await renewTime('sim-node-2'), other, 'the other nodes keep renewing');

    assert.equal(await simNode('start', 'sim-node-1'), 'node/sim-node-1 started');
    await eventually(async () => assert.notEqual(await renewTime('sim-node-1'), stoppedAt), 5000, 200);
    const t = parseTable((await ok(['get', 'nodes'])).stdout);
    assert.ok(t.records.every((r) => r['STATUS'] === 'Ready'));
  });

  it('k8ts sim node refuses unknown nodes', async () => {
    await assert.rejects(simNode('stop', 'no-such-node'), (err: { stderr?: string }) => {
      assert.match(err.stderr ?? '', /nodes "no-such-node" not found/);
      return true;
    });
  });
});
