/**
 * Issue 5, the CertificateSigningRequest API with the real kubectl: a user's key and request are
 * applied, `kubectl get csr` shows them Pending, `kubectl certificate approve` lets the csrsigning
 * controller (run here from the controller manager code with the cluster CA) issue a certificate
 * that authenticates as the user; `kubectl certificate deny` leaves a request without one; a
 * request for system:masters from the kube-apiserver-client signer is refused.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { generateTestRequest, type TestRequest } from '../../src/api/certificates/testing/test-requests.js';
import { KubeClient } from '../../src/client/index.js';
import { runControllerManager } from '../../src/controllers/controller-manager.js';
import { createLogger } from '../../src/base/logger.js';
import { kubectl } from '../support/kubectl.js';
import { parseTable } from '../support/kubectl-output.js';
import { kubectlSession } from '../support/kubectl-session.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';
import { clusterOf } from '../support/token-kubeconfig.js';

let server: K8tsServer | undefined;
let workDir = '';
let client: KubeClient | undefined;
let controllerManager: Promise<void> | undefined;
const stopControllers = new AbortController();
const admin = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-csr-'));
  server = await startK8tsServer();
  client = await KubeClient.fromKubeconfig({ path: server.kubeconfig, component: 'kube-controller-manager' });
  controllerManager = runControllerManager({
    client,
    controllers: ['csrsigning', 'csrapproving', 'csrcleaner'],
    settings: {
      clusterSigning: {
        certFile: join(server.dataDir, 'pki', 'ca.crt'),
        keyFile: join(server.dataDir, 'pki', 'ca.key'),
      },
    },
    log: createLogger('controller-manager', { write: () => {} }),
    signal: stopControllers.signal,
  });
});
after(async () => {
  stopControllers.abort();
  await controllerManager;
  client?.close();
  await server?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

/** Polls `check` every 100 ms until it holds (15 s at most). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met within 15 s');
}

/** Generates a key and request for `user` in `groups` and writes the CertificateSigningRequest manifest. */
async function requestFor(name: string, groups: string[]): Promise<{ file: string; request: TestRequest }> {
  const request = await generateTestRequest({ commonName: name, organizations: groups });
  const file = join(workDir, `${name}-csr.yaml`);
  await writeFile(
    file,
    stringify({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name },
      spec: {
        request: Buffer.from(request.pem).toString('base64'),
        signerName: 'kubernetes.io/kube-apiserver-client',
        expirationSeconds: 86400,
        usages: ['client auth'],
      },
    }),
  );
  return { file, request };
}

/** The row of `kubectl get csr <name>`, by column. */
async function csrRow(name: string): Promise<Record<string, string>> {
  const table = parseTable((await admin.ok(['get', 'csr', name])).stdout);
  assert.deepEqual(table.columns, [
    'NAME',
    'AGE',
    'SIGNERNAME',
    'REQUESTOR',
    'REQUESTEDDURATION',
    'CONDITION',
  ]);
  return table.records[0]!;
}

const issuedCertificate = (name: string) => admin.jsonpath(['csr', name], '{.status.certificate}');

describe('kubectl and CertificateSigningRequests', () => {
  let bob: TestRequest | undefined;

  it('applies a request for bob; get csr shows it Pending with its signer and requestor', async () => {
    const { file, request } = await requestFor('bob', ['devs']);
    bob = request;
    const { stdout } = await admin.ok(['apply', '-f', file]);
    assert.equal(stdout.trim(), 'certificatesigningrequest.certificates.k8s.io/bob created');
    const row = await csrRow('bob');
    assert.equal(row['NAME'], 'bob');
    assert.equal(row['SIGNERNAME'], 'kubernetes.io/kube-apiserver-client');
    assert.equal(row['REQUESTOR'], 'kubernetes-admin');
    assert.equal(row['REQUESTEDDURATION'], '24h');
    assert.equal(row['CONDITION'], 'Pending');
    assert.equal(await issuedCertificate('bob'), '');
  });

  it('certificate approve gets bob a certificate that authenticates as bob', async () => {
    const { stdout } = await admin.ok(['certificate', 'approve', 'bob']);
    assert.equal(stdout.trim(), 'certificatesigningrequest.certificates.k8s.io/bob approved');
    await eventually(async () => (await issuedCertificate('bob')) !== '');
    assert.equal((await csrRow('bob'))['CONDITION'], 'Approved,Issued');

    const { server: url, caPem } = await clusterOf(server!.kubeconfig);
    const bobKubeconfig = join(workDir, 'bob.kubeconfig');
    await writeFile(
      bobKubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'k8ts',
            cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
          },
        ],
        users: [
          {
            name: 'bob',
            user: {
              'client-certificate-data': await issuedCertificate('bob'),
              'client-key-data': Buffer.from(bob!.keyPem).toString('base64'),
            },
          },
        ],
        contexts: [{ name: 'bob', context: { cluster: 'k8ts', user: 'bob' } }],
        'current-context': 'bob',
      }),
    );
    const whoami = await kubectl(['auth', 'whoami'], { kubeconfig: bobKubeconfig });
    assert.equal(whoami.code, 0, whoami.stderr);
    const table = parseTable(whoami.stdout);
    assert.deepEqual(table.rows, [
      ['Username', 'bob'],
      ['Groups', '[devs system:authenticated]'],
    ]);
  });

  it('certificate deny leaves a request Denied and without a certificate', async () => {
    const { file } = await requestFor('carol', ['devs']);
    await admin.ok(['apply', '-f', file]);
    const { stdout } = await admin.ok(['certificate', 'deny', 'carol']);
    assert.equal(stdout.trim(), 'certificatesigningrequest.certificates.k8s.io/carol denied');
    // A request approved afterwards is issued, so the signer has looked at carol's by then.
    await admin.ok(['apply', '-f', (await requestFor('dave', [])).file]);
    await admin.ok(['certificate', 'approve', 'dave']);
    await eventually(async () => (await issuedCertificate('dave')) !== '');
    assert.equal((await csrRow('carol'))['CONDITION'], 'Denied');
    assert.equal(await issuedCertificate('carol'), '');
    const again = await admin.run(['certificate', 'approve', 'carol']);
    assert.notEqual(again.code, 0);
  });

  it('refuses a kube-apiserver-client request for system:masters', async () => {
    const { file } = await requestFor('mallory', ['system:masters']);
    const { code, stderr } = await admin.run(['apply', '-f', file]);
    assert.equal(code, 1);
    assert.equal(
      stderr.trim(),
      `Error from server (Forbidden): error when creating "${file}": certificatesigningrequests.certificates.k8s.io "mallory" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed`,
    );
    assert.notEqual((await admin.run(['get', 'csr', 'mallory'])).code, 0);
  });

  it('reports invalid requests with upstream field errors', async () => {
    const { code, stderr } = await admin.run(['create', '-f', '-'], {
      stdin: stringify({
        apiVersion: 'certificates.k8s.io/v1',
        kind: 'CertificateSigningRequest',
        metadata: { name: 'broken' },
        spec: {
          request: Buffer.from('hi').toString('base64'),
          signerName: 'example',
          usages: ['client auth'],
        },
      }),
    });
    assert.equal(code, 1);
    assert.equal(
      stderr.trim(),
      [
        'The CertificateSigningRequest "broken" is invalid: ',
        '* spec.request: Invalid value: []byte{0x68, 0x69}: PEM block type must be CERTIFICATE REQUEST',
        '* spec.signerName: Invalid value: "example": must be a fully qualified domain and path of the form \'example.com/signer-name\'',
      ].join('\n'),
    );
  });
});
