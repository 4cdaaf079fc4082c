/**
 * Writes through kubectl as a user sees them: replace, label/annotate/scale (merge patches),
 * delete by name, by label, --all and --force, finalizers, kubectl wait, dry runs, generated
 * names, generation, and the Status errors kubectl prints (NotFound, AlreadyExists, Invalid,
 * Conflict, Forbidden).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import {
  kubectl,
  kubectlOk,
  startKubectl,
  type BackgroundKubectl,
  type KubectlResult,
} from '../support/kubectl.js';
import { outputLines } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
const ns = 'e2e-write';
const background: BackgroundKubectl[] = [];

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const run = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectl(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });
const ok = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });
function inBackground(args: string[]): BackgroundKubectl {
  const k = startKubectl(args, { kubeconfig: kubeconfig() });
  background.push(k);
  return k;
}
const jsonpath = async (args: string[], path: string): Promise<string> =>
  (await ok(['get', ...args, '-n', ns, '-o', `jsonpath=${path}`])).stdout;

const cm = (
  name: string,
  extra: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns, ...metadata },
    ...extra,
  });
const pod = (name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { containers: [{ name: 'main', image: 'registry.local/toolbox:1' }], ...spec },
  });
const deployment = (
  name: string,
  replicas: number,
  image: string,
  selector = 'web',
  template = 'web',
): string =>
  toYaml({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: selector } },
      template: { metadata: { labels: { app: template } }, spec: { containers: [{ name: 'web', image }] } },
    },
  });

before(async () => {
  server = await startK8tsServer();
  await ok(
    ['create', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }),
  );
  // A node for pods to be bound to: no kubelet will ever confirm their deletion.
  await ok(
    ['create', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'e2e-node-1' } }),
  );
});
after(async () => {
  await Promise.all(background.map((k) => k.stop()));
  await server?.stop();
});

describe('replace and merge patches', () => {
  it('replace -f updates the object and bumps its resourceVersion', async () => {
    await ok(['create', '-f', '-'], cm('settings', { data: { mode: 'a' } }));
    const before = parseYaml((await ok(['get', 'cm', 'settings', '-n', ns, '-o', 'yaml'])).stdout) as {
      data: Record<string, string>;
      metadata: { resourceVersion: string; uid: string };
    };
    before.data['mode'] = 'b';
    const { stdout } = await ok(['replace', '-f', '-'], toYaml(before));
    assert.equal(stdout.trim(), 'configmap/settings replaced');
    const [mode, rv, uid] = (
      await jsonpath(['cm', 'settings'], '{.data.mode} {.metadata.resourceVersion} {.metadata.uid}')
    ).split(' ');
    assert.equal(mode, 'b');
    assert.ok(Number(rv) > Number(before.metadata.resourceVersion));
    assert.equal(uid, before.metadata.uid);
  });

  it('replace with a stale resourceVersion is a Conflict', async () => {
    const stale = (await ok(['get', 'cm', 'settings', '-n', ns, '-o', 'yaml'])).stdout;
    await ok(['label', 'cm', 'settings', '-n', ns, 'touched=yes']);
    const result = await run(['replace', '-f', '-'], stale);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "settings": ' +
        'the object has been modified; please apply your changes to the latest version and try again',
    );
    assert.equal(await jsonpath(['cm', 'settings'], '{.metadata.labels.touched}'), 'yes');
  });

  it('replace of a missing object is NotFound', async () => {
    const result = await run(['replace', '-f', '-'], cm('never-created'));
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'Error from server (NotFound): error when replacing "STDIN": configmaps "never-created" not found',
    );
  });

  it('label, annotate and scale (merge patches) print what they did', async () => {
    assert.equal(
      (await ok(['label', 'cm', 'settings', '-n', ns, 'team=core'])).stdout.trim(),
      'configmap/settings labeled',
    );
    assert.equal(
      (await ok(['annotate', 'cm', 'settings', '-n', ns, 'note=hello world'])).stdout.trim(),
      'configmap/settings annotated',
    );
    assert.equal(
      await jsonpath(['cm', 'settings'], '{.metadata.labels.team}/{.metadata.annotations.note}'),
      'core/hello world',
    );
    assert.equal(
      (await ok(['label', 'cm', 'settings', '-n', ns, 'team-'])).stdout.trim(),
      'configmap/settings unlabeled',
    );
    assert.equal(await jsonpath(['cm', 'settings'], '{.metadata.labels.team}'), '');

    await ok(['create', '-f', '-'], deployment('scaled', 1, 'registry.local/toolbox:1'));
    assert.equal(
      (await ok(['scale', 'deployment', 'scaled', '-n', ns, '--replicas=3'])).stdout.trim(),
      'deployment.apps/scaled scaled',
    );
    assert.equal(await jsonpath(['deployment', 'scaled'], '{.spec.replicas}'), '3');
    const scale = JSON.parse(
      (await ok(['get', '--raw', `/apis/apps/v1/namespaces/${ns}/deployments/scaled/scale`])).stdout,
    ) as { apiVersion: string; kind: string; spec: { replicas: number }; status: { selector: string } };
    assert.deepEqual(
      [scale.apiVersion, scale.kind, scale.spec.replicas, scale.status.selector],
      ['autoscaling/v1', 'Scale', 3, 'app=web'],
    );
  });

  it('generation moves with spec changes only', async () => {
    await ok(['create', '-f', '-'], deployment('gen', 1, 'registry.local/toolbox:1'));
    assert.equal(await jsonpath(['deployment', 'gen'], '{.metadata.generation}'), '1');
    await ok(['label', 'deployment', 'gen', '-n', ns, 'x=y']);
    assert.equal(
      await jsonpath(['deployment', 'gen'], '{.metadata.generation}'),
      '1',
      'a label change is not a spec change',
    );
    await ok(['replace', '-f', '-'], deployment('gen', 1, 'registry.local/toolbox:2'));
    assert.equal(await jsonpath(['deployment', 'gen'], '{.metadata.generation}'), '2');
    await ok(['scale', 'deployment', 'gen', '-n', ns, '--replicas=2']);
    assert.equal(await jsonpath(['deployment', 'gen'], '{.metadata.generation}'), '3');
  });
});

describe('create', () => {
  it('generateName gets a random suffix', async () => {
    const { stdout } = await ok(['create', '-f', '-'], cm('', {}, { name: undefined, generateName: 'gen-' }));
    assert.match(stdout.trim(), /^configmap\/gen-[bcdfghjklmnpqrstvwxz2456789]{5} created$/);
  });

  it('--dry-run=server validates and persists nothing', async () => {
    const { stdout } = await ok(['create', '-f', '-', '--dry-run=server'], cm('dry'));
    assert.equal(stdout.trim(), 'configmap/dry created (server dry run)');
    const got = await run(['get', 'cm', 'dry', '-n', ns]);
    assert.equal(got.stderr.trim(), 'Error from server (NotFound): configmaps "dry" not found');
  });
});

describe('Status errors as kubectl prints them', () => {
  it('NotFound', async () => {
    const cases: Array<[string[], string]> = [
      [['get', 'configmap', 'x'], 'Error from server (NotFound): configmaps "x" not found'],
      [['get', 'deployment', 'x'], 'Error from server (NotFound): deployments.apps "x" not found'],
      [['get', 'namespace', 'x'], 'Error from server (NotFound): namespaces "x" not found'],
      [
        ['get', 'clusterrole', 'x'],
        'Error from server (NotFound): clusterroles.rbac.authorization.k8s.io "x" not found',
      ],
      [['delete', 'pod', 'x'], 'Error from server (NotFound): pods "x" not found'],
    ];
    for (const [args, message] of cases) {
      const result = await run([...args, '-n', ns]);
      assert.equal(result.code, 1, args.join(' '));
      assert.equal(result.stderr.trim(), message, args.join(' '));
    }
  });

  it('NotFound names the group the client asked for (events.k8s.io events)', async () => {
    const result = await run(['get', 'events.events.k8s.io', 'x', '-n', ns]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'Error from server (NotFound): events.events.k8s.io "x" not found');
  });

  it('AlreadyExists', async () => {
    await ok(['create', '-f', '-'], cm('twice'));
    const result = await run(['create', '-f', '-'], cm('twice'));
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'Error from server (AlreadyExists): error when creating "STDIN": configmaps "twice" already exists',
    );
  });

  it('Invalid: a bad metadata.name', async () => {
    const result = await run(['create', '-f', '-'], cm('Bad_Name'));
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of ' +
        "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  it('Invalid: a pod without containers', async () => {
    const result = await run(['create', '-f', '-'], pod('empty', { containers: [] }));
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'The Pod "empty" is invalid: spec.containers: Required value');
    const got = await run(['get', 'pod', 'empty', '-n', ns]);
    assert.equal(got.code, 1, 'the invalid pod was not stored');
  });

  it('Invalid: several causes are listed one per line', async () => {
    const result = await run(
      ['create', '-f', '-'],
      deployment('bad', -1, 'registry.local/toolbox:1', 'web-x', 'web-y'),
    );
    assert.equal(result.code, 1);
    assert.deepEqual(outputLines(result.stderr), [
      'The Deployment "bad" is invalid:',
      '* spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web-y"}: `selector` does not match template `labels`',
    ]);
  });

  it('NotFound for a missing namespace, Forbidden for a terminating one', async () => {
    const missing = await run(['create', '-f', '-'], cm('x', {}, { namespace: 'no-such-ns' }));
    assert.equal(
      missing.stderr.trim(),
      'Error from server (NotFound): error when creating "STDIN": namespaces "no-such-ns" not found',
    );

    await ok(
      ['create', '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e2e-doomed' } }),
    );
    await ok(['delete', 'namespace', 'e2e-doomed', '--wait=false']);
    const terminating = await run(['create', '-f', '-'], cm('x', {}, { namespace: 'e2e-doomed' }));
    // Either still terminating (no namespace controller yet) or already gone.
    assert.ok(
      [
        'Error from server (Forbidden): error when creating "STDIN": configmaps "x" is forbidden: unable to create new content in namespace e2e-doomed because it is being terminated',
        'Error from server (NotFound): error when creating "STDIN": namespaces "e2e-doomed" not found',
      ].includes(terminating.stderr.trim()),
      terminating.stderr,
    );
  });
});

describe('delete', () => {
  it('by name', async () => {
    await ok(['create', '-f', '-'], cm('bye'));
    assert.equal((await ok(['delete', 'cm', 'bye', '-n', ns])).stdout.trim(), 'configmap "bye" deleted');
    assert.equal((await run(['get', 'cm', 'bye', '-n', ns])).code, 1);
  });

  it('by label selector', async () => {
    for (const [name, group] of [
      ['sel-a', 'one'],
      ['sel-b', 'one'],
      ['sel-c', 'two'],
    ] as const) {
      await ok(['create', '-f', '-'], cm(name, {}, { labels: { group } }));
    }
    const { stdout } = await ok(['delete', 'cm', '-n', ns, '-l', 'group=one']);
    assert.deepEqual(outputLines(stdout), ['configmap "sel-a" deleted', 'configmap "sel-b" deleted']);
    assert.equal(
      (await ok(['get', 'cm', '-n', ns, '-l', 'group', '-o', 'name'])).stdout.trim(),
      'configmap/sel-c',
    );
  });

  it('--all in a namespace', async () => {
    await ok(
      ['create', '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'e2e-all' } }),
    );
    for (const name of ['x1', 'x2', 'x3'])
      await ok(['create', '-f', '-'], cm(name, {}, { namespace: 'e2e-all' }));
    const { stdout } = await ok(['delete', 'cm', '--all', '-n', 'e2e-all']);
    assert.deepEqual(outputLines(stdout), [
      'configmap "x1" deleted',
      'configmap "x2" deleted',
      'configmap "x3" deleted',
    ]);
    const left = await ok(['get', 'cm', '-n', 'e2e-all']);
    assert.equal(left.stderr.trim(), 'No resources found in e2e-all namespace.');
  });

  it('an unscheduled pod is deleted at once', async () => {
    await ok(['create', '-f', '-'], pod('unbound'));
    const { stdout } = await ok(['delete', 'pod', 'unbound', '-n', ns, '--timeout=20s']);
    assert.equal(stdout.trim(), 'pod "unbound" deleted');
    assert.equal((await run(['get', 'pod', 'unbound', '-n', ns])).code, 1);
  });

  it('a bound pod is deleted gracefully; --grace-period=0 --force removes it at once', async () => {
    await ok(['create', '-f', '-'], pod('bound', { nodeName: 'e2e-node-1' }));
    const t0 = Date.now();
    assert.equal(
      (await ok(['delete', 'pod', 'bound', '-n', ns, '--wait=false'])).stdout.trim(),
      'pod "bound" deleted',
    );
    const [deletionTimestamp, grace] = (
      await jsonpath(['pod', 'bound'], '{.metadata.deletionTimestamp} {.metadata.deletionGracePeriodSeconds}')
    ).split(' ');
    assert.equal(grace, '30');
    // deletionTimestamp = time of the delete + the grace period (second precision).
    const due = Date.parse(deletionTimestamp ?? '');
    assert.ok(due >= Math.floor(t0 / 1000) * 1000 + 29_000 && due <= Date.now() + 31_000, deletionTimestamp);
    const row = (await ok(['get', 'pod', 'bound', '-n', ns, '--no-headers'])).stdout;
    assert.match(row, /^bound\s+0\/1\s+Terminating\s+0\s+\S+\s*$/);

    const forced = await ok(['delete', 'pod', 'bound', '-n', ns, '--grace-period=0', '--force']);
    assert.equal(forced.stdout.trim(), 'pod "bound" force deleted');
    assert.equal(
      forced.stderr.trim(),
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. ' +
        'The resource may continue to run on the cluster indefinitely.',
    );
    assert.equal(
      (await run(['get', 'pod', 'bound', '-n', ns])).stderr.trim(),
      'Error from server (NotFound): pods "bound" not found',
    );
  });

  it('--dry-run=server deletes nothing', async () => {
    await ok(['create', '-f', '-'], cm('keep'));
    assert.equal(
      (await ok(['delete', 'cm', 'keep', '-n', ns, '--dry-run=server'])).stdout.trim(),
      'configmap "keep" deleted (server dry run)',
    );
    assert.equal((await ok(['get', 'cm', 'keep', '-n', ns, '-o', 'name'])).stdout.trim(), 'configmap/keep');
  });
});

describe('finalizers and kubectl wait', () => {
  it('an object with a finalizer stays until the finalizer is removed; wait --for=delete sees it go', async () => {
    await ok(['create', '-f', '-'], cm('held', { data: { a: 'b' } }, { finalizers: ['example.com/hold'] }));
    assert.equal(
      (await ok(['delete', 'cm', 'held', '-n', ns, '--wait=false'])).stdout.trim(),
      'configmap "held" deleted',
    );
    const deletionTimestamp = await jsonpath(['cm', 'held'], '{.metadata.deletionTimestamp}');
    assert.match(deletionTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const waiter = inBackground(['wait', '--for=delete', 'configmap/held', '-n', ns, '--timeout=30s']);
    // Still there while the finalizer is set.
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(waiter.stdout(), '');
    assert.equal((await ok(['get', 'cm', 'held', '-n', ns, '-o', 'name'])).stdout.trim(), 'configmap/held');

    await ok(['patch', 'cm', 'held', '-n', ns, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    const done = await waiter.done;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout.trim(), 'configmap/held condition met');
    assert.equal(
      (await run(['get', 'cm', 'held', '-n', ns])).stderr.trim(),
      'Error from server (NotFound): configmaps "held" not found',
    );
  });

  it('a pod in its grace period keeps taking status writes; a forced delete removes it', async () => {
    await ok(['create', '-f', '-'], pod('graceful', { nodeName: 'node-a' }));
    await ok(['delete', 'pod', 'graceful', '-n', ns, '--wait=false']);
    assert.equal(await jsonpath(['pod', 'graceful'], '{.metadata.deletionGracePeriodSeconds}'), '30');
    await ok([
      'patch',
      'pod',
      'graceful',
      '-n',
      ns,
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"phase":"Running"}}',
    ]);
    assert.equal(await jsonpath(['pod', 'graceful'], '{.status.phase}'), 'Running');
    await ok(['delete', 'pod', 'graceful', '-n', ns, '--grace-period=0', '--force']);
    assert.match((await run(['get', 'pod', 'graceful', '-n', ns])).stderr, /NotFound/);
  });

  it('wait --for=delete of an object that is already gone returns at once', async () => {
    const result = await ok(['wait', '--for=delete', 'configmap/never-there', '-n', ns, '--timeout=10s']);
    assert.equal(result.stdout, '');
  });

  it('wait --for=jsonpath returns when another client makes the condition true', async () => {
    await ok(['create', '-f', '-'], cm('phase', { data: { state: 'starting' } }));
    const waiter = inBackground([
      'wait',
      '--for=jsonpath={.data.state}=ready',
      'configmap/phase',
      '-n',
      ns,
      '--timeout=30s',
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(waiter.stdout(), '');
    await ok(['patch', 'cm', 'phase', '-n', ns, '--type=merge', '-p', '{"data":{"state":"ready"}}']);
    const done = await waiter.done;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout.trim(), 'configmap/phase condition met');
  });

  it('wait --for=jsonpath times out when the condition never holds', async () => {
    const result = await run([
      'wait',
      '--for=jsonpath={.data.state}=never',
      'configmap/phase',
      '-n',
      ns,
      '--timeout=2s',
    ]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), 'error: timed out waiting for the condition on configmaps/phase');
  });
});
