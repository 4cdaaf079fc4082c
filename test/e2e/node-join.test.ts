/**
 * A node joining by TLS bootstrap, as kubeadm and k3s nodes do: `k8ts server` makes a bootstrap
 * token (DATA_DIR/token), publishes a signed cluster-info and the joining RBAC; `k8ts agent
 * --node-runtime sim --server URL --token TOKEN` verifies cluster-info with the token, gets a node
 * client certificate through a CSR that csrapproving approves, and runs its simulated node as
 * system:node:<name> — so the Node authorizer and NodeRestriction hold it to its own objects.
 */
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { eventually } from '../../src/client/testing/eventually.js';
import { nodeNetwork } from '../../src/kubelet/containerd-kubelet.js';
import {
  canRunContainers,
  freeSubnet,
  nodeFootprintLeft,
  removeNodeFootprint,
  type NodeFootprint,
} from '../support/containerd-node.js';
import { runK8tsAgent, startK8tsAgent, type K8tsAgent } from '../support/k8ts-agent.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';
import { kubectl, kubectlOk } from '../support/kubectl.js';
import { ensureTestImages, testImages } from '../support/test-images.js';

const containerSkip = canRunContainers
  ? false
  : 'needs root (CI runs as root): real containerd, netns and iptables';

let server: K8tsServer | undefined;
let agent: K8tsAgent | undefined;
let workDir = '';
const nodeName = 'joined-1';

function srv(): K8tsServer {
  if (server === undefined) throw new Error('server did not start');
  return server;
}
const admin = (args: string[]) => kubectlOk(args, { kubeconfig: srv().kubeconfig });
const agentDir = () => join(workDir, 'agent');
const nodeKubeconfig = () => join(agentDir(), 'kubelet.kubeconfig');
const asNode = (args: string[]) => kubectl(args, { kubeconfig: nodeKubeconfig() });
const token = async () => (await readFile(join(srv().dataDir, 'token'), 'utf8')).trim();

/** kubeadm's --discovery-token-ca-cert-hash of the server's CA. */
async function caCertHash(): Promise<string> {
  const ca = new X509Certificate(await readFile(join(srv().dataDir, 'pki', 'ca.crt')));
  const spki = ca.publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}

