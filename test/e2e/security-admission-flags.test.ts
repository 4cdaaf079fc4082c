/**
 * Admission on an apiserver without its controllers: --disable-admission-plugins and
 * --enable-admission-plugins with upstream's semantics and messages, and ResourceQuota admission
 * staying within the quota when many pods are created at once.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { kubectl, kubectlOk } from '../support/kubectl.js';
import { repoRoot, startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

const execFileAsync = promisify(execFile);
let bare: K8tsServer | undefined;
let trimmed: K8tsServer | undefined;

function configOf(server: K8tsServer | undefined): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}

const pod = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'nginx', ...extra }] },
  });

/** Runs `k8ts server` with `args` expecting it to refuse to start; resolves to its exit code and stderr. */
async function refusedStart(args: string[]): Promise<{ code: number; stderr: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-flags-'));
  try {
    await execFileAsync(
      process.execPath,
      [
        join(repoRoot, 'bin', 'k8ts'),
        'server',
        '--data-dir',
        dataDir,
        '--datastore',
        'memory',
        '--port',
        '0',
        '--disable-scheduler',
        '--disable-controller-manager',
        ...args,
      ],
      { cwd: repoRoot, timeout: 30_000 },
    );
    throw new Error(`k8ts server ${args.join(' ')} started`);
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stderr: e.stderr ?? '' };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

before(async () => {
  [bare, trimmed] = await Promise.all([
    startK8tsServer(),
    startK8tsServer({ extraArgs: ['--disable-admission-plugins=PodSecurity,DefaultTolerationSeconds'] }),
  ]);
});

after(async () => {
  await Promise.all([bare?.stop(), trimmed?.stop()]);
});

describe('choosing admission plugins', () => {
  it('with ServiceAccount disabled a pod needs no service account and gets no token volume', async () => {
    const kubeconfig = configOf(bare);
    await kubectlOk(['create', '-f', '-'], { kubeconfig, stdin: pod('plain') });
    const spec = JSON.parse((await kubectlOk(['get', 'pod', 'plain', '-o', 'json'], { kubeconfig })).stdout)
      .spec as { volumes?: unknown; serviceAccountName?: string; tolerations?: unknown[] };
    assert.equal(spec.volumes, undefined);
    assert.equal(spec.serviceAccountName, undefined);
    // The other plugins still run.
    assert.equal(spec.tolerations?.length, 2);
  });

  it('disabled plugins do not run: a privileged pod enters an enforce=restricted namespace', async () => {
    const kubeconfig = configOf(trimmed);
    await kubectlOk(['create', 'namespace', 'strict'], { kubeconfig });
    await kubectlOk(['label', 'namespace', 'strict', 'pod-security.kubernetes.io/enforce=restricted'], {
      kubeconfig,
    });
    await kubectlOk(['create', '-n', 'strict', '-f', '-'], {
      kubeconfig,
      stdin: pod('root', { securityContext: { privileged: true } }),
    });
    const spec = JSON.parse(
      (await kubectlOk(['get', 'pod', 'root', '-n', 'strict', '-o', 'json'], { kubeconfig })).stdout,
    ).spec as { tolerations?: unknown };
    assert.equal(spec.tolerations, undefined);
  });

  it('refuses unknown and overlapping plugin names with upstream messages', async () => {
    const unknown = await refusedStart(['--enable-admission-plugins=AlwaysPullImages']);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr,
      /^k8ts server: enable-admission-plugins plugin "AlwaysPullImages" is unknown$/m,
    );
    const overlap = await refusedStart([
      '--enable-admission-plugins=Priority,LimitRanger',
      '--disable-admission-plugins=LimitRanger',
      '--disable-admission-plugins=Nope',
    ]);
    assert.equal(overlap.code, 1);
    assert.match(
      overlap.stderr,
      /^k8ts server: \[disable-admission-plugins plugin "Nope" is unknown, \[LimitRanger\] in enable-admission-plugins and disable-admission-plugins overlapped\]$/m,
    );
  });
});

describe('ResourceQuota under concurrency', () => {
  it('admits exactly as many pods as the quota allows when they race', async () => {
    const kubeconfig = configOf(bare);
    await kubectlOk(['create', 'namespace', 'race'], { kubeconfig });
    await kubectlOk(['create', 'quota', 'q', '--hard=pods=2', '-n', 'race'], { kubeconfig });
    // No quota controller runs here: publish the status it would compute.
    await kubectlOk(
      [
        'patch',
        'quota',
        'q',
        '-n',
        'race',
        '--subresource=status',
        '--type=merge',
        '-p',
        '{"status":{"hard":{"pods":"2"},"used":{"pods":"0"}}}',
      ],
      { kubeconfig },
    );
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        kubectl(['create', '-n', 'race', '-f', '-'], { kubeconfig, stdin: pod(`p${i}`) }),
      ),
    );
    const created = results.filter((r) => r.code === 0);
    const refused = results.filter((r) => r.code !== 0);
    assert.equal(created.length, 2);
    for (const r of refused) {
      assert.match(
        r.stderr,
        /pods "p\d" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2/,
      );
    }
    const names = (await kubectlOk(['get', 'pods', '-n', 'race', '-o', 'name'], { kubeconfig })).stdout;
    assert.equal(names.trim().split('\n').length, 2);
    const used = (
      await kubectlOk(['get', 'quota', 'q', '-n', 'race', '-o', 'jsonpath={.status.used.pods}'], {
        kubeconfig,
      })
    ).stdout;
    assert.equal(used, '2');
  });
});
