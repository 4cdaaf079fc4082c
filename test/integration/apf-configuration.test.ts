// The API Priority and Fairness configuration an apiserver keeps (upstream's configuration
// producer): a fresh cluster has upstream 1.32's 13 flow schemas and 8 priority levels; on the next
// start deleted bootstrap objects come back, specs the auto-update rules own are put back, specs
// an operator claimed (autoupdate-spec "false") stay, mandatory objects are restored whatever
// their annotation says, and objects the producer made that it no longer ships are deleted.
// A real ApiServer on the SQLite datastore, restarted on the same data directory.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FlowSchema, PriorityLevelConfiguration } from 'kubernetes-types/flowcontrol/v1.js';
import { ApiServer } from '../../src/apiserver/api-server.js';
import { createLogger } from '../../src/base/logger.js';
import { KubeClient } from '../../src/client/index.js';
import { isStatusError } from '../../src/machinery/errors/index.js';
import { SqliteBackend } from '../../src/storage/sqlite/sqlite-backend.js';

const quiet = createLogger('test', { write: () => {} });
const group = 'flowcontrol.apiserver.k8s.io';
const annotation = 'apf.kubernetes.io/autoupdate-spec';

const upstreamFlowSchemas = [
  'catch-all',
  'endpoint-controller',
  'exempt',
  'global-default',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-system-service-accounts',
  'probes',
  'service-accounts',
  'system-leader-election',
  'system-node-high',
  'system-nodes',
  'workload-leader-election',
];
const upstreamPriorityLevels = [
  'catch-all',
  'exempt',
  'global-default',
  'leader-election',
  'node-high',
  'system',
  'workload-high',
  'workload-low',
];

let dataDir = '';
let server: ApiServer | undefined;
let client: KubeClient | undefined;

async function start(): Promise<KubeClient> {
  server = await ApiServer.start({
    dataDir,
    datastore: 'sqlite',
    bindAddress: '127.0.0.1',
    port: 0,
    log: quiet,
    auditLogPath: '',
  });
  client = await KubeClient.fromKubeconfig({ path: server.kubeconfigPath, qps: Infinity, logger: quiet });
  return client;
}

async function stop(): Promise<void> {
  client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
}

const flowSchemas = (c: KubeClient) =>
  c.resource<FlowSchema>({ group, version: 'v1', resource: 'flowschemas' });
const priorityLevels = (c: KubeClient) =>
  c.resource<PriorityLevelConfiguration>({ group, version: 'v1', resource: 'prioritylevelconfigurations' });

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-apf-'));
});
after(async () => {
  await stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
});

