/**
 * The API Priority and Fairness configuration through kubectl 1.32, against a `k8ts server` on
 * SQLite: the bootstrap flow schemas and priority levels with upstream's columns and order,
 * upstream's validation messages, and deleted bootstrap objects coming back on restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectl, kubectlOk, type KubectlResult } from '../support/kubectl.js';
import { parseTable } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;

before(async () => {
  server = await startK8tsServer({ datastore: 'sqlite' });
});
after(async () => {
  await server?.stop();
});

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const run = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectl(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });
const ok = (args: string[]): Promise<KubectlResult> => kubectlOk(args, { kubeconfig: kubeconfig() });

// NAME, PRIORITYLEVEL, MATCHINGPRECEDENCE, DISTINGUISHERMETHOD as upstream 1.32 lists them.
const upstreamFlowSchemas = [
  ['exempt', 'exempt', '1', '<none>'],
  ['probes', 'exempt', '2', '<none>'],
  ['system-leader-election', 'leader-election', '100', 'ByUser'],
  ['endpoint-controller', 'workload-high', '150', 'ByUser'],
  ['workload-leader-election', 'leader-election', '200', 'ByUser'],
  ['system-node-high', 'node-high', '400', 'ByUser'],
  ['system-nodes', 'system', '500', 'ByUser'],
  ['kube-controller-manager', 'workload-high', '800', 'ByNamespace'],
  ['kube-scheduler', 'workload-high', '800', 'ByNamespace'],
  ['kube-system-service-accounts', 'workload-high', '900', 'ByNamespace'],
  ['service-accounts', 'workload-low', '9000', 'ByUser'],
  ['global-default', 'global-default', '9900', 'ByUser'],
  ['catch-all', 'catch-all', '10000', 'ByUser'],
];

// NAME, TYPE, NOMINALCONCURRENCYSHARES, QUEUES, HANDSIZE, QUEUELENGTHLIMIT.
const upstreamPriorityLevels = [
  ['catch-all', 'Limited', '5', '<none>', '<none>', '<none>'],
  ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>'],
  ['global-default', 'Limited', '20', '128', '6', '50'],
  ['leader-election', 'Limited', '10', '16', '4', '50'],
  ['node-high', 'Limited', '40', '64', '6', '50'],
  ['system', 'Limited', '30', '64', '6', '50'],
  ['workload-high', 'Limited', '40', '128', '6', '50'],
  ['workload-low', 'Limited', '100', '128', '6', '50'],
];

describe('API Priority and Fairness configuration', () => {
  it('kubectl get flowschemas lists the bootstrap schemas in matching order', async () => {
    const { stdout, stderr } = await ok(['get', 'flowschemas']);
    assert.equal(stderr, '');
    const table = parseTable(stdout);
    assert.deepEqual(table.columns, [
      'NAME',
      'PRIORITYLEVEL',
      'MATCHINGPRECEDENCE',
      'DISTINGUISHERMETHOD',
      'AGE',
      'MISSINGPL',
    ]);
    assert.deepEqual(
      table.rows.map((r) => r.slice(0, 4)),
      upstreamFlowSchemas,
    );
    // "False" once the apiserver has checked the reference; "?" until then.
    for (const r of table.records) assert.match(r['MISSINGPL'] ?? '', /^(False|\?)$/);
  });

  it('kubectl get prioritylevelconfigurations lists the bootstrap levels', async () => {
    const table = parseTable((await ok(['get', 'prioritylevelconfigurations'])).stdout);
    assert.deepEqual(table.columns, [
      'NAME',
      'TYPE',
      'NOMINALCONCURRENCYSHARES',
      'QUEUES',
      'HANDSIZE',
      'QUEUELENGTHLIMIT',
      'AGE',
    ]);
    assert.deepEqual(
      table.rows.map((r) => r.slice(0, 6)),
      upstreamPriorityLevels,
    );
  });

  it('rejects a priority level whose hand needs too much hash, with upstream message', async () => {
    const bad = JSON.stringify({
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
      kind: 'PriorityLevelConfiguration',
      metadata: { name: 'wide-hands' },
      spec: {
        type: 'Limited',
        limited: { limitResponse: { type: 'Queue', queuing: { queues: 512, handSize: 8 } } },
      },
    });
    const result = await run(['create', '-f', '-'], bad);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'The PriorityLevelConfiguration "wide-hands" is invalid: spec.limited.limitResponse.queuing.handSize: Invalid value: 8: required entropy bits of deckSize 512 and handSize 8 should not be greater than 60',
    );
  });

  it('deleted bootstrap objects come back when the server restarts', async () => {
    await ok(['delete', 'flowschema', 'probes']);
    await ok(['delete', 'prioritylevelconfiguration', 'workload-low']);
    assert.equal((await run(['get', 'flowschema', 'probes'])).code, 1);
    await server!.restart();
    const probes = await ok(['get', 'flowschema', 'probes', '-o', 'jsonpath={.spec.matchingPrecedence}']);
    assert.equal(probes.stdout, '2');
    const level = await ok([
      'get',
      'prioritylevelconfiguration',
      'workload-low',
      '-o',
      'jsonpath={.metadata.annotations.apf\\.kubernetes\\.io/autoupdate-spec}',
    ]);
    assert.equal(level.stdout, 'true');
  });
});
