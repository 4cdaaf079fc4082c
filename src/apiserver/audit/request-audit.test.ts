import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badRequest, errorToStatus, notFound } from '../../machinery/errors/index.js';
import type { AuthenticationResult } from '../authn/request-authenticator.js';
import { readBody } from '../endpoints/body.js';
import { anonymousUser, type ApiRequest, type UserInfo } from '../http/api-request.js';
import { writeJson } from '../http/write-response.js';
import { parseRequestInfo } from '../request/request-info.js';
import type { AuditEvent } from './audit-event.js';
import { parseAuditPolicy } from './audit-policy.js';
import { Auditor } from './auditor.js';
import { auditEventLine } from './raw-json.js';
import { RequestAuditing } from './request-audit.js';

const jane: UserInfo = { name: 'jane', groups: ['devs', 'system:authenticated'] };
const policy = parseAuditPolicy(`
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    resources: [{group: "", resources: [secrets]}]
  - level: RequestResponse
`);

/** What the fake handler of one request does after authentication. */
type Behaviour = (areq: ApiRequest) => Promise<void>;

describe('request audit in the handler chain', () => {
  const events: AuditEvent[] = [];
  let server: Server;
  let port = 0;
  let behaviour: Behaviour = async () => {};
  let authn: AuthenticationResult = { status: 'authenticated', user: jane };

  before(async () => {
    const auditing = new RequestAuditing(
      new Auditor({ policy, sink: { write: (e) => events.push(e) } }),
      () => {},
    );
    server = createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
        const areq: ApiRequest = {
          req,
          res,
          url,
          info,
          startedAt: process.hrtime.bigint(),
          user: anonymousUser,
          warnings: [],
          longRunning: info.verb === 'watch',
        };
        const audit = auditing.begin(areq, authn);
        if (authn.status === 'authenticated') areq.user = authn.user;
        try {
          if (authn.status !== 'authenticated') {
            writeJson(res, 401, { kind: 'Status', code: 401 });
            return;
          }
          audit.authorized({ decision: 'allow', reason: 'RBAC: allowed' });
          await behaviour(areq);
        } catch (err) {
          const status = errorToStatus(err);
          audit.failed(err, status);
          writeJson(res, status.code ?? 500, status);
        } finally {
          audit.complete();
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; auditId: string; text: string }>((resolve, reject) => {
      const r = request(
        {
          port,
          host: '127.0.0.1',
          method,
          path,
          headers: { 'content-type': 'application/json', 'user-agent': 'kubectl/v1.32.0', ...headers },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, auditId: String(res.headers['audit-id']), text }),
          );
        },
      );
      r.on('error', reject);
      r.end(body === undefined || typeof body === 'string' ? body : JSON.stringify(body));
    });

  const take = (): AuditEvent[] => events.splice(0, events.length);

  it('logs request and response objects at RequestResponse, naming the created object', async () => {
    behaviour = async (areq) => {
      const obj = JSON.parse((await readBody(areq.req)).toString()) as Record<string, unknown>;
      writeJson(areq.res, 201, { ...obj, metadata: { name: 'c1', uid: 'u-1' } });
    };
    const cm = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c1' }, data: { a: 'b' } };
    const r = await send('POST', '/api/v1/namespaces/default/configmaps', cm, {
      'x-forwarded-for': '10.0.0.7',
    });
    assert.equal(r.status, 201);
    const [e] = take();
    assert.equal(e!.auditID, r.auditId);
    assert.equal(e!.level, 'RequestResponse');
    assert.equal(e!.stage, 'ResponseComplete');
    assert.equal(e!.verb, 'create');
    assert.deepEqual(e!.sourceIPs, ['10.0.0.7', '127.0.0.1']);
    assert.equal(e!.userAgent, 'kubectl/v1.32.0');
    assert.deepEqual(e!.objectRef, {
      resource: 'configmaps',
      namespace: 'default',
      name: 'c1',
      apiVersion: 'v1',
    });
    assert.deepEqual(e!.requestObject, cm);
    assert.deepEqual(e!.responseObject, { ...cm, metadata: { name: 'c1', uid: 'u-1' } });
    assert.deepEqual(e!.responseStatus, { metadata: {}, code: 201 });
    assert.deepEqual(e!.annotations, {
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed',
    });
  });

  it('logs a served write named in its URL with its body as sent, and parses any other', async () => {
    const before = behaviour;
    behaviour = async (areq) => {
      await readBody(areq.req);
      writeJson(areq.res, 200, { kind: 'ConfigMap' });
    };
    const path = '/api/v1/namespaces/default/configmaps/c1';
    const merge = { 'content-type': 'application/merge-patch+json' };
    const text = '{"data": {"a": "b"},  "metadata":{"labels":{"x":"\\u00e9"}}}';
    await send('PATCH', path, text, merge);
    const [patched] = take();
    const line = auditEventLine(patched!);
    assert.ok(line.includes(`"requestObject":${text},`), line);
    assert.deepEqual(JSON.parse(line).requestObject, JSON.parse(text));
    assert.deepEqual(JSON.parse(JSON.stringify(patched)), JSON.parse(line));
    // A body over two lines cannot stand in one: parsed, and serialized again.
    await send('PUT', path, '{"data":\n{"a":"b"}}');
    const [multiline] = take();
    assert.deepEqual(multiline!.requestObject, { data: { a: 'b' } });
    assert.equal(auditEventLine(multiline!), JSON.stringify(multiline));
    // A failed write's body may not be JSON at all: it is parsed, and left out when it does not parse.
    behaviour = async (areq) => {
      await readBody(areq.req);
      throw badRequest('bad patch');
    };
    await send('PATCH', path, '{"data":', merge);
    const [failed] = take();
    assert.equal(failed!.responseStatus?.code, 400);
    assert.equal(failed!.requestObject, undefined);
    assert.ok(!auditEventLine(failed!).includes('"requestObject"'));
    behaviour = before;
  });

  it('names a secret from its body at Metadata but keeps neither body', async () => {
    const secret = { kind: 'Secret', metadata: { name: 's1' }, data: { password: 'aHVudGVyMg==' } };
    const r = await send('POST', '/api/v1/namespaces/default/secrets', secret);
    assert.equal(r.status, 201);
    const [e] = take();
    assert.equal(e!.level, 'Metadata');
    assert.equal(e!.objectRef?.name, 's1');
    assert.equal(JSON.stringify(e).includes('aHVudGVyMg'), false);
  });

  it('records the Status of a failed request, and a Panic for an unexpected error', async () => {
    behaviour = () => Promise.reject(notFound({ group: '', resource: 'pods' }, 'p'));
    await send('GET', '/api/v1/namespaces/default/pods/p');
    const [failed] = take();
    assert.deepEqual(failed!.responseStatus, {
      metadata: {},
      status: 'Failure',
      message: 'pods "p" not found',
      reason: 'NotFound',
      details: { name: 'p', kind: 'pods' },
      code: 404,
    });
    behaviour = () => Promise.reject(new TypeError('x is undefined'));
    await send('GET', '/api/v1/namespaces/default/pods/p');
    const [panic] = take();
    assert.equal(panic!.stage, 'Panic');
    assert.equal(panic!.responseStatus?.code, 500);
    assert.equal(panic!.responseStatus?.message, "APIServer panic'd: x is undefined");
  });

  it('emits ResponseStarted for a watch when its headers go out, then ResponseComplete', async () => {
    behaviour = async (areq) => {
      areq.res.writeHead(200, { 'content-type': 'application/json' });
      areq.res.write('{"type":"ADDED"}\n');
      await new Promise((r) => setTimeout(r, 10));
      areq.res.end();
    };
    await send('GET', '/api/v1/pods?watch=true');
    const stages = take().map((e) => [e.stage, e.responseStatus?.code, e.responseObject]);
    assert.deepEqual(stages, [
      ['ResponseStarted', 200, undefined],
      ['ResponseComplete', 200, undefined],
    ]);
  });

  it('records the impersonated user, and no user for a rejected credential', async () => {
    behaviour = async (areq) => {
      areq.user = { name: 'bob', groups: ['system:authenticated'] };
      writeJson(areq.res, 200, { kind: 'PodList', items: [] });
    };
    await send('GET', '/api/v1/pods');
    const [e] = take();
    assert.deepEqual(e!.user, { username: 'jane', groups: ['devs', 'system:authenticated'] });
    assert.deepEqual(e!.impersonatedUser, { username: 'bob', groups: ['system:authenticated'] });

    authn = { status: 'rejected', error: 'invalid bearer token' };
    try {
      await send('GET', '/api/v1/pods');
    } finally {
      authn = { status: 'authenticated', user: jane };
    }
    const [rejected] = take();
    assert.deepEqual(rejected!.user, {});
    assert.equal(rejected!.responseStatus?.code, 401);
    assert.equal(rejected!.annotations, undefined);
  });
});