/** GET `path` with no credentials at all, trusting the server's CA. */
async function anonymousGet(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const ca = await readFile(join(srv().dataDir, 'pki', 'ca.crt'), 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, srv().url), { ca, headers: { accept: 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** `k8ts agent` flags for the node under test (`dataDir` defaults to its own directory). */
const agentArgs = (extra: string[], dataDir = agentDir()) => [
  '--node-runtime',
  'sim',
  '--server',
  srv().url,
  '--node-name',
  nodeName,
  '--data-dir',
  dataDir,
  ...extra,
];

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-node-join-'));
  server = await startK8tsServer({
    // SQLite: a restarted server keeps its objects, as a real one does.
    datastore: 'sqlite',
    controlPlane: true,
    extraArgs: ['--node-runtime', 'sim', '--sim-nodes', '0'],
  });
});

after(async () => {
  await agent?.stop();
  await server?.stop();
  await rm(workDir, { recursive: true, force: true });
});

describe('joining a node with a bootstrap token', () => {
  it('k8ts server keeps its join token private in DATA_DIR/token and signs cluster-info with it', async () => {
    const t = await token();
    assert.match(t, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    assert.equal((await stat(join(srv().dataDir, 'token'))).mode & 0o777, 0o600);
    const id = t.slice(0, 6);
    const secret = JSON.parse(
      (await admin(['get', 'secret', '-n', 'kube-system', `bootstrap-token-${id}`, '-o', 'json'])).stdout,
    ) as {
      type: string;
      data: Record<string, string>;
    };
    assert.equal(secret.type, 'bootstrap.kubernetes.io/token');
    const decoded = (k: string) => Buffer.from(secret.data[k] ?? '', 'base64').toString();
    assert.deepEqual(
      ['usage-bootstrap-authentication', 'usage-bootstrap-signing', 'auth-extra-groups'].map(decoded),
      ['true', 'true', 'system:bootstrappers:k8ts:default-node-token'],
    );
    const signature = await eventually(async () => {
      const out = await admin([
        'get',
        'cm',
        '-n',
        'kube-public',
        'cluster-info',
        '-o',
        `jsonpath={.data.jws-kubeconfig-${id}}`,
      ]);
      assert.match(out.stdout, /^eyJ[\w-]+\.\.[\w-]+$/);
      return out.stdout;
    });
    assert.ok(signature);
  });

  it('bootstrapsigner signs for each signing token and drops stale signatures; tokencleaner deletes expired tokens', async () => {
    const tokenSecret = (id: string, extra: string[]) => [
      'create',
      'secret',
      'generic',
      `bootstrap-token-${id}`,
      '-n',
      'kube-system',
      '--type',
      'bootstrap.kubernetes.io/token',
      `--from-literal=token-id=${id}`,
      '--from-literal=token-secret=0123456789abcdef',
      ...extra,
    ];
    const signatures = async () =>
      Object.keys(
        (
          JSON.parse(
            (await admin(['get', 'cm', '-n', 'kube-public', 'cluster-info', '-o', 'json'])).stdout,
          ) as {
            data: Record<string, string>;
          }
        ).data,
      )
        .filter((k) => k.startsWith('jws-kubeconfig-'))
        .sort();
    const own = `jws-kubeconfig-${(await token()).slice(0, 6)}`;
    await admin(tokenSecret('second', ['--from-literal=usage-bootstrap-signing=true']));
    await eventually(async () => assert.deepEqual(await signatures(), [own, 'jws-kubeconfig-second'].sort()));
    await admin(['delete', 'secret', '-n', 'kube-system', 'bootstrap-token-second']);
    await eventually(async () => assert.deepEqual(await signatures(), [own]));

    await admin(tokenSecret('expire', ['--from-literal=expiration=2020-01-01T00:00:00Z']));
    await eventually(async () => {
      const gone = await kubectl(['get', 'secret', '-n', 'kube-system', 'bootstrap-token-expire'], {
        kubeconfig: srv().kubeconfig,
      });
      assert.match(gone.stderr, /NotFound/);
    });
  });

  it('anyone may read cluster-info without credentials, and nothing else', async () => {
    const info = await anonymousGet('/api/v1/namespaces/kube-public/configmaps/cluster-info');
    assert.equal(info.status, 200);
    assert.match(
      String((info.body['data'] as Record<string, string>)['kubeconfig']),
      /certificate-authority-data/,
    );
    const secrets = await anonymousGet('/api/v1/namespaces/kube-system/secrets');
    assert.equal(secrets.status, 403);
    assert.equal(
      secrets.body['message'],
      'secrets is forbidden: User "system:anonymous" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
    );
  });

  it('a wrong token secret fails the join with a clear message', async () => {
    const id = (await token()).slice(0, 6);
    const wrong = await runK8tsAgent(
      agentArgs(['--token', `${id}.0000000000000000`], join(workDir, 'wrong')),
    );
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.stderr,
      new RegExp(
        `k8ts agent: cannot join https://127\\.0\\.0\\.1:\\d+: cluster-info's signature for token id "${id}" does not match the token: the token secret is wrong`,
      ),
    );
    const malformed = await runK8tsAgent(agentArgs(['--token', 'not-a-token'], join(workDir, 'wrong')));
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /--token is not a bootstrap token/);
  });

  it('the agent joins and its node becomes Ready under its own identity', async () => {
    agent = await startK8tsAgent(agentArgs(['--token', await token(), '--ca-cert-hash', await caCertHash()]));
    await eventually(
      async () => {
        const node = JSON.parse((await admin(['get', 'node', nodeName, '-o', 'json'])).stdout) as Node;
        assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
      },
      20_000,
      200,
    );
    const table = (await admin(['get', 'nodes'])).stdout;
    assert.match(table, new RegExp(`^${nodeName}\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.32\\.4$`, 'm'));
    const csrs = (
      await admin([
        'get',
        'csr',
        '-o',
        'jsonpath={range .items[*]}{.spec.username} {.spec.signerName} {.status.conditions[*].type}{"\\n"}{end}',
      ])
    ).stdout;
    assert.match(
      csrs,
      /^system:bootstrap:[a-z0-9]{6} kubernetes\.io\/kube-apiserver-client-kubelet Approved$/m,
    );
    assert.equal((await stat(nodeKubeconfig())).mode & 0o777, 0o600);
    const whoami = await asNode([
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo.username} {.status.userInfo.groups}',
    ]);
    assert.equal(
      whoami.stdout,
      `system:node:${nodeName} ["system:nodes","system:authenticated"]`,
      whoami.stderr,
    );
  });

  it('runs a pod bound to the joined node', async () => {
    await admin([
      'run',
      'on-joined',
      '--image',
      'registry.local/app:1',
      '--overrides',
      JSON.stringify({ spec: { nodeName } }),
    ]);
    await eventually(
      async () => {
        const pod = JSON.parse((await admin(['get', 'pod', 'on-joined', '-o', 'json'])).stdout) as Pod;
        assert.equal(pod.status?.phase, 'Running');
        assert.equal(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
        assert.match(pod.status?.podIP ?? '', /^10\.42\.\d+\.\d+$/);
      },
      20_000,
      200,
    );
  });

  it("the node's credentials cannot touch another node, only its own", async () => {
    const other = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'someone-else' } };
    await kubectlOk(['create', '-f', '-'], { kubeconfig: srv().kubeconfig, stdin: JSON.stringify(other) });
    const patched = await asNode([
      'patch',
      'node',
      'someone-else',
      '-p',
      '{"metadata":{"labels":{"x":"y"}}}',
    ]);
    assert.equal(patched.code, 1);
    assert.match(
      patched.stderr,
      /^Error from server \(Forbidden\): nodes "someone-else" is forbidden: User "system:node:joined-1"/,
    );
    // A write that skips the read reaches NodeRestriction, which refuses it too.
    const body = join(workDir, 'someone-else.json');
    await writeFile(body, (await admin(['get', 'node', 'someone-else', '-o', 'json'])).stdout);
    const replaced = await asNode(['replace', '--raw', '/api/v1/nodes/someone-else', '-f', body]);
    assert.equal(replaced.code, 1);
    assert.match(replaced.stderr, /Forbidden.*node "joined-1" is not allowed to modify node "someone-else"/);
    const own = await asNode(['label', 'node', nodeName, 'example.com/team=blue']);
    assert.equal(own.stdout, `node/${nodeName} labeled\n`, own.stderr);
  });

  it('a restarted agent reuses its credentials without the token', async () => {
    await agent?.stop();
    agent = await startK8tsAgent(agentArgs([]));
    assert.match(agent.stderr(), /using the node credentials of an earlier bootstrap/);
    const csrs = (await admin(['get', 'csr', '-o', 'name'])).stdout.trim().split('\n');
    assert.equal(csrs.length, 1, 'no second certificate request');
    await eventually(async () => {
      const lease = (
        await admin([
          'get',
          'lease',
          '-n',
          'kube-node-lease',
          nodeName,
          '-o',
          'jsonpath={.spec.holderIdentity}',
        ])
      ).stdout;
      assert.equal(lease, nodeName);
    });
  });

  it('a restarted server keeps its token and the joined node carries on', async () => {
    const before = await token();
    await srv().restart();
    assert.equal(await token(), before);
    assert.doesNotMatch(srv().stderr(), /node joining is not set up/);
    const id = before.slice(0, 6);
    await eventually(async () => {
      const info = await anonymousGet('/api/v1/namespaces/kube-public/configmaps/cluster-info');
      assert.match(String((info.body['data'] as Record<string, string>)[`jws-kubeconfig-${id}`]), /^eyJ/);
    });
    await eventually(
      async () => {
        const lease = JSON.parse(
          (await admin(['get', 'lease', '-n', 'kube-node-lease', nodeName, '-o', 'json'])).stdout,
        ) as { spec?: { renewTime?: string } };
        assert.ok(Date.parse(lease.spec?.renewTime ?? '') > Date.now() - 5000, 'the lease is renewed again');
      },
      20_000,
      250,
    );
  });
});

