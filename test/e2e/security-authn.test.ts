/**
 * Issue 5 acceptance, authentication and RBAC with the real kubectl: a user kubeconfig minted by
 * `k8ts kubeconfig` gets upstream's Forbidden until a RoleBinding to `view`; `auth can-i`
 * (--list, --as) and `auth whoami`; `kubectl create token` tokens used as bearer tokens over HTTPS
 * with the ServiceAccount's permissions, pod-bound tokens dying with their pod, expired and
 * invalid tokens refused; TokenReview; legacy token Secrets, bootstrap tokens and a static token file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { CompactSign, decodeProtectedHeader } from 'jose';
import { createPrivateKey } from 'node:crypto';
import { kubectl } from '../support/kubectl.js';
import { kubectlSession } from '../support/kubectl-session.js';
import { repoRoot, startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';
import { requestWithToken, writeTokenKubeconfig } from '../support/token-kubeconfig.js';

let server: K8tsServer | undefined;
let workDir = '';
const admin = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});
const adminKubeconfig = (): string => server!.kubeconfig;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-authn-'));
  const tokenFile = join(workDir, 'tokens.csv');
  await writeFile(tokenFile, 'static-token-for-bob,bob,uid-bob,"devs,ops"\n');
  // The aggregation controller fills in `view`; the serviceaccount controller makes `default`.
  server = await startK8tsServer({
    controlPlane: true,
    extraArgs: [
      '--disable-scheduler',
      '--controllers',
      'clusterrole-aggregation,serviceaccount',
      '--token-auth-file',
      tokenFile,
    ],
  });
  await eventually(async () => (await admin.run(['get', 'serviceaccount', 'default'])).code === 0);
});
after(async () => {
  await server?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

/** Polls `check` every 100 ms until it holds (10 s at most), for what controllers do in the background. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met within 10 s');
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

async function createToken(args: string[]): Promise<string> {
  const { stdout } = await admin.ok(['create', 'token', ...args]);
  return stdout.trim();
}

describe('a user kubeconfig from k8ts kubeconfig', () => {
  let jane = '';
  const asJane = (args: string[]) => kubectl(args, { kubeconfig: jane });

  before(async () => {
    jane = join(workDir, 'jane.kubeconfig');
    await promisify(execFile)(process.execPath, [
      join(repoRoot, 'bin', 'k8ts'),
      'kubeconfig',
      '--data-dir',
      server!.dataDir,
      '--user',
      'jane',
      '--out',
      jane,
    ]);
  });

  it('is forbidden with upstream message until bound to view; create stays forbidden', async () => {
    const denied = await asJane(['get', 'pods']);
    assert.equal(denied.code, 1);
    assert.equal(
      denied.stderr,
      'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    await admin.ok(['create', 'rolebinding', 'jane-view', '--clusterrole', 'view', '--user', 'jane']);
    // `view` holds its rules once the aggregation controller has copied them in.
    await eventually(
      async () => (await admin.run(['auth', 'can-i', 'list', 'pods', '--as', 'jane'])).code === 0,
    );
    const allowed = await asJane(['get', 'pods']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(allowed.stderr, 'No resources found in default namespace.\n');
    const create = await asJane(['run', 'web', '--image', 'nginx']);
    assert.equal(create.code, 1);
    assert.equal(
      create.stderr,
      'Error from server (Forbidden): pods is forbidden: User "jane" cannot create resource "pods" in API group "" in the namespace "default"\n',
    );
  });

  it('lists its rules with auth can-i --list and reads who it is with auth whoami', async () => {
    const list = await asJane(['auth', 'can-i', '--list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/m);
    assert.match(list.stdout, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.match(list.stdout, /^selfsubjectreviews\.authentication\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    const whoami = await asJane(['auth', 'whoami']);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.match(whoami.stdout, /^Username\s+jane$/m);
    assert.match(whoami.stdout, /^Groups\s+\[system:authenticated\]$/m);
  });

  it('auth can-i --as answers for another user', async () => {
    const no = await admin.run(['auth', 'can-i', 'create', 'deployments', '--as', 'jane']);
    assert.equal(no.stdout, 'no\n');
    assert.equal(no.code, 1);
    const yes = await admin.run(['auth', 'can-i', 'list', 'pods', '--as', 'jane']);
    assert.equal(yes.stdout, 'yes\n');
  });
});

describe('kubectl create token', () => {
  it('issues a JWT with upstream claims that authenticates with the ServiceAccount permissions', async () => {
    const token = await createToken(['default']);
    const c = claims(token);
    const sa = await admin.yaml(['serviceaccount', 'default']);
    const uid = (sa['metadata'] as { uid: string }).uid;
    assert.deepEqual(Object.keys(c), ['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    assert.equal(c['iss'], 'https://kubernetes.default.svc.cluster.local');
    assert.deepEqual(c['aud'], ['https://kubernetes.default.svc.cluster.local']);
    assert.equal(c['sub'], 'system:serviceaccount:default:default');
    assert.equal((c['exp'] as number) - (c['iat'] as number), 3600);
    assert.deepEqual(c['kubernetes.io'], { namespace: 'default', serviceaccount: { name: 'default', uid } });

    const before = await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', token);
    assert.equal(before.status, 403);
    assert.equal(
      before.body['message'],
      'pods is forbidden: User "system:serviceaccount:default:default" cannot list resource "pods" in API group "" in the namespace "default"',
    );
    await admin.ok([
      'create',
      'rolebinding',
      'sa-view',
      '--clusterrole',
      'view',
      '--serviceaccount',
      'default:default',
    ]);
    const after = await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', token);
    assert.equal(after.status, 200);
    assert.equal(after.body['kind'], 'PodList');

    const kubeconfig = join(workDir, 'sa.kubeconfig');
    await writeTokenKubeconfig(adminKubeconfig(), token, kubeconfig);
    const whoami = await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], {
      kubeconfig,
    });
    assert.equal(whoami.stdout, 'system:serviceaccount:default:default');
  });

  it('honours --duration and --audience, and refuses durations under 10 minutes', async () => {
    const long = claims(await createToken(['default', '--duration', '2h']));
    assert.equal((long['exp'] as number) - (long['iat'] as number), 7200);
    const short = await admin.run(['create', 'token', 'default', '--duration', '5m']);
    assert.equal(short.code, 1);
    assert.equal(
      short.stderr,
      'error: failed to create token: TokenRequest.authentication.k8s.io "default" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n',
    );
    const missing = await admin.run(['create', 'token', 'nobody']);
    assert.equal(missing.stderr, 'error: failed to create token: serviceaccounts "nobody" not found\n');

    const other = await createToken(['default', '--audience', 'vault']);
    assert.deepEqual(claims(other)['aud'], ['vault']);
    // A token for another audience is no good against the API itself.
    const refused = await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', other);
    assert.equal(refused.status, 401);
  });

  it('binds a token to a pod: it names the pod and stops working once the pod is deleted', async () => {
    await admin.ok(['run', 'bound', '--image', 'nginx']);
    const pod = await admin.yaml(['pod', 'bound']);
    const token = await createToken([
      'default',
      '--bound-object-kind',
      'Pod',
      '--bound-object-name',
      'bound',
    ]);
    const k8s = claims(token)['kubernetes.io'] as Record<string, unknown>;
    assert.deepEqual(k8s['pod'], { name: 'bound', uid: (pod['metadata'] as { uid: string }).uid });
    const alive = await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', token);
    assert.equal(alive.status, 200);
    // No kubelet runs here, so the pod is removed at once only when forced.
    await admin.ok(['delete', 'pod', 'bound', '--grace-period=0', '--force']);
    const dead = await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', token);
    assert.equal(dead.status, 401);
    assert.equal(dead.body['message'], 'Unauthorized');

    const unknown = await admin.run([
      'create',
      'token',
      'default',
      '--bound-object-kind',
      'Pod',
      '--bound-object-name',
      'gone',
    ]);
    assert.equal(unknown.stderr, 'error: failed to create token: pods "gone" not found\n');
  });

  it('binds a token to a secret that it cannot outlive', async () => {
    await admin.ok(['create', 'secret', 'generic', 'anchor', '--from-literal', 'a=b']);
    const token = await createToken([
      'default',
      '--bound-object-kind',
      'Secret',
      '--bound-object-name',
      'anchor',
    ]);
    assert.equal(
      (await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', token)).status,
      200,
    );
    await admin.ok(['delete', 'secret', 'anchor']);
    assert.equal(
      (await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', token)).status,
      401,
    );
  });

  it('rejects an expired token signed with the server key, and any token on /version', async () => {
    const issued = await createToken(['default']);
    const key = createPrivateKey(await readFile(join(server!.dataDir, 'pki', 'sa.key'), 'utf8'));
    const sign = (payload: Record<string, unknown>) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(issued).kid! })
        .sign(key);
    const now = Math.floor(Date.now() / 1000);
    // The same claims re-signed here are accepted: the key and claims are right, only time differs.
    const fresh = await sign({ ...claims(issued), iat: now, nbf: now, exp: now + 600 });
    assert.equal(
      (await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', fresh)).status,
      200,
    );
    const expired = await sign({ ...claims(issued), iat: now - 7200, nbf: now - 7200, exp: now - 3600 });
    const refused = await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', expired);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    assert.equal((await requestWithToken(adminKubeconfig(), '/version', 'not-a-token')).status, 401);
  });
});

describe('TokenReview', () => {
  const review = (token: string, audiences?: string[]) =>
    admin.run(['create', '--validate=false', '-o', 'json', '-f', '-'], {
      stdin: JSON.stringify({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        spec: { token, ...(audiences ? { audiences } : {}) },
      }),
    });

  it('authenticates a service account token with its user and audiences', async () => {
    const token = await createToken(['default']);
    const out = await review(token);
    assert.equal(out.code, 0, out.stderr);
    const status = (JSON.parse(out.stdout) as { status: Record<string, unknown> }).status;
    assert.equal(status['authenticated'], true);
    assert.deepEqual(status['audiences'], ['https://kubernetes.default.svc.cluster.local']);
    const user = status['user'] as Record<string, unknown>;
    assert.equal(user['username'], 'system:serviceaccount:default:default');
    assert.deepEqual(user['groups'], [
      'system:serviceaccounts',
      'system:serviceaccounts:default',
      'system:authenticated',
    ]);
    assert.match(
      (user['extra'] as Record<string, string[]>)['authentication.kubernetes.io/credential-id']![0]!,
      /^JTI=/,
    );
  });

  it('reports why a token is refused', async () => {
    const vault = await createToken(['default', '--audience', 'vault']);
    const ok = JSON.parse((await review(vault, ['vault'])).stdout) as { status: Record<string, unknown> };
    assert.equal(ok.status['authenticated'], true);
    assert.deepEqual(ok.status['audiences'], ['vault']);
    const wrong = JSON.parse((await review(vault)).stdout) as { status: Record<string, unknown> };
    assert.deepEqual(wrong.status, {
      user: {},
      error:
        'token audiences ["vault"] is invalid for the target audiences ["https://kubernetes.default.svc.cluster.local"]',
    });
    const junk = JSON.parse((await review('junk')).stdout) as { status: Record<string, unknown> };
    assert.deepEqual(junk.status, { user: {}, error: 'invalid bearer token' });
  });
});

describe('other bearer tokens', () => {
  it('accepts the static token file as upstream --token-auth-file', async () => {
    const kubeconfig = join(workDir, 'bob.kubeconfig');
    await writeTokenKubeconfig(adminKubeconfig(), 'static-token-for-bob', kubeconfig);
    const whoami = await kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig });
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.deepEqual((JSON.parse(whoami.stdout) as { status: unknown }).status, {
      userInfo: { username: 'bob', uid: 'uid-bob', groups: ['devs', 'ops', 'system:authenticated'] },
    });
  });

  it('fills in a service account token Secret made by hand; its legacy token works until the Secret goes', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'default-token', annotations: { 'kubernetes.io/service-account.name': 'default' } },
      type: 'kubernetes.io/service-account-token',
    };
    await admin.ok(['create', '-f', '-'], { stdin: JSON.stringify(secret) });
    let token = '';
    await eventually(async () => {
      token = Buffer.from(
        await admin.jsonpath(['secret', 'default-token'], '{.data.token}'),
        'base64',
      ).toString();
      return token !== '';
    });
    assert.equal(claims(token)['iss'], 'kubernetes/serviceaccount');
    assert.equal(
      Buffer.from(
        await admin.jsonpath(['secret', 'default-token'], '{.data.namespace}'),
        'base64',
      ).toString(),
      'default',
    );
    const kubeconfig = join(workDir, 'legacy.kubeconfig');
    await writeTokenKubeconfig(adminKubeconfig(), token, kubeconfig);
    const whoami = await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], {
      kubeconfig,
    });
    assert.equal(whoami.stdout, 'system:serviceaccount:default:default', whoami.stderr);
    await admin.ok(['delete', 'secret', 'default-token']);
    assert.equal(
      (await requestWithToken(adminKubeconfig(), '/api/v1/namespaces/default/pods', token)).status,
      401,
    );
  });

  it('accepts a bootstrap token from its kube-system Secret, and not once the Secret is gone', async () => {
    await admin.ok([
      'create',
      'secret',
      'generic',
      'bootstrap-token-abcdef',
      '-n',
      'kube-system',
      '--type',
      'bootstrap.kubernetes.io/token',
      '--from-literal',
      'token-id=abcdef',
      '--from-literal',
      'token-secret=0123456789abcdef',
      '--from-literal',
      'usage-bootstrap-authentication=true',
    ]);
    const kubeconfig = join(workDir, 'bootstrap.kubeconfig');
    await writeTokenKubeconfig(adminKubeconfig(), 'abcdef.0123456789abcdef', kubeconfig);
    const whoami = await kubectl(['auth', 'whoami', '-o', 'json'], { kubeconfig });
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.deepEqual((JSON.parse(whoami.stdout) as { status: unknown }).status, {
      userInfo: {
        username: 'system:bootstrap:abcdef',
        groups: ['system:bootstrappers', 'system:authenticated'],
      },
    });
    await admin.ok(['delete', 'secret', 'bootstrap-token-abcdef', '-n', 'kube-system']);
    const gone = await kubectl(['auth', 'whoami'], { kubeconfig });
    assert.equal(gone.code, 1);
    assert.equal(gone.stderr, 'error: You must be logged in to the server (Unauthorized)\n');
  });
});
