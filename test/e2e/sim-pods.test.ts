/**
 * Pods on simulated nodes as kubectl sees them: a pod bound with spec.nodeName runs with an IP
 * from its node's podCIDR; sim.k8ts.io/exit-after and exit-code drive Succeeded, Failed and
 * crash-loop restarts; sim.k8ts.io/ready: "false" keeps a pod unready; a deleted pod is removed by
 * its node, and a stopped node leaves new pods alone until it starts again.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { kubectl, kubectlOk } from '../support/kubectl.js';
import { parseTable } from '../support/kubectl-output.js';
import { repoRoot, startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const run = promisify(execFile);
const ns = 'sim-e2e';
let server: K8tsServer | undefined;

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}

const ok = (args: string[], stdin?: string) =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });

function pod(
  name: string,
  node: string,
  options: { annotations?: Record<string, string>; restartPolicy?: string } = {},
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      nodeName: node,
      ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
      containers: [{ name: 'app', image: 'registry.local/toolbox:1' }],
    },
  });
}

async function getPod(name: string): Promise<Pod> {
  return JSON.parse((await ok(['get', 'pod', '-n', ns, name, '-o', 'json'])).stdout) as Pod;
}

async function row(name: string, wide = false): Promise<Record<string, string>> {
  const t = parseTable((await ok(['get', 'pod', '-n', ns, name, ...(wide ? ['-o', 'wide'] : [])])).stdout);
  assert.equal(t.records.length, 1);
  return t.records[0]!;
}

before(async () => {
  server = await startK8tsServer({ extraArgs: ['--node-runtime', 'sim', '--sim-nodes', '3'] });
  await ok(['create', 'namespace', ns]);
  await eventually(async () => {
    const t = parseTable((await ok(['get', 'nodes'])).stdout);
    assert.equal(t.records.filter((r) => r['STATUS'] === 'Ready').length, 3);
  }, 20_000);
});

after(async () => {
  await server?.stop();
});

describe('pods on simulated nodes', () => {
  it('a pod created with spec.nodeName runs: get pod -o wide shows its IP and node', async () => {
    await ok(['apply', '-f', '-'], pod('web', 'sim-node-1'));
    const r = await eventually(async () => {
      const r = await row('web', true);
      assert.equal(r['STATUS'], 'Running');
      assert.equal(r['READY'], '1/1');
      return r;
    }, 15_000);
    assert.equal(r['NODE'], 'sim-node-1');
    const node = JSON.parse((await ok(['get', 'node', 'sim-node-1', '-o', 'json'])).stdout) as Node;
    const prefix = (node.spec?.podCIDR ?? '').replace(/0\/24$/, '');
    assert.ok(r['IP']?.startsWith(prefix), `pod IP ${r['IP']} lies in ${node.spec?.podCIDR}`);
    const p = await getPod('web');
    assert.equal(p.status?.hostIP, '172.16.0.11');
    assert.equal(p.status?.podIP, r['IP']);
    assert.ok(p.status?.startTime);
    assert.equal(p.status?.qosClass, 'BestEffort');
    const c = p.status?.containerStatuses?.[0];
    assert.equal(c?.ready, true);
    assert.equal(c?.started, true);
    assert.equal(c?.restartCount, 0);
    assert.match(c?.containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
    assert.match(c?.imageID ?? '', /^registry\.local\/toolbox@sha256:[0-9a-f]{64}$/);
    assert.deepEqual(
      p.status?.conditions?.map((x) => [x.type, x.status]),
      [
        ['PodReadyToStartContainers', 'True'],
        ['Initialized', 'True'],
        ['Ready', 'True'],
        ['ContainersReady', 'True'],
        ['PodScheduled', 'True'],
      ],
    );
  });

  it('exit-after 2s with restartPolicy Never ends Succeeded', async () => {
    await ok(
      ['apply', '-f', '-'],
      pod('done', 'sim-node-0', { restartPolicy: 'Never', annotations: { 'sim.k8ts.io/exit-after': '2s' } }),
    );
    await eventually(
      async () => assert.equal((await getPod('done')).status?.phase, 'Succeeded'),
      15_000,
      200,
    );
    assert.equal((await row('done'))['STATUS'], 'Completed');
    const t = (await getPod('done')).status?.containerStatuses?.[0]?.state?.terminated;
    assert.deepEqual([t?.reason, t?.exitCode], ['Completed', 0]);
  });

  it('exit code 1 with restartPolicy Never ends Failed', async () => {
    await ok(
      ['apply', '-f', '-'],
      pod('failed', 'sim-node-0', {
        restartPolicy: 'Never',
        annotations: { 'sim.k8ts.io/exit-after': '2s', 'sim.k8ts.io/exit-code': '1' },
      }),
    );
    await eventually(async () => assert.equal((await getPod('failed')).status?.phase, 'Failed'), 15_000, 200);
    assert.equal((await row('failed'))['STATUS'], 'Error');
    const t = (await getPod('failed')).status?.containerStatuses?.[0]?.state?.terminated;
    assert.deepEqual([t?.reason, t?.exitCode], ['Error', 1]);
  });

  it('restartPolicy Always shows restarts and CrashLoopBackOff', async () => {
    await ok(
      ['apply', '-f', '-'],
      pod('crash', 'sim-node-2', {
        annotations: { 'sim.k8ts.io/exit-after': '2s', 'sim.k8ts.io/exit-code': '1' },
      }),
    );
    const r = await eventually(
      async () => {
        const r = await row('crash');
        assert.equal(r['STATUS'], 'CrashLoopBackOff');
        return r;
      },
      20_000,
      200,
    );
    assert.match(r['RESTARTS'] ?? '', /^[1-9]\d* \(\d+s ago\)$/);
    const c = (await getPod('crash')).status?.containerStatuses?.[0];
    assert.equal(c?.state?.waiting?.reason, 'CrashLoopBackOff');
    assert.match(
      c?.state?.waiting?.message ?? '',
      /^back-off 10s restarting failed container=app pod=crash_sim-e2e\(/,
    );
    assert.equal(c?.lastState?.terminated?.exitCode, 1);
    assert.equal((await getPod('crash')).status?.phase, 'Running');
  });

  it('sim.k8ts.io/ready: "false" keeps the pod running but unready', async () => {
    await ok(
      ['apply', '-f', '-'],
      pod('unready', 'sim-node-2', { annotations: { 'sim.k8ts.io/ready': 'false' } }),
    );
    await eventually(async () => {
      const r = await row('unready');
      assert.deepEqual([r['STATUS'], r['READY']], ['Running', '0/1']);
    }, 15_000);
    const ready = (await getPod('unready')).status?.conditions?.find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason], ['False', 'ContainersNotReady']);
    await ok(['annotate', 'pod', '-n', ns, 'unready', 'sim.k8ts.io/ready=true', '--overwrite']);
    await eventually(async () => assert.equal((await row('unready'))['READY'], '1/1'), 10_000);
  });

  it('a deleted pod is removed by its node', async () => {
    await ok(['delete', 'pod', '-n', ns, 'web', '--timeout=20s']);
    const gone = await kubectl(['get', 'pod', '-n', ns, 'web'], { kubeconfig: kubeconfig() });
    assert.match(gone.stderr, /NotFound/);
  });

  it('a stopped node leaves a new pod alone until it starts again', async () => {
    const k8ts = (action: string) =>
      run(process.execPath, [
        join(repoRoot, 'bin', 'k8ts'),
        'sim',
        'node',
        action,
        'sim-node-0',
        '--kubeconfig',
        kubeconfig(),
      ]);
    await k8ts('stop');
    await eventually(async () => {
      const node = JSON.parse((await ok(['get', 'node', 'sim-node-0', '-o', 'json'])).stdout) as Node;
      assert.equal(node.metadata?.annotations?.['sim.k8ts.io/stopped'], 'true');
    });
    // The simulator sees the annotation through its informer, a moment after the API has it.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await ok(['apply', '-f', '-'], pod('frozen', 'sim-node-0'));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const frozen = await getPod('frozen');
    assert.equal(frozen.status?.phase, 'Pending');
    assert.equal(frozen.status?.containerStatuses, undefined, 'nothing reported while the node is stopped');
    await k8ts('start');
    await eventually(async () => assert.equal((await row('frozen'))['STATUS'], 'Running'), 15_000);
  });
});