describe('a node joining on containerd (the default runtime)', { skip: containerSkip }, () => {
  let ctrServer: K8tsServer | undefined;
  let ctrAgent: K8tsAgent | undefined;
  let footprint: NodeFootprint | undefined;
  const ctrNode = 'joined-ctr';
  const ctrAdmin = (args: string[]) => kubectlOk(args, { kubeconfig: ctrServer!.kubeconfig });

  before(async () => {
    await ensureTestImages();
    const n = freeSubnet();
    // Its own server, so node-ipam hands this node a pod network no other test or node uses.
    ctrServer = await startK8tsServer({
      controlPlane: true,
      extraArgs: ['--node-runtime', 'sim', '--sim-nodes', '0', '--cluster-cidr', `10.251.${n}.0/24`],
    });
    const dataDir = await mkdtemp(join(tmpdir(), 'k8ts-agent-containerd-'));
    footprint = {
      dataDir,
      network: nodeNetwork(dataDir, `10.251.${n}.0/24`, false),
      cgroupRoot: `/k8ts-e2e-agent-${process.pid}-${n}`,
      subnet: n,
    };
  });

  after(async () => {
    // Pods first, while the kubelet can still stop them; a stopped agent leaves pods running.
    if (ctrServer !== undefined)
      await kubectl(['delete', 'pods', '--all', '--wait=true', '--timeout=30s'], {
        kubeconfig: ctrServer.kubeconfig,
        timeoutMs: 40_000,
      }).catch(() => undefined);
    await ctrAgent?.stop();
    await ctrServer?.stop();
    if (footprint !== undefined) {
      await removeNodeFootprint(footprint);
      assert.deepEqual(nodeFootprintLeft(footprint), []);
    }
  });

  it('k8ts agent joins by TLS bootstrap and its kubelet runs real pods', async () => {
    const f = footprint!;
    const joinToken = (await readFile(join(ctrServer!.dataDir, 'token'), 'utf8')).trim();
    ctrAgent = await startK8tsAgent(
      [
        '--server',
        ctrServer!.url,
        '--token',
        joinToken,
        '--node-name',
        ctrNode,
        '--data-dir',
        f.dataDir,
        '--cgroup-root',
        f.cgroupRoot,
        // Other test nodes may run on this machine: the kubelet API takes a free port.
        '--port',
        '0',
      ],
      60_000,
    );
    await eventually(
      async () => {
        const node = JSON.parse((await ctrAdmin(['get', 'node', ctrNode, '-o', 'json'])).stdout) as Node;
        assert.equal(node.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
        assert.match(node.status?.nodeInfo?.containerRuntimeVersion ?? '', /^containerd:\/\//);
      },
      40_000,
      250,
    );
    await ctrAdmin(['run', 'web', `--image=${testImages.toolbox1}`]);
    await ctrAdmin(['wait', '--for=condition=Ready', 'pod/web', '--timeout=40s']);
    const pod = JSON.parse((await ctrAdmin(['get', 'pod', 'web', '-o', 'json'])).stdout) as Pod;
    assert.equal(pod.spec?.nodeName, ctrNode);
    assert.match(pod.status?.podIP ?? '', new RegExp(`^10\\.251\\.${f.subnet}\\.`));
    assert.equal(
      await eventually(
        async () => (await fetch(`http://${pod.status?.podIP ?? ''}:8080/`)).text().then((t) => t.trim()),
        10_000,
        250,
      ),
      'toolbox v1',
    );
  });
});
