/**
 * `kubectl apply` as a user sees it against Kubernetes 1.32: client-side apply (created /
 * unchanged / configured, a field removed from the file is removed from the object, the
 * last-applied annotation, --prune -l), `kubectl diff` (exit code and the changed lines), and
 * server-side apply (field ownership, conflicts with their exact message, --force-conflicts,
 * dry runs).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { outputLines } from '../support/kubectl-output.js';
import { kubectlSession } from '../support/kubectl-session.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
let workDir = '';
const ns = 'e2e-apply';
const k = kubectlSession(() => {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
});

before(async () => {
  server = await startK8tsServer();
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-writes-apply-'));
  await k.ok(['create', 'namespace', ns]);
});
after(async () => {
  await server?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

/** Writes `objects` as one multi-document YAML file and returns its path. */
async function manifest(name: string, ...objects: object[]): Promise<string> {
  const file = join(workDir, name);
  await writeFile(file, objects.map((o) => toYaml(o)).join('---\n'));
  return file;
}

interface AppOptions {
  replicas?: number;
  labels?: Record<string, string>;
  env?: Array<{ name: string; value: string }>;
  image?: string;
  minReadySeconds?: number;
}
function app(name: string, o: AppOptions = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      replicas: o.replicas ?? 1,
      ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'main', image: o.image ?? 'registry.local/toolbox:1', ...(o.env ? { env: o.env } : {}) },
          ],
        },
      },
    },
  };
}

/** The lines `kubectl diff` marks as removed or added, without the file headers. */
function changedLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l))
    .map((l) => l.trimEnd());
}

/** jsonpath of the client-side apply annotation. */
const lastApplied = '{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}';

