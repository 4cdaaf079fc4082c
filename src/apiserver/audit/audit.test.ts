import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthorizationAttributes } from '../auth/rbac/authorizer.js';
import type { UserInfo } from '../http/api-request.js';
import type { AuditEvent } from './audit-event.js';
import { AuditLogWriter } from './audit-log-writer.js';
import { evaluateAuditPolicy } from './audit-policy-evaluator.js';
import { AuditPolicyError, parseAuditPolicy } from './audit-policy.js';
import { microTime } from './audit-recorder.js';
import { Auditor } from './auditor.js';
import { defaultAuditPolicy } from './default-audit-policy.js';
import { auditEventLine } from './raw-json.js';

const jane: UserInfo = { name: 'jane', groups: ['devs', 'system:authenticated'] };

function attrs(over: Partial<AuthorizationAttributes>): AuthorizationAttributes {
  return {
    user: jane,
    verb: 'get',
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    name: '',
    namespace: 'default',
    path: '/api/v1/namespaces/default/pods',
    isResourceRequest: true,
    ...over,
  };
}

const policy = parseAuditPolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    users: [system:kube-proxy]
  - level: None
    nonResourceURLs: ["/healthz*", /version]
  - level: RequestResponse
    userGroups: [auditors]
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets]
  - level: Request
    verbs: [create]
    namespaces: [prod]
    omitStages: [ResponseStarted]
  - level: RequestResponse
    resources:
      - group: apps
        resources: ["deployments/*"]
      - group: ""
        resources: ["*/log"]
      - group: ""
        resources: [configmaps]
        resourceNames: [special]
  - level: Metadata