describe('APF bootstrap configuration', () => {
  it('a new cluster has upstream 1.32 flow schemas and priority levels, marked for auto-update', async () => {
    const c = await start();
    const fs = (await flowSchemas(c).list()).items;
    assert.deepEqual(fs.map((o) => o.metadata?.name).sort(), upstreamFlowSchemas);
    const pl = (await priorityLevels(c).list()).items;
    assert.deepEqual(pl.map((o) => o.metadata?.name).sort(), upstreamPriorityLevels);
    for (const o of [...fs, ...pl]) {
      assert.equal(o.metadata?.annotations?.[annotation], 'true', o.metadata?.name);
      assert.equal(o.metadata?.generation, 1, o.metadata?.name);
      const managers = o.metadata?.managedFields?.map((f) => f.manager);
      assert.ok(managers?.includes('api-priority-and-fairness-config-producer-v1'), o.metadata?.name);
    }
    const workloadHigh = pl.find((o) => o.metadata?.name === 'workload-high');
    assert.deepEqual(workloadHigh?.spec, {
      type: 'Limited',
      limited: {
        nominalConcurrencyShares: 40,
        limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } },
        lendablePercent: 50,
      },
    });
    const probes = fs.find((o) => o.metadata?.name === 'probes');
    assert.deepEqual(probes?.spec, {
      priorityLevelConfiguration: { name: 'exempt' },
      matchingPrecedence: 2,
      rules: [
        {
          subjects: [
            { kind: 'Group', group: { name: 'system:unauthenticated' } },
            { kind: 'Group', group: { name: 'system:authenticated' } },
          ],
          nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }],
        },
      ],
    });
  });

  it('the mandatory specs cannot be edited through the API', async () => {
    const patch = { spec: { limited: { nominalConcurrencyShares: 50 } } };
    await assert.rejects(priorityLevels(client!).patch('catch-all', 'merge', patch), (err: unknown) => {
      assert.ok(isStatusError(err, 'Invalid'));
      assert.match(err.message, /spec: Invalid value: .*: spec of 'catch-all' must equal the fixed value$/);
      return true;
    });
  });

  it('on the next start, what the operator did is kept or undone by upstream rules', async () => {
    const c = client!;
    // Merge patches: the apiserver's own status writes may change the objects meanwhile.
    const patchFlowSchema = (name: string, patch: object) => flowSchemas(c).patch(name, 'merge', patch);
    const claim = (value: string | null) => ({ metadata: { annotations: { [annotation]: value } } });
    // Deleted suggested objects come back.
    await flowSchemas(c).delete('probes');
    await priorityLevels(c).delete('workload-low');
    // A suggested schema whose spec changed but whose annotation still says "true" is put back.
    await patchFlowSchema('service-accounts', { spec: { matchingPrecedence: 7000 } });
    // One the operator claimed keeps its spec.
    await patchFlowSchema('global-default', { ...claim('false'), spec: { matchingPrecedence: 9800 } });
    // One edited without the annotation counts as claimed (generation > 1): annotated "false".
    await patchFlowSchema('system-nodes', { ...claim(null), spec: { matchingPrecedence: 550 } });
    // The exempt level's `exempt` member is the operator's to tune.
    const tuned = { nominalConcurrencyShares: 10, lendablePercent: 10 };
    await priorityLevels(c).patch('exempt', 'merge', { spec: { exempt: tuned } });
    // A mandatory object cannot be claimed.
    await priorityLevels(c).patch('catch-all', 'merge', claim('false'));
    // Something the producer made but no longer ships goes; the operator's own objects stay.
    const own = (name: string, annotations?: Record<string, string>): FlowSchema => ({
      metadata: { name, ...(annotations && { annotations }) },
      spec: {
        priorityLevelConfiguration: { name: 'workload-low' },
        matchingPrecedence: 8000,
        rules: [
          {
            subjects: [{ kind: 'User', user: { name: 'batch' } }],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          },
        ],
      },
    });
    await flowSchemas(c).create(own('retired-bootstrap', { [annotation]: 'true' }));
    await flowSchemas(c).create(own('mine'));
    await stop();

    // A stored spec the API would refuse (as an older release's catch-all, or a datastore edit).
    const store = await SqliteBackend.open({ path: join(dataDir, 'state.db') });
    const key = '/registry/prioritylevelconfigurations/catch-all';
    const kv = await store.get(key);
    assert.ok(kv);
    const stored = JSON.parse(new TextDecoder().decode(kv.value)) as PriorityLevelConfiguration;
    stored.spec!.limited!.nominalConcurrencyShares = 50;
    assert.ok(
      (await store.update(key, new TextEncoder().encode(JSON.stringify(stored)), kv.modRevision)).succeeded,
    );
    await store.close();

    const c2 = await start();
    const fs = new Map((await flowSchemas(c2).list()).items.map((o) => [o.metadata?.name, o]));
    const pl = new Map((await priorityLevels(c2).list()).items.map((o) => [o.metadata?.name, o]));
    assert.deepEqual([...fs.keys()].sort(), [...upstreamFlowSchemas, 'mine'].sort());
    assert.deepEqual([...pl.keys()].sort(), upstreamPriorityLevels);

    assert.equal(fs.get('probes')?.spec?.matchingPrecedence, 2);
    assert.equal(pl.get('workload-low')?.spec?.limited?.nominalConcurrencyShares, 100);
    assert.equal(fs.get('service-accounts')?.spec?.matchingPrecedence, 9000);
    assert.equal(fs.get('global-default')?.spec?.matchingPrecedence, 9800);
    assert.equal(fs.get('global-default')?.metadata?.annotations?.[annotation], 'false');
    assert.equal(fs.get('system-nodes')?.spec?.matchingPrecedence, 550);
    assert.equal(fs.get('system-nodes')?.metadata?.annotations?.[annotation], 'false');
    assert.deepEqual(pl.get('exempt')?.spec?.exempt, { nominalConcurrencyShares: 10, lendablePercent: 10 });
    assert.equal(pl.get('catch-all')?.spec?.limited?.nominalConcurrencyShares, 5);
    assert.equal(pl.get('catch-all')?.metadata?.annotations?.[annotation], 'true');
    assert.equal(fs.get('mine')?.metadata?.annotations, undefined);
  });
});
