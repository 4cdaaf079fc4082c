/**
 * `kubectl drain` and `kubectl uncordon` with the real kubectl against `k8ts server` with two
 * simulated nodes and its embedded scheduler and controllers: drain cordons the node, skips
 * DaemonSet pods, evicts the rest through pods/eviction (their ReplicaSet replaces them on the
 * other node) and reports the node drained; with a PodDisruptionBudget that allows no disruption
 * it prints upstream's eviction error, retries, and gives up at --timeout.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { stringify } from 'yaml';
import { eventually } from '../../src/client/testing/eventually.js';
import { kubectl, kubectlOk } from '../support/kubectl.js';
import { parseTable } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const ns = 'drain-e2e';
const replicas = 4;
let server: K8tsServer | undefined;

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}

const ok = (args: string[], stdin?: string) =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });
const run = (args: string[]) => kubectl(args, { kubeconfig: kubeconfig() });

const template = (app: string, volumes: object[] = []) => ({
  metadata: { labels: { app } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'registry.local/toolbox:1',
        ...(volumes.length > 0 ? { volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] } : {}),
      },
    ],
    ...(volumes.length > 0 ? { volumes } : {}),
  },
});

const workloads = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      // emptyDir data makes drain insist on --delete-emptydir-data.
      template: template('web', [{ name: 'scratch', emptyDir: {} }]),
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: ns },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
  },
];

async function pods(app: string): Promise<Pod[]> {
  const list = JSON.parse((await ok(['get', 'pods', '-n', ns, '-l', `app=${app}`, '-o', 'json'])).stdout) as {
    items: Pod[];
  };
  return list.items;
}

const running = (p: Pod) =>
  p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && p.spec?.nodeName !== undefined;

/** Waits for all web replicas and one agent per node to run; returns the web pods. */
async function settled(): Promise<Pod[]> {
  return eventually(
    async () => {
      const web = (await pods('web')).filter(running);
      assert.equal(web.length, replicas);
      assert.equal((await pods('agent')).filter(running).length, 2);
      return web;
    },
    30_000,
    200,
  );
}

async function nodeStatus(node: string): Promise<string> {
  return parseTable((await ok(['get', 'node', node])).stdout).records[0]?.['STATUS'] ?? '';
}

/** The node running most web pods, and the names of the web pods on it. */
function busiestNode(web: Pod[]): { node: string; names: string[] } {
  const byNode = new Map<string, string[]>();
  for (const p of web) {
    const node = p.spec?.nodeName ?? '';
    byNode.set(node, [...(byNode.get(node) ?? []), p.metadata?.name ?? '']);
  }
  const [node, names] = [...byNode.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  return { node, names: names.sort() };
}

before(async () => {
  server = await startK8tsServer({
    controlPlane: true,
    extraArgs: ['--node-runtime', 'sim', '--sim-nodes', '2'],
  });
  await ok(['create', 'namespace', ns]);
  await ok(['apply', '-f', '-'], workloads.map((o) => stringify(o)).join('---\n'));
});

after(async () => {
  await server?.stop();
});

describe('kubectl drain', () => {
  it('cordons the node, evicts its pods except DaemonSet ones, and reports it drained; uncordon undoes the cordon', async () => {
    const { node, names } = busiestNode(await settled());
    const agent = (await pods('agent')).find((p) => p.spec?.nodeName === node)?.metadata?.name;
    const drain = await ok(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s']);
    const lines = drain.stdout.trim().split('\n');
    assert.equal(lines[0], `node/${node} cordoned`);
    assert.equal(lines.at(-1), `node/${node} drained`);
    assert.deepEqual(
      lines.filter((l) => l.startsWith('evicting pod ')).sort(),
      names.map((n) => `evicting pod ${ns}/${n}`),
    );
    assert.deepEqual(
      lines.filter((l) => l.endsWith(' evicted')).sort(),
      names.map((n) => `pod/${n} evicted`),
    );
    assert.equal(drain.stderr.trim(), `Warning: ignoring DaemonSet-managed Pods: ${ns}/${agent}`);
    assert.equal(await nodeStatus(node), 'Ready,SchedulingDisabled');

    // The evicted pods are gone and their replacements run on the other node; the agent stays.
    const web = await settled();
    assert.ok(web.every((p) => p.spec?.nodeName !== node && !names.includes(p.metadata?.name ?? '')));
    assert.ok((await pods('agent')).some((p) => p.metadata?.name === agent && running(p)));

    assert.equal((await ok(['uncordon', node])).stdout.trim(), `node/${node} uncordoned`);
    assert.equal(await nodeStatus(node), 'Ready');
  });

  it('refused by a PodDisruptionBudget: prints the eviction error, retries, and fails at --timeout', async () => {
    await ok(['create', 'pdb', 'web', '-n', ns, '--selector=app=web', `--min-available=${replicas}`]);
    await eventually(
      async () => {
        const pdb = JSON.parse(
          (await ok(['get', 'pdb', 'web', '-n', ns, '-o', 'json'])).stdout,
        ) as PodDisruptionBudget;
        assert.equal(pdb.status?.observedGeneration, pdb.metadata?.generation);
        assert.deepEqual([pdb.status?.currentHealthy, pdb.status?.disruptionsAllowed], [replicas, 0]);
      },
      15_000,
      100,
    );
    const { node, names } = busiestNode(await settled());
    const drain = await run(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=8s']);
    assert.equal(drain.code, 1);
    const refused = (n: string) =>
      `error when evicting pods/"${n}" -n "${ns}" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
    const stderr = drain.stderr.split('\n');
    for (const n of names) {
      // Refused at once, then again after the 5 s pause, until the 8 s timeout.
      assert.equal(stderr.filter((l) => l === refused(n)).length, 2, drain.stderr);
    }
    const timedOut = names.map(
      (n) => `error when evicting pods/"${n}" -n "${ns}": global timeout reached: 8s`,
    );
    const order = (line: string) => stderr.find((l) => l.startsWith(line)) ?? '';
    const pending = order(`There are pending pods in node "${node}" when an error occurred: [`);
    for (const t of timedOut) assert.ok(pending.includes(t), pending);
    assert.ok(
      order(`error: unable to drain node "${node}" due to error: [`).endsWith('], continuing command...'),
    );
    assert.ok(drain.stderr.includes(`There are pending nodes to be drained:\n ${node}\n`), drain.stderr);
    assert.match(drain.stdout, new RegExp(`^node/${node} cordoned\n`));
    assert.ok(!drain.stdout.includes('drained'));

    // Nothing was evicted: the same pods still run, and the budget still allows nothing.
    const after = (await pods('web')).filter(running).map((p) => p.metadata?.name);
    for (const n of names) assert.ok(after.includes(n), `${n} was evicted`);
    assert.equal(await nodeStatus(node), 'Ready,SchedulingDisabled');
    assert.equal((await ok(['uncordon', node])).stdout.trim(), `node/${node} uncordoned`);
  });
});