`);

describe('audit policy evaluation', () => {
  const level = (a: Partial<AuthorizationAttributes>) => evaluateAuditPolicy(policy, attrs(a)).level;

  it('takes the first matching rule', () => {
    assert.equal(level({ user: { name: 'system:kube-proxy', groups: [] } }), 'None');
    assert.equal(
      level({ user: { name: 'x', groups: ['auditors'] }, resource: 'secrets' }),
      'RequestResponse',
    );
    assert.equal(level({ resource: 'secrets', verb: 'create', namespace: 'prod' }), 'Metadata');
    assert.equal(level({ verb: 'create', namespace: 'prod' }), 'Request');
    assert.equal(level({ verb: 'create', namespace: 'dev' }), 'Metadata');
  });

  it('matches non-resource URLs exactly or by trailing *', () => {
    const nr = { isResourceRequest: false, resource: '', namespace: '' };
    assert.equal(level({ ...nr, path: '/healthz/etcd' }), 'None');
    assert.equal(level({ ...nr, path: '/version' }), 'None');
    assert.equal(level({ ...nr, path: '/version/x' }), 'Metadata');
  });

  it('matches resource/*, */subresource and resourceNames', () => {
    assert.equal(
      level({ apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }),
      'RequestResponse',
    );
    // As upstream: "deployments/*" also covers the deployments themselves.
    assert.equal(level({ apiGroup: 'apps', resource: 'deployments' }), 'RequestResponse');
    assert.equal(level({ apiGroup: 'apps', resource: 'replicasets' }), 'Metadata');
    assert.equal(level({ resource: 'pods', subresource: 'log' }), 'RequestResponse');
    assert.equal(level({ resource: 'configmaps', name: 'special' }), 'RequestResponse');
    assert.equal(level({ resource: 'configmaps', name: 'other' }), 'Metadata');
  });

  it('unions the policy and rule omitStages', () => {
    assert.deepEqual(evaluateAuditPolicy(policy, attrs({ verb: 'create', namespace: 'prod' })).omitStages, [
      'RequestReceived',
      'ResponseStarted',
    ]);
  });

  it('defaults to None when no rule matches', () => {
    const empty = parseAuditPolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n');
    assert.equal(evaluateAuditPolicy(empty, attrs({})).level, 'None');
  });

  it('rejects invalid policies', () => {
    assert.throws(
      () => parseAuditPolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Loud\n'),
      AuditPolicyError,
    );
    assert.throws(
      () =>
        parseAuditPolicy(
          'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  nonResourceURLs: ["/a"]\n  resources: [{group: ""}]\n',
        ),
      /both regular resources and non-resource URLs/,
    );
    assert.throws(
      () =>
        parseAuditPolicy(
          'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  nonResourceURLs: ["/a*b"]\n',
        ),
      /final character/,
    );
  });

  it('the default policy keeps secrets and configmaps at Metadata and drops noise', () => {
    const d = (a: Partial<AuthorizationAttributes>) =>
      evaluateAuditPolicy(defaultAuditPolicy, attrs(a)).level;
    assert.equal(d({ resource: 'secrets', verb: 'create' }), 'Metadata');
    assert.equal(d({ resource: 'configmaps', verb: 'update' }), 'Metadata');
    assert.equal(d({ resource: 'serviceaccounts', subresource: 'token', verb: 'create' }), 'Metadata');
    assert.equal(
      d({ apiGroup: 'authentication.k8s.io', resource: 'tokenreviews', verb: 'create', namespace: '' }),
      'Metadata',
    );
    assert.equal(d({ resource: 'pods', verb: 'create' }), 'Request');
    assert.equal(d({ resource: 'pods', verb: 'list' }), 'Metadata');
    assert.equal(d({ verb: 'watch' }), 'None');
    assert.equal(d({ isResourceRequest: false, path: '/healthz', resource: '', namespace: '' }), 'None');
  });
});

describe('audit events', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');

  function run(a: Partial<AuthorizationAttributes>, body: unknown, bodyText?: string): AuditEvent[] {
    const events: AuditEvent[] = [];
    let now = t0 + 12.3456;
    const auditor = new Auditor({
      policy: defaultAuditPolicy,
      sink: { write: (e) => events.push(e) },
      now: () => now,
    });
    const rec = auditor.begin(
      {
        auditID: 'a1',
        requestURI: '/api/v1/namespaces/default/secrets',
        verb: 'create',
        user: jane,
        sourceIPs: ['127.0.0.1'],
        userAgent: 'kubectl/v1.32.0',
        objectRef: { resource: a.resource ?? 'pods', namespace: 'default', name: 's1', apiVersion: 'v1' },
        receivedAt: t0 + 1.5,
      },
      attrs(a),
    );
    rec.requestReceived();
    if (bodyText !== undefined) rec.setRequestJson(bodyText);
    else rec.setRequestObject(body);
    rec.setResponseObject(body);
    rec.addAnnotation('authorization.k8s.io/decision', 'allow');
    rec.addAnnotation('authorization.k8s.io/reason', '');
    now += 1000;
    rec.setResponseStatus(201);
    rec.complete();
    rec.complete();
    return events;
  }

  it('logs a secret creation at Metadata, without its data, in upstream key order', () => {
    const events = run(
      { resource: 'secrets', verb: 'create' },
      { kind: 'Secret', data: { password: 'aHVudGVyMg==' } },
    );
    assert.equal(events.length, 1);
    const line = JSON.stringify(events[0]);
    assert.equal(line.includes('aHVudGVyMg'), false);
    assert.equal(
      line,
      '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a1","stage":"ResponseComplete",' +
        '"requestURI":"/api/v1/namespaces/default/secrets","verb":"create","user":{"username":"jane","groups":["devs","system:authenticated"]},' +
        '"sourceIPs":["127.0.0.1"],"userAgent":"kubectl/v1.32.0","objectRef":{"resource":"secrets","namespace":"default","name":"s1","apiVersion":"v1"},' +
        '"responseStatus":{"metadata":{},"code":201},"requestReceivedTimestamp":"2026-01-01T00:00:00.001500Z",' +
        '"stageTimestamp":"2026-01-01T00:00:01.012346Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}',
    );
  });

  it('keeps the request object at Request level (without managedFields) but not the response', () => {
    const [e] = run(
      { resource: 'pods', verb: 'create' },
      { kind: 'Pod', metadata: { name: 'p', managedFields: [{}] } },
    );
    assert.deepEqual(e!.requestObject, { kind: 'Pod', metadata: { name: 'p' } });
    assert.equal(e!.responseObject, undefined);
  });

  it('logs a body given as text verbatim, unless managedFields must come out of it', () => {
    const text = '{"kind":"Pod", "metadata":{"name":"p"},"status":{"phase":"Running"}}';
    const [e] = run({ resource: 'pods', verb: 'patch' }, undefined, text);
    const line = auditEventLine(e!);
    assert.ok(line.includes(`"requestObject":${text},"requestReceivedTimestamp"`), line);
    assert.deepEqual(JSON.parse(line), JSON.parse(JSON.stringify(e)));
    const managed = '{"kind":"Pod","metadata":{"name":"p","managedFields":[{}]}}';
    const [stripped] = run({ resource: 'pods', verb: 'patch' }, undefined, managed);
    assert.deepEqual(stripped!.requestObject, { kind: 'Pod', metadata: { name: 'p' } });
    // At Metadata the text is not kept at all.
    const [secret] = run({ resource: 'secrets', verb: 'patch' }, undefined, '{"data":{"k":"aHVudGVyMg=="}}');
    assert.equal(auditEventLine(secret!).includes('aHVudGVyMg'), false);
  });

  it('emits every stage the policy keeps, and Panic with a 500', () => {
    const events: AuditEvent[] = [];
    const auditor = new Auditor({
      policy: parseAuditPolicy(
        'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: RequestResponse}]\n',
      ),
      sink: { write: (e) => events.push(e) },
      now: () => t0,
    });
    const rec = auditor.begin(
      { requestURI: '/x', verb: 'watch', user: jane, sourceIPs: [], receivedAt: t0 },
      attrs({}),
    );
    assert.match(rec.auditID, /^[0-9a-f-]{36}$/);
    rec.requestReceived();
    rec.responseStarted();
    rec.panic(new Error('boom'));
    assert.deepEqual(
      events.map((e) => e.stage),
      ['RequestReceived', 'ResponseStarted', 'Panic'],
    );
    assert.equal(events[2]!.responseStatus!.code, 500);
  });
});

describe('audit timestamps', () => {
  it('round to the microsecond, carrying into the next millisecond', () => {
    const ms = Date.parse('2026-01-01T00:00:00.001Z');
    assert.equal(microTime(ms + 0.9996), '2026-01-01T00:00:00.002000Z');
    assert.equal(microTime(ms + 0.25), '2026-01-01T00:00:00.001250Z');
  });

  it('carry into the next second, and format any second after another', () => {
    const ms = Date.parse('2026-01-01T00:00:00.999Z');
    assert.equal(microTime(ms + 0.9996), '2026-01-01T00:00:01.000000Z');
    assert.equal(microTime(ms), '2026-01-01T00:00:00.999000Z');
    assert.equal(microTime(Date.parse('2027-06-30T23:59:59.5Z')), '2027-06-30T23:59:59.500000Z');
    assert.equal(microTime(ms + 0.0001), '2026-01-01T00:00:00.999000Z');
  });
});

describe('audit log writer', () => {
  it('writes JSON lines and rotates by size, keeping maxbackup files and dropping old ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k8ts-audit-'));
    let now = Date.parse('2026-01-01T00:00:00Z');
    const path = join(dir, 'audit.log');
    const w = new AuditLogWriter({ path, maxSizeMB: 0.001, maxBackups: 2, maxAgeDays: 1, now: () => now });
    const event = { kind: 'Event', pad: 'x'.repeat(400) } as unknown as AuditEvent;
    for (let i = 0; i < 10; i++) {
      w.write(event);
      w.flush();
      now += 3_600_000;
    }
    w.close();
    const files = (await readdir(dir)).sort();
    assert.equal(files.length, 3);
    assert.deepEqual(files.slice(0, 2), [
      'audit-2026-01-01T06-00-00.000.log',
      'audit-2026-01-01T08-00-00.000.log',
    ]);
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(JSON.parse(lines[0]!).kind, 'Event');

    // An old backup beyond maxage goes at the next rotation even under maxbackup.
    const w2 = new AuditLogWriter({
      path,
      maxSizeMB: 0.001,
      maxBackups: 10,
      maxAgeDays: 1,
      now: () => now + 2 * 86_400_000,
    });
    w2.write(event);
    w2.write(event);
    w2.close();
    assert.equal((await readdir(dir)).length, 2);
  });

  it('reports a log it cannot write and drops the events instead of throwing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k8ts-audit-'));
    await writeFile(join(dir, 'file'), '');
    const failures: number[] = [];
    const w = new AuditLogWriter({
      path: join(dir, 'file', 'audit.log'),
      onError: (_err, dropped) => failures.push(dropped),
    });
    w.write({ kind: 'Event' } as unknown as AuditEvent);
    w.write({ kind: 'Event' } as unknown as AuditEvent);
    assert.doesNotThrow(() => w.flush());
    assert.deepEqual(failures, [2]);
    w.close();
  });

  it('buffers until the next turn of the event loop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k8ts-audit-'));
    const path = join(dir, 'a.log');
    const w = new AuditLogWriter({ path });
    w.write({ kind: 'Event' } as unknown as AuditEvent);
    await new Promise((r) => setImmediate(r));
    assert.equal(await readFile(path, 'utf8'), '{"kind":"Event"}\n');
    w.close();
  });
});