describe('client-side apply', () => {
  const v1 = app('shop', {
    labels: { tier: 'backend', team: 'a' },
    env: [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ],
  });

  it('creates, then reports unchanged for the same file', async () => {
    const file = await manifest('shop-v1.yaml', v1);
    assert.equal((await k.ok(['apply', '-f', file])).stdout, 'deployment.apps/shop created\n');
    const again = await k.ok(['apply', '-f', file]);
    assert.equal(again.stdout, 'deployment.apps/shop unchanged\n');
    assert.equal(again.stderr, '');
    assert.equal(await k.jsonpath(['deployment', 'shop', '-n', ns], '{.metadata.generation}'), '1');
  });

  it('the last-applied annotation is the compact manifest with annotations {} and the namespace', async () => {
    const annotation = await k.jsonpath(['deployment', 'shop', '-n', ns], lastApplied);
    assert.equal(
      annotation,
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"team":"a","tier":"backend"},"name":"shop","namespace":"e2e-apply"},' +
        '"spec":{"replicas":1,"selector":{"matchLabels":{"app":"shop"}},"template":{"metadata":{"labels":{"app":"shop"}},' +
        '"spec":{"containers":[{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"image":"registry.local/toolbox:1","name":"main"}]}}}}\n',
    );
  });

  it('kubectl diff of the same file: no output, exit code 0', async () => {
    const file = await manifest('shop-v1.yaml', v1);
    const result = await k.run(['diff', '-f', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
  });

  const v2 = app('shop', { replicas: 3, labels: { tier: 'backend' }, env: [{ name: 'A', value: '1' }] });

  it('kubectl diff shows exactly the change and exits 1; nothing is changed', async () => {
    const file = await manifest('shop-v2.yaml', v2);
    const result = await k.run(['diff', '-f', file]);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(
      result.stdout,
      /^diff -u -N \S+\/LIVE-\d+\/apps\.v1\.Deployment\.e2e-apply\.shop \S+\/MERGED-\d+\/apps\.v1\.Deployment\.e2e-apply\.shop\n/,
    );
    assert.deepEqual(changedLines(result.stdout), [
      '-  generation: 1',
      '+  generation: 2',
      '-    team: a',
      '-  replicas: 1',
      '+  replicas: 3',
      '-        - name: B',
      '-          value: "2"',
    ]);
    assert.equal(await k.jsonpath(['deployment', 'shop', '-n', ns], '{.spec.replicas}'), '1');
  });

  it('configured: the change is applied and fields removed from the file are removed', async () => {
    const file = await manifest('shop-v2.yaml', v2);
    assert.equal((await k.ok(['apply', '-f', file])).stdout, 'deployment.apps/shop configured\n');
    assert.equal(
      await k.jsonpath(
        ['deployment', 'shop', '-n', ns],
        '{.spec.replicas} {.metadata.labels} {.spec.template.spec.containers[0].env} {.metadata.generation}',
      ),
      '3 {"tier":"backend"} [{"name":"A","value":"1"}] 2',
    );
    const annotation = JSON.parse(await k.jsonpath(['deployment', 'shop', '-n', ns], lastApplied)) as {
      spec: { replicas: number };
      metadata: { labels: Record<string, string> };
    };
    assert.equal(annotation.spec.replicas, 3);
    assert.deepEqual(annotation.metadata.labels, { tier: 'backend' });
    assert.equal((await k.ok(['apply', '-f', file])).stdout, 'deployment.apps/shop unchanged\n');
  });

  it('a field set by someone else survives apply; a field dropped from the file goes', async () => {
    await k.ok(['label', 'deployment', 'shop', '-n', ns, 'owner=ops']);
    const v3 = app('shop', {
      replicas: 3,
      labels: { tier: 'backend' },
      env: [{ name: 'A', value: '1' }],
      minReadySeconds: 5,
    });
    await k.ok(['apply', '-f', await manifest('shop-v3.yaml', v3)]);
    assert.equal(
      await k.jsonpath(['deployment', 'shop', '-n', ns], '{.metadata.labels.owner} {.spec.minReadySeconds}'),
      'ops 5',
    );
    await k.ok(['apply', '-f', await manifest('shop-v2.yaml', v2)]);
    assert.equal(
      await k.jsonpath(['deployment', 'shop', '-n', ns], '{.metadata.labels.owner} {.spec.minReadySeconds}'),
      'ops ',
    );
  });

  it('apply --dry-run=server reports configured and changes nothing', async () => {
    const file = await manifest(
      'shop-dry.yaml',
      app('shop', { replicas: 7, labels: { tier: 'backend' }, env: [{ name: 'A', value: '1' }] }),
    );
    assert.equal(
      (await k.ok(['apply', '-f', file, '--dry-run=server'])).stdout,
      'deployment.apps/shop configured (server dry run)\n',
    );
    assert.equal(await k.jsonpath(['deployment', 'shop', '-n', ns], '{.spec.replicas}'), '3');
  });

  it('apply to an object made by create warns about the missing annotation and patches it in', async () => {
    await k.ok(['create', 'configmap', 'made-by-create', '-n', ns, '--from-literal=a=1']);
    const file = await manifest('made-by-create.yaml', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'made-by-create', namespace: ns },
      data: { a: '2' },
    });
    const result = await k.ok(['apply', '-f', file]);
    assert.equal(result.stdout, 'configmap/made-by-create configured\n');
    assert.equal(
      result.stderr,
      'Warning: resource configmaps/made-by-create is missing the kubectl.kubernetes.io/last-applied-configuration ' +
        'annotation which is required by kubectl apply. kubectl apply should only be used on resources created ' +
        'declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
    assert.equal(await k.jsonpath(['configmap', 'made-by-create', '-n', ns], '{.data.a}'), '2');
    assert.notEqual(await k.jsonpath(['configmap', 'made-by-create', '-n', ns], lastApplied), '');
  });

  it('apply of several kinds from one file prints one line per object, in file order', async () => {
    const file = await manifest(
      'mixed.yaml',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'mixed', namespace: ns } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mixed', namespace: ns }, data: { k: 'v' } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'mixed', namespace: ns },
        spec: { selector: { app: 'mixed' }, ports: [{ port: 80 }] },
      },
    );
    assert.deepEqual(outputLines((await k.ok(['apply', '-f', file])).stdout), [
      'serviceaccount/mixed created',
      'configmap/mixed created',
      'service/mixed created',
    ]);
    assert.deepEqual(outputLines((await k.ok(['apply', '-f', file])).stdout), [
      'serviceaccount/mixed unchanged',
      'configmap/mixed unchanged',
      'service/mixed unchanged',
    ]);
  });
});

