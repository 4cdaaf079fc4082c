// API Priority and Fairness in a real in-process ApiServer: every request is classified by the
// stored FlowSchemas (the X-Kubernetes-PF-* response headers name the schema and level by UID, as
// upstream's do — also for requests authorization then refuses), a new FlowSchema takes effect as
// soon as it is stored, a FlowSchema naming a missing level is reported Dangling until the level
// exists, and the apiserver_flowcontrol_* metrics count what was dispatched.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiServer } from '../../src/apiserver/api-server.js';
import { createLogger } from '../../src/base/logger.js';
import { adminRequest, type AdminAnswer } from '../support/admin-request.js';

const quiet = createLogger('test', { write: () => {} });
const flowcontrol = '/apis/flowcontrol.apiserver.k8s.io/v1';

let dataDir: string;
let server: ApiServer;

function api(
  method: string,
  path: string,
  options: { as?: string; body?: unknown } = {},
): Promise<AdminAnswer> {
  return adminRequest(server, method, path, {
    body: options.body,
    ...(options.as ? { headers: { 'Impersonate-User': options.as } } : {}),
  });
}

async function uidOf(path: string): Promise<string> {
  const answer = await api('GET', path);
  assert.equal(answer.status, 200, answer.body);
  return (JSON.parse(answer.body) as { metadata: { uid: string } }).metadata.uid;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'k8ts-apf-dispatch-'));
  server = await ApiServer.start({
    dataDir,
    datastore: 'memory',
    bindAddress: '127.0.0.1',
    port: 0,
    log: quiet,
    auditLogPath: '',
  });
});

after(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('classification', () => {
  test('the admin (system:masters) is exempt; another user falls to global-default, even when refused', async () => {
    const admin = await api('GET', '/api/v1/namespaces');
    assert.equal(admin.status, 200);
    assert.equal(
      admin.headers['x-kubernetes-pf-flowschema-uid'],
      await uidOf(`${flowcontrol}/flowschemas/exempt`),
    );
    assert.equal(
      admin.headers['x-kubernetes-pf-prioritylevel-uid'],
      await uidOf(`${flowcontrol}/prioritylevelconfigurations/exempt`),
    );
    const alice = await api('GET', '/api/v1/namespaces', { as: 'alice' });
    assert.equal(alice.status, 403);
    assert.equal(
      alice.headers['x-kubernetes-pf-flowschema-uid'],
      await uidOf(`${flowcontrol}/flowschemas/global-default`),
    );
  });

  test('a stored FlowSchema takes alice’s requests to its level at once, and metrics count them', async () => {
    const created = await api('POST', `${flowcontrol}/prioritylevelconfigurations`, {
      body: {
        metadata: { name: 'alice-level' },
        spec: {
          type: 'Limited',
          limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } },
        },
      },
    });
    assert.equal(created.status, 201, created.body);
    const schema = await api('POST', `${flowcontrol}/flowschemas`, {
      body: {
        metadata: { name: 'alice' },
        spec: {
          priorityLevelConfiguration: { name: 'alice-level' },
          matchingPrecedence: 100,
          distinguisherMethod: { type: 'ByUser' },
          rules: [
            {
              subjects: [{ kind: 'User', user: { name: 'alice' } }],
              resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true }],
            },
          ],
        },
      },
    });
    assert.equal(schema.status, 201, schema.body);
    const schemaUid = await uidOf(`${flowcontrol}/flowschemas/alice`);
    const answer = await eventually('alice to be classified by her FlowSchema', async () => {
      const a = await api('GET', '/api/v1/namespaces', { as: 'alice' });
      return a.headers['x-kubernetes-pf-flowschema-uid'] === schemaUid ? a : undefined;
    });
    assert.equal(
      answer.headers['x-kubernetes-pf-prioritylevel-uid'],
      await uidOf(`${flowcontrol}/prioritylevelconfigurations/alice-level`),
    );
    const metrics = (await api('GET', '/metrics')).body;
    assert.match(
      metrics,
      /apiserver_flowcontrol_dispatched_requests_total\{flow_schema="alice",priority_level="alice-level"\} [1-9]/,
    );
    // 5 shares of 250: ceil(600 × 5 / 250) = 12 nominal seats.
    assert.match(metrics, /apiserver_flowcontrol_nominal_limit_seats\{priority_level="alice-level"\} 12\n/);
  });
});

describe('the debug dump', () => {
  test('dump_priority_levels lists every level with its queues and totals, as upstream lays it out', async () => {
    const answer = await api('GET', '/debug/api_priority_and_fairness/dump_priority_levels');
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.headers['content-type'] ?? '', /^text\/plain/);
    const lines = answer.body.trimEnd().split('\n');
    assert.match(
      lines[0]!,
      /^PriorityLevelName, +ActiveQueues, +IsIdle, +IsQuiescing, +WaitingRequests, +ExecutingRequests, +DispatchedRequests, +RejectedRequests, +TimedoutRequests, +CancelledRequests$/,
    );
    const names = lines.slice(1).map((l) => l.split(',')[0]);
    for (const level of ['catch-all', 'exempt', 'global-default', 'workload-high'])
      assert.ok(names.includes(level), `${level} in ${names.join(' ')}`);
    // The exempt level served this very request: it counts dispatches.
    const exempt = lines.find((l) => l.startsWith('exempt,'))!.split(/,\s*/);
    assert.ok(Number(exempt[6]) > 0, exempt.join('|'));
    // Every cell but the last is padded to its column: the lines are equally long up to it.
    const starts = lines.map((l) => l.lastIndexOf(' ') + 1);
    assert.equal(new Set(starts).size, 1);
  });
});

describe('the Dangling condition', () => {
  test('is True while the named level is missing and False once it exists', async () => {
    const created = await api('POST', `${flowcontrol}/flowschemas`, {
      body: {
        metadata: { name: 'stray' },
        spec: {
          priorityLevelConfiguration: { name: 'nowhere' },
          rules: [
            {
              subjects: [{ kind: 'Group', group: { name: 'stray-group' } }],
              nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
            },
          ],
        },
      },
    });
    assert.equal(created.status, 201, created.body);
    const condition = async (status: string) =>
      eventually(`Dangling=${status}`, async () => {
        const fs = JSON.parse((await api('GET', `${flowcontrol}/flowschemas/stray`)).body) as {
          status?: { conditions?: { type: string; status: string; reason: string; message: string }[] };
        };
        return fs.status?.conditions?.find((c) => c.type === 'Dangling' && c.status === status);
      });
    const dangling = await condition('True');
    assert.equal(dangling.reason, 'NotFound');
    assert.equal(
      dangling.message,
      'This FlowSchema references the PriorityLevelConfiguration object named "nowhere" but there is no such object',
    );
    const level = await api('POST', `${flowcontrol}/prioritylevelconfigurations`, {
      body: {
        metadata: { name: 'nowhere' },
        spec: { type: 'Limited', limited: { limitResponse: { type: 'Reject' } } },
      },
    });
    assert.equal(level.status, 201, level.body);
    const found = await condition('False');
    assert.equal(found.reason, 'Found');
  });
});
