/**
 * Issue 5, component identities: `k8ts controller-manager --use-service-account-credentials` with
 * a system:kube-controller-manager kubeconfig rolls out a deployment while each controller writes
 * as its own kube-system service account; checked with the real kubectl, that account's token is
 * denied a write outside its system:controller:* role, and so is the manager's own identity.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ensureComponentKubeconfig,
  KUBE_CONTROLLER_MANAGER_IDENTITY,
} from '../../src/apiserver/pki/component-identity.js';
import { kubectl } from '../support/kubectl.js';
import { kubectlSession } from '../support/kubectl-session.js';
import { repoRoot, startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';
import { writeTokenKubeconfig } from '../support/token-kubeconfig.js';

let server: K8tsServer | undefined;
let manager: ChildProcess | undefined;
let managerStderr = '';
let kcmKubeconfig = '';
const admin = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within 20 s; controller manager said:\n${managerStderr}`);
}

before(async () => {
  server = await startK8tsServer();
  const pki = join(server.dataDir, 'pki');
  const creds = await ensureComponentKubeconfig({
    dataDir: server.dataDir,
    server: server.url,
    ca: {
      certPem: await readFile(join(pki, 'ca.crt'), 'utf8'),
      keyPem: await readFile(join(pki, 'ca.key'), 'utf8'),
    },
    identity: KUBE_CONTROLLER_MANAGER_IDENTITY,
  });
  kcmKubeconfig = creds.kubeconfigPath;
  manager = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'k8ts'),
      'controller-manager',
      '--kubeconfig',
      kcmKubeconfig,
      '--use-service-account-credentials',
      '--controllers',
      'deployment,replicaset,serviceaccount,garbage-collector',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, K8TS_LOG_LEVEL: 'warn' } },
  );
  manager.stderr!.on('data', (d: Buffer) => (managerStderr += d.toString()));
});

after(async () => {
  if (manager?.pid !== undefined && manager.exitCode === null) {
    const exited = new Promise((resolve) => manager!.once('exit', resolve));
    process.kill(manager.pid, 'SIGTERM');
    await exited;
  }
  await server?.stop();
});

describe('controller manager with --use-service-account-credentials', () => {
  it('rolls out a deployment, its controllers acting as their service accounts', async () => {
    await admin.ok(['create', 'deployment', 'web', '--image', 'nginx', '--replicas', '2']);
    await eventually(
      async () =>
        (await admin.ok(['get', 'pods', '-l', 'app=web', '-o', 'name'])).stdout.split('\n').length === 3,
      'two pods of the deployment',
    );
    const accounts = await admin.ok(['get', 'serviceaccounts', '-n', 'kube-system', '-o', 'name']);
    assert.match(accounts.stdout, /serviceaccount\/deployment-controller\n/);
    assert.match(accounts.stdout, /serviceaccount\/replicaset-controller\n/);
  });

  it("denies the deployment controller's account a write outside its role", async () => {
    const token = (
      await admin.ok(['create', 'token', 'deployment-controller', '-n', 'kube-system'])
    ).stdout.trim();
    const tokenKubeconfig = join(server!.dataDir, 'deployment-controller.kubeconfig');
    await writeTokenKubeconfig(server!.kubeconfig, token, tokenKubeconfig);
    const whoami = await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], {
      kubeconfig: tokenKubeconfig,
    });
    assert.equal(whoami.stdout, 'system:serviceaccount:kube-system:deployment-controller');
    assert.equal(
      (await kubectl(['get', 'replicasets', '-o', 'name'], { kubeconfig: tokenKubeconfig })).code,
      0,
    );
    const secret = await kubectl(['create', 'secret', 'generic', 'nope', '--from-literal', 'a=b'], {
      kubeconfig: tokenKubeconfig,
    });
    assert.equal(secret.code, 1);
    assert.equal(
      secret.stderr,
      'error: failed to create secret secrets is forbidden: User "system:serviceaccount:kube-system:deployment-controller" cannot create resource "secrets" in API group "" in the namespace "default"\n',
    );
  });

  it("denies the controller manager's own identity a write outside its role", async () => {
    const r = await kubectl(['create', 'deployment', 'nope', '--image', 'nginx'], {
      kubeconfig: kcmKubeconfig,
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'error: failed to create deployment: deployments.apps is forbidden: User "system:kube-controller-manager" cannot create resource "deployments" in API group "apps" in the namespace "default"\n',
    );
  });
});