describe('apply --prune', () => {
  const cm = (name: string): object => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns, labels: { set: 'pruned' } },
    data: { name },
  });

  it('objects with the label that are no longer in the files are pruned', async () => {
    const dir = join(workDir, 'prune');
    await mkdir(dir);
    for (const name of ['p1', 'p2', 'p3']) await writeFile(join(dir, `${name}.yaml`), toYaml(cm(name)));
    // An object with the label that was never applied from these files.
    await k.ok(['create', 'configmap', 'p-other', '-n', ns, '--from-literal=x=y']);
    await k.ok(['label', 'configmap', 'p-other', '-n', ns, 'set=other']);
    assert.deepEqual(outputLines((await k.ok(['apply', '-f', dir, '-l', 'set=pruned', '--prune'])).stdout), [
      'configmap/p1 created',
      'configmap/p2 created',
      'configmap/p3 created',
    ]);

    await unlink(join(dir, 'p2.yaml'));
    const dry = await k.ok(['apply', '-f', dir, '-l', 'set=pruned', '--prune', '--dry-run=server']);
    assert.deepEqual(outputLines(dry.stdout), [
      'configmap/p1 unchanged (server dry run)',
      'configmap/p3 unchanged (server dry run)',
      'configmap/p2 pruned (server dry run)',
    ]);
    assert.equal(await k.jsonpath(['configmap', 'p2', '-n', ns], '{.metadata.name}'), 'p2');

    const result = await k.ok(['apply', '-f', dir, '-l', 'set=pruned', '--prune']);
    assert.deepEqual(outputLines(result.stdout), [
      'configmap/p1 unchanged',
      'configmap/p3 unchanged',
      'configmap/p2 pruned',
    ]);
    const left = await k.ok(['get', 'configmaps', '-n', ns, '-l', 'set', '-o', 'name']);
    assert.deepEqual(outputLines(left.stdout), ['configmap/p-other', 'configmap/p1', 'configmap/p3']);
  });
});

