/**
 * `kubectl create -f`, `get` and `delete -f` of one multi-document YAML holding an object of every
 * built-in kind, with kubectl's default (strict, server-side) validation; and how unknown fields
 * are reported under --validate=strict|warn|ignore.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtinResources } from '../../src/api/scheme/builtin-resources.js';
import { builtinObjects, kubectlName, toMultiDocYaml } from '../support/builtin-objects.js';
import { kubectl, kubectlOk, type KubectlResult } from '../support/kubectl.js';
import { outputLines, parseTables } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
let workDir = '';

before(async () => {
  server = await startK8tsServer();
  workDir = await mkdtemp(join(tmpdir(), 'k8ts-e2e-manifests-'));
});
after(async () => {
  await server?.stop();
  if (workDir !== '') await rm(workDir, { recursive: true, force: true });
});

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const run = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectl(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });
const ok = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });

/** The qualified resource as Status messages name it: "configmaps", "deployments.apps". */
function qualifiedResource(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const r = builtinResources.find((x) => x.group === group && x.version === version && x.kind === kind);
  assert.ok(r, `no built-in resource for ${apiVersion} ${kind}`);
  return group === '' ? r.resource : `${r.resource}.${group}`;
}

describe('every built-in kind through kubectl -f', () => {
  const ns = 'e2e-kinds';
  const objects = builtinObjects(ns);
  const withoutNamespace = objects.filter((o) => o.kind !== 'Namespace');

  it('the manifest covers every stored kind the scheme serves (not Binding or the create-only reviews)', () => {
    for (const r of builtinResources) {
      if (!r.verbs.includes('get')) continue;
      const apiVersion = r.group === '' ? r.version : `${r.group}/${r.version}`;
      assert.ok(
        objects.some((o) => o.apiVersion === apiVersion && o.kind === r.kind),
        `no ${apiVersion} ${r.kind} in the all-kinds manifest`,
      );
    }
  });

  it('create -f creates each object and prints one line per object', async () => {
    const file = join(workDir, 'all-kinds.yaml');
    await writeFile(file, toMultiDocYaml(objects));
    const { stdout, stderr } = await ok(['create', '-f', file]);
    assert.equal(stderr, '');
    assert.deepEqual(
      outputLines(stdout),
      objects.map((o) => `${kubectlName(o)} created`),
    );
  });

  it('get -f -o name finds every object', async () => {
    const file = join(workDir, 'all-kinds.yaml');
    const { stdout, stderr } = await ok(['get', '-f', file, '-o', 'name']);
    assert.equal(stderr, '');
    assert.deepEqual(outputLines(stdout), objects.map(kubectlName));
  });

  it('get -f prints a server-side table per kind', async () => {
    const file = join(workDir, 'all-kinds.yaml');
    const { stdout, stderr } = await ok(['get', '-f', file]);
    assert.equal(stderr, '');
    const tables = parseTables(stdout);
    // One table per object: no two consecutive objects share a group-version-kind.
    assert.equal(tables.length, objects.length);
    for (const table of tables) assert.equal(table.records.length, 1);
    for (const [i, o] of objects.entries()) {
      const table = tables[i];
      assert.ok(table);
      // Events print LAST SEEN/TYPE/REASON/OBJECT/MESSAGE (no NAME column) like upstream.
      if (o.kind === 'Event') {
        assert.equal(table.columns[0], 'LAST SEEN', `columns of ${o.apiVersion} Event`);
        assert.equal(table.records[0]?.['OBJECT'], 'configmap/e2e-cm');
        continue;
      }
      assert.equal(table.columns[0], 'NAME', `first column for ${o.kind}`);
      assert.equal(table.records[0]?.['NAME'], kubectlName(o), `row for ${o.kind}`);
    }
  });

  it('get <resource>/<name> works by kind, plural and short name', async () => {
    const cases: Array<[string[], string]> = [
      [['get', 'cm', 'e2e-cm', '-n', ns, '-o', 'name'], 'configmap/e2e-cm'],
      [['get', 'deploy/e2e-deploy', '-n', ns, '-o', 'name'], 'deployment.apps/e2e-deploy'],
      [
        ['get', 'hpa.v1.autoscaling', 'e2e-hpa-v1', '-n', ns, '-o', 'name'],
        'horizontalpodautoscaler.autoscaling/e2e-hpa-v1',
      ],
      [['get', 'events.events.k8s.io', 'e2e-ev2', '-n', ns, '-o', 'name'], 'event.events.k8s.io/e2e-ev2'],
      [
        ['get', 'crd', `widgets.${ns}.example.com`, '-o', 'name'],
        `customresourcedefinition.apiextensions.k8s.io/widgets.${ns}.example.com`,
      ],
      [['get', 'pc', `${ns}-priority`, '-o', 'name'], `priorityclass.scheduling.k8s.io/${ns}-priority`],
    ];
    for (const [args, expected] of cases) {
      assert.equal((await ok(args)).stdout.trim(), expected, args.join(' '));
    }
  });

  it('the same HPA reads in autoscaling/v1 and v2', async () => {
    const v2 = JSON.parse(
      (await ok(['get', 'horizontalpodautoscalers.v2.autoscaling', 'e2e-hpa-v1', '-n', ns, '-o', 'json']))
        .stdout,
    ) as {
      apiVersion: string;
      spec: { metrics?: Array<{ resource?: { target?: { averageUtilization?: number } } }> };
    };
    assert.equal(v2.apiVersion, 'autoscaling/v2');
    assert.equal(v2.spec.metrics?.[0]?.resource?.target?.averageUtilization, 70);
    const v1 = JSON.parse(
      (await ok(['get', 'horizontalpodautoscalers.v1.autoscaling', 'e2e-hpa', '-n', ns, '-o', 'json']))
        .stdout,
    ) as { apiVersion: string; spec: { targetCPUUtilizationPercentage?: number } };
    assert.equal(v1.apiVersion, 'autoscaling/v1');
    assert.equal(v1.spec.targetCPUUtilizationPercentage, 80);
  });

  it('core and events.k8s.io events are the same objects', async () => {
    const asCore = JSON.parse((await ok(['get', 'events', 'e2e-ev2', '-n', ns, '-o', 'json'])).stdout) as {
      apiVersion: string;
      reason: string;
      message: string;
      involvedObject: { name: string };
    };
    assert.equal(asCore.apiVersion, 'v1');
    assert.equal(asCore.reason, 'Tested');
    assert.equal(asCore.message, 'an events.k8s.io/v1 event');
    assert.equal(asCore.involvedObject.name, 'e2e-cm');
    const asNew = JSON.parse(
      (await ok(['get', 'events.events.k8s.io', 'e2e-ev', '-n', ns, '-o', 'json'])).stdout,
    ) as { apiVersion: string; note: string; regarding: { name: string } };
    assert.equal(asNew.apiVersion, 'events.k8s.io/v1');
    assert.equal(asNew.note, 'a core/v1 event');
    assert.equal(asNew.regarding.name, 'e2e-cm');
  });

  it('delete -f deletes each object and waits until it is gone', async () => {
    const file = join(workDir, 'all-but-namespace.yaml');
    await writeFile(file, toMultiDocYaml(withoutNamespace));
    const { stdout, stderr } = await ok(['delete', '-f', file, '--timeout=60s']);
    assert.equal(stderr, '');
    assert.deepEqual(
      outputLines(stdout),
      withoutNamespace.map((o) => {
        const name = kubectlName(o);
        const slash = name.lastIndexOf('/');
        return `${name.slice(0, slash)} "${o.name}" deleted`;
      }),
    );
    const after = await run(['get', '-f', file]);
    assert.equal(after.code, 1);
    assert.equal(after.stdout, '');
    const lines = outputLines(after.stderr);
    assert.equal(lines.length, withoutNamespace.length);
    for (const [i, o] of withoutNamespace.entries()) {
      assert.match(
        lines[i] ?? '',
        new RegExp(`^Error from server \\(NotFound\\): \\S+ "${o.name.replace(/\./g, '\\.')}" not found$`),
      );
    }
  });

  it('get -f of the deleted objects prints upstream NotFound messages', async () => {
    const file = join(workDir, 'all-but-namespace.yaml');
    const { stderr } = await run(['get', '-f', file]);
    assert.deepEqual(
      outputLines(stderr),
      withoutNamespace.map(
        (o) =>
          `Error from server (NotFound): ${qualifiedResource(o.apiVersion, o.kind)} "${o.name}" not found`,
      ),
    );
  });

  it('deleting the namespace leaves it Terminating (no namespace controller yet) or gone', async () => {
    const { stdout } = await ok(['delete', 'namespace', ns, '--wait=false']);
    assert.equal(stdout.trim(), `namespace "${ns}" deleted`);
    const got = await run(['get', 'namespace', ns, '--no-headers']);
    if (got.code === 0) {
      assert.match(got.stdout, new RegExp(`^${ns}\\s+Terminating\\s+\\S+\\s*$`));
    } else {
      assert.equal(got.stderr.trim(), `Error from server (NotFound): namespaces "${ns}" not found`);
    }
  });
});

