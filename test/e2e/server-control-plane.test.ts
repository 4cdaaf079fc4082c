/**
 * `k8ts server` runs the whole control plane in one process, as k3s does: with simulated nodes, a
 * Deployment created with kubectl is scheduled, its pods run and `kubectl rollout status` returns;
 * node-ipam hands out podCIDRs; the service-account and root-CA controllers fill new namespaces.
 * The embedded components can be switched off, and an unknown controller name is refused.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { eventually } from '../../src/client/testing/eventually.js';
import { e2eCertificateRequestPem } from '../support/e2e-certificate-request.js';
import { kubectlOk } from '../support/kubectl.js';
import { parseTable } from '../support/kubectl-output.js';
import { repoRoot, startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const run = promisify(execFile);
let server: K8tsServer | undefined;

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const ok = (args: string[]) => kubectlOk(args, { kubeconfig: kubeconfig() });

before(async () => {
  server = await startK8tsServer({
    controlPlane: true,
    extraArgs: ['--node-runtime', 'sim', '--sim-nodes', '2'],
  });
});

after(async () => {
  await server?.stop();
});

describe('k8ts server with its embedded control plane', () => {
  it('schedules and runs a Deployment: rollout status completes and pods spread over the nodes', async () => {
    await ok(['create', 'deployment', 'web', '--image=registry.local/toolbox:1', '--replicas=4']);
    const status = await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.match(status.stdout, /deployment "web" successfully rolled out/);
    const pods = parseTable((await ok(['get', 'pods', '-o', 'wide', '-l', 'app=web'])).stdout).records;
    assert.equal(pods.length, 4);
    for (const p of pods) {
      assert.equal(p['STATUS'], 'Running');
      assert.match(p['NODE'] ?? '', /^sim-node-[01]$/);
    }
    // Balanced allocation and spreading put pods on both nodes.
    assert.equal(new Set(pods.map((p) => p['NODE'])).size, 2);
  });

  it('node-ipam gives every node a podCIDR from the cluster CIDR', async () => {
    const cidrs = (await ok(['get', 'nodes', '-o', 'jsonpath={.items[*].spec.podCIDR}'])).stdout.split(' ');
    assert.deepEqual(cidrs.sort(), ['10.42.0.0/24', '10.42.1.0/24']);
  });

  it('a new namespace gets its default ServiceAccount and kube-root-ca.crt', async () => {
    await ok(['create', 'namespace', 'fresh']);
    await eventually(async () => {
      assert.equal(
        (await ok(['get', 'sa', 'default', '-n', 'fresh', '-o', 'name'])).stdout.trim(),
        'serviceaccount/default',
      );
      const ca = (
        await ok(['get', 'cm', 'kube-root-ca.crt', '-n', 'fresh', '-o', 'jsonpath={.data.ca\\.crt}'])
      ).stdout;
      assert.match(ca, /^-----BEGIN CERTIFICATE-----/);
    }, 15_000);
  });
});

describe('the embedded controller manager signs with the cluster CA', () => {
  it('an approved kube-apiserver-client CSR is issued a certificate', async () => {
    const csr = JSON.stringify({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: 'e2e-user' },
      spec: {
        request: Buffer.from(e2eCertificateRequestPem).toString('base64'),
        signerName: 'kubernetes.io/kube-apiserver-client',
        usages: ['client auth'],
      },
    });
    await kubectlOk(['create', '-f', '-'], { kubeconfig: kubeconfig(), stdin: csr });
    await ok(['certificate', 'approve', 'e2e-user']);
    await eventually(async () => {
      const row = parseTable((await ok(['get', 'csr', 'e2e-user'])).stdout).records[0];
      assert.equal(row?.['CONDITION'], 'Approved,Issued');
    }, 15_000);
    const cert = (await ok(['get', 'csr', 'e2e-user', '-o', 'jsonpath={.status.certificate}'])).stdout;
    assert.match(Buffer.from(cert, 'base64').toString(), /^-----BEGIN CERTIFICATE-----/);
  });
});

describe('choosing the embedded components', () => {
  it('refuses an unknown controller name before starting', async () => {
    const result = await run(
      process.execPath,
      [join(repoRoot, 'bin', 'k8ts'), 'server', '--controllers', '*,no-such'],
      {
        cwd: repoRoot,
      },
    ).then(
      () => assert.fail('server started'),
      (err: { code: number; stderr: string }) => err,
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /"no-such" is not in the list of known controllers/);
  });

  it('without the scheduler, pods stay Pending', async () => {
    const bare = await startK8tsServer({
      controlPlane: true,
      extraArgs: ['--disable-scheduler', '--node-runtime', 'sim', '--sim-nodes', '1'],
    });
    try {
      const k = (args: string[]) => kubectlOk(args, { kubeconfig: bare.kubeconfig });
      await eventually(async () => {
        await k(['get', 'sa', 'default']);
      }, 15_000);
      await k(['run', 'lonely', '--image=registry.local/toolbox:1']);
      await new Promise((r) => setTimeout(r, 2000));
      const phase = (await k(['get', 'pod', 'lonely', '-o', 'jsonpath={.status.phase}'])).stdout;
      assert.equal(phase, 'Pending');
      assert.equal((await k(['get', 'pod', 'lonely', '-o', 'jsonpath={.spec.nodeName}'])).stdout, '');
    } finally {
      await bare.stop();
    }
  });
});