describe('server-side apply', () => {
  const ssa = (o: AppOptions = {}): object => app('ledger', { replicas: 2, ...o });
  const conflictAdvice = [
    'Please review the fields above--they currently have other managers. Here',
    'are the ways you can resolve this warning:',
    '* If you intend to manage all of these fields, please re-run the apply',
    '  command with the `--force-conflicts` flag.',
    '* If you do not intend to manage all of the fields, please edit your',
    '  manifest to remove references to the fields that should keep their',
    '  current managers.',
    '* You may co-own fields by updating your manifest to match the existing',
    "  value; in this case, you'll become the manager if the other manager(s)",
    '  stop managing the field (remove it from their configuration).',
    'See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts',
  ];
  const managers = (): Promise<string> =>
    k.jsonpath(
      ['deployment', 'ledger', '-n', ns],
      '{range .metadata.managedFields[*]}{.manager}/{.operation}{.subresource} {end}',
    );

  it('--dry-run=server of a missing object creates nothing', async () => {
    const file = await manifest('ledger.yaml', ssa());
    assert.equal(
      (await k.ok(['apply', '--server-side', '-f', file, '--dry-run=server'])).stdout,
      'deployment.apps/ledger serverside-applied (server dry run)\n',
    );
    const got = await k.run(['get', 'deployment', 'ledger', '-n', ns]);
    assert.equal(got.stderr, 'Error from server (NotFound): deployments.apps "ledger" not found\n');
  });

  it('creates the object and records kubectl as its Apply manager', async () => {
    const file = await manifest('ledger.yaml', ssa());
    assert.equal(
      (await k.ok(['apply', '--server-side', '-f', file])).stdout,
      'deployment.apps/ledger serverside-applied\n',
    );
    assert.equal(await managers(), 'kubectl/Apply ');
    const fields = JSON.parse(
      await k.jsonpath(['deployment', 'ledger', '-n', ns], '{.metadata.managedFields[0].fieldsV1}'),
    ) as object;
    assert.deepEqual(fields, {
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"main"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
    assert.equal(
      await k.jsonpath(
        ['deployment', 'ledger', '-n', ns],
        '{.spec.strategy.type} {.spec.revisionHistoryLimit}',
      ),
      'RollingUpdate 10',
    );
  });

  it('re-applying the same file changes nothing', async () => {
    const before = await k.jsonpath(['deployment', 'ledger', '-n', ns], '{.metadata.resourceVersion}');
    const file = await manifest('ledger.yaml', ssa());
    assert.equal(
      (await k.ok(['apply', '--server-side', '-f', file])).stdout,
      'deployment.apps/ledger serverside-applied\n',
    );
    assert.equal(await k.jsonpath(['deployment', 'ledger', '-n', ns], '{.metadata.resourceVersion}'), before);
  });

  it('another manager changing owned fields conflicts, naming every field', async () => {
    const file = await manifest('ledger-other.yaml', ssa({ replicas: 5, image: 'registry.local/toolbox:2' }));
    const result = await k.run(['apply', '--server-side', '--field-manager=deployer', '-f', file]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.deepEqual(result.stderr.trimEnd().split('\n'), [
      'error: Apply failed with 2 conflicts: conflicts with "kubectl":',
      '- .spec.replicas',
      '- .spec.template.spec.containers[name="main"].image',
      ...conflictAdvice,
    ]);
    assert.equal(await k.jsonpath(['deployment', 'ledger', '-n', ns], '{.spec.replicas}'), '2');
  });

  it('kubectl diff --server-side shows what --force-conflicts would change', async () => {
    const file = await manifest('ledger-other.yaml', ssa({ replicas: 5, image: 'registry.local/toolbox:2' }));
    const result = await k.run([
      'diff',
      '--server-side',
      '--force-conflicts',
      '--field-manager=deployer',
      '-f',
      file,
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(changedLines(result.stdout), [
      '-  generation: 1',
      '+  generation: 2',
      '-  replicas: 2',
      '+  replicas: 5',
      '-      - image: registry.local/toolbox:1',
      '+      - image: registry.local/toolbox:2',
    ]);
  });

  it('--force-conflicts takes the fields over', async () => {
    const file = await manifest('ledger-other.yaml', ssa({ replicas: 5, image: 'registry.local/toolbox:2' }));
    const result = await k.ok([
      'apply',
      '--server-side',
      '--field-manager=deployer',
      '--force-conflicts',
      '-f',
      file,
    ]);
    assert.equal(result.stdout, 'deployment.apps/ledger serverside-applied\n');
    assert.equal(
      await k.jsonpath(
        ['deployment', 'ledger', '-n', ns],
        '{.spec.replicas} {.spec.template.spec.containers[0].image}',
      ),
      '5 registry.local/toolbox:2',
    );
    // Entries sort by operation, then by the second they were written, then by manager name (as
    // upstream encodes them): whether the two applies fell in the same second decides the order.
    assert.ok(
      ['kubectl/Apply deployer/Apply ', 'deployer/Apply kubectl/Apply '].includes(await managers()),
      await managers(),
    );
    const kubectlFields = JSON.parse(
      await k.jsonpath(
        ['deployment', 'ledger', '-n', ns],
        '{.metadata.managedFields[?(@.manager=="kubectl")].fieldsV1}',
      ),
    ) as { 'f:spec': Record<string, unknown> };
    assert.equal(kubectlFields['f:spec']['f:replicas'], undefined, 'kubectl no longer owns replicas');
  });

  it('a conflict with an Update manager names its operation and subresource (kubectl scale)', async () => {
    await k.ok(['scale', 'deployment', 'ledger', '-n', ns, '--replicas=4']);
    const file = await manifest('ledger-other.yaml', ssa({ replicas: 5, image: 'registry.local/toolbox:2' }));
    const result = await k.run(['apply', '--server-side', '--field-manager=deployer', '-f', file]);
    assert.equal(result.code, 1);
    assert.deepEqual(result.stderr.trimEnd().split('\n'), [
      'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
      ...conflictAdvice,
    ]);
  });

  it('an unknown field fails the typed conversion, whatever --validate says (upstream: 500, no reason)', async () => {
    const withTypo = app('ledger', { replicas: 4, image: 'registry.local/toolbox:2' }) as {
      spec: Record<string, unknown>;
    };
    withTypo.spec['replica'] = 4;
    const file = await manifest('ledger-typo.yaml', withTypo);
    for (const validate of ['--validate=strict', '--validate=warn', '--validate=false']) {
      const result = await k.run([
        'apply',
        '--server-side',
        '--field-manager=deployer',
        validate,
        '-f',
        file,
      ]);
      assert.equal(result.code, 1, validate);
      assert.equal(
        result.stderr,
        'Error from server: failed to create typed patch object (e2e-apply/ledger; apps/v1, Kind=Deployment): ' +
          '.spec.replica: field not declared in schema\n',
        validate,
      );
    }
  });

  it('a field dropped from a later apply of the same manager is removed', async () => {
    const withLabel = app('ledger', {
      replicas: 4,
      image: 'registry.local/toolbox:2',
      labels: { stage: 'beta' },
    });
    await k.ok([
      'apply',
      '--server-side',
      '--field-manager=deployer',
      '-f',
      await manifest('ledger-l.yaml', withLabel),
    ]);
    assert.equal(await k.jsonpath(['deployment', 'ledger', '-n', ns], '{.metadata.labels.stage}'), 'beta');
    const withoutLabel = app('ledger', { replicas: 4, image: 'registry.local/toolbox:2' });
    await k.ok([
      'apply',
      '--server-side',
      '--field-manager=deployer',
      '-f',
      await manifest('ledger-nl.yaml', withoutLabel),
    ]);
    assert.equal(await k.jsonpath(['deployment', 'ledger', '-n', ns], '{.metadata.labels}'), '');
  });

  it("a Secret's stringData is folded into data, server-side and client-side, and never stored", async () => {
    const secret = (name: string): object => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: ns },
      data: { token: Buffer.from('old').toString('base64'), keep: Buffer.from('kept').toString('base64') },
      stringData: { token: 'abc' },
    });
    const ssaFile = await manifest('secret-ssa.yaml', secret('ssa-secret'));
    assert.equal(
      (await k.ok(['apply', '--server-side', '-f', ssaFile])).stdout,
      'secret/ssa-secret serverside-applied\n',
    );
    const csaFile = await manifest('secret-csa.yaml', secret('csa-secret'));
    assert.equal((await k.ok(['apply', '-f', csaFile])).stdout, 'secret/csa-secret created\n');
    for (const name of ['ssa-secret', 'csa-secret']) {
      const stored = await k.yaml(['secret', name, '-n', ns]);
      assert.deepEqual(stored['data'], { keep: 'a2VwdA==', token: 'YWJj' }, name);
      assert.equal(stored['stringData'], undefined, name);
      assert.equal(stored['type'], 'Opaque', name);
    }
  });
});