describe('field validation', () => {
  const deployment = (name: string): string =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      '  replica: 2',
      '  selector:',
      '    matchLabels: {app: web}',
      '  template:',
      '    metadata:',
      '      labels: {app: web}',
      '    spec:',
      '      containers:',
      '      - name: web',
      '        image: registry.local/toolbox:1',
      '        imagePolicy: Always',
      '',
    ].join('\n');

  it('--validate=strict rejects unknown fields with upstream message', async () => {
    const file = join(workDir, 'unknown-fields.yaml');
    await writeFile(file, deployment('strict-web'));
    const result = await run(['create', '-f', file, '--validate=strict']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr.trim(),
      `Error from server (BadRequest): error when creating "${file}": Deployment in version "v1" cannot be handled as a Deployment: ` +
        'strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePolicy"',
    );
    const missing = await run(['get', 'deployment', 'strict-web']);
    assert.equal(
      missing.stderr.trim(),
      'Error from server (NotFound): deployments.apps "strict-web" not found',
    );
  });

  it('the default validation is strict too', async () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
      dta: { a: 'b' },
    });
    const result = await run(['create', '-f', '-'], json);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dta"',
    );
  });

  it('--validate=warn creates the object and prints one warning per unknown field', async () => {
    const result = await ok(['create', '-f', '-', '--validate=warn'], deployment('warn-web'));
    assert.equal(result.stdout.trim(), 'deployment.apps/warn-web created');
    assert.deepEqual(outputLines(result.stderr), [
      'Warning: unknown field "spec.replica"',
      'Warning: unknown field "spec.template.spec.containers[0].imagePolicy"',
    ]);
    const replicas = await ok(['get', 'deployment', 'warn-web', '-o', 'jsonpath={.spec.replicas}']);
    assert.equal(replicas.stdout, '1', 'the unknown field is dropped and replicas defaulted');
  });

  it('--validate=false creates silently', async () => {
    const result = await ok(['create', '-f', '-', '--validate=false'], deployment('ignore-web'));
    assert.equal(result.stdout.trim(), 'deployment.apps/ignore-web created');
    assert.equal(result.stderr, '');
  });
});
