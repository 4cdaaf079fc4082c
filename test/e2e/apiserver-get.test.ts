/**
 * `kubectl get` as a user sees it: the server-side tables (default, wide, --show-labels, -L, -A),
 * the client-side formats (yaml, json, name, jsonpath, custom-columns), label and field selectors,
 * --sort-by and paging with --chunk-size.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { kubectl, kubectlOk, type KubectlResult } from '../support/kubectl.js';
import { outputLines, parseTable } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
const ns = 'e2e-get';
const ns2 = 'e2e-other';
const pagedNs = 'e2e-paged';

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const run = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectl(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });
const ok = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });

const configMap = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
  data: Record<string, string>,
): object => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels },
  data,
});

before(async () => {
  server = await startK8tsServer();
  const docs: object[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns2 } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: pagedNs } },
    // Names sort alpha < bravo < charlie < delta; data.order sorts them differently.
    configMap('alpha', ns, { tier: 'front', env: 'prod', rank: '1' }, { order: '3', color: 'red' }),
    configMap('bravo', ns, { tier: 'back', env: 'dev', rank: '5' }, { order: '1', color: 'green' }),
    configMap('charlie', ns, { tier: 'cache', rank: '10' }, { order: '2', color: 'blue' }),
    configMap('delta', ns, {}, { order: '4' }),
    configMap('echo', ns2, { tier: 'front', env: 'prod' }, { color: 'white' }),
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-0', namespace: ns, labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'registry.local/toolbox:1' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'registry.local/toolbox:1' }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: ns },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'opaque', namespace: ns }, stringData: { a: 'b' } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'custom', namespace: ns },
      type: 'example.com/custom',
      stringData: { a: 'b', c: 'd' },
    },
  ];
  for (let i = 1; i <= 25; i++) {
    docs.push(configMap(`page-${String(i).padStart(2, '0')}`, pagedNs, { paged: 'yes' }, { i: String(i) }));
  }
  await ok(['create', '-f', '-'], docs.map((d) => JSON.stringify(d)).join('\n'));
});
after(async () => {
  await server?.stop();
});

const age = /^(\d+s|\d+m(\d+s)?)$/;

describe('server-side tables', () => {
  it('default columns for configmaps', async () => {
    const { stdout, stderr } = await ok(['get', 'configmaps', '-n', ns]);
    assert.equal(stderr, '');
    const table = parseTable(stdout);
    assert.deepEqual(table.columns, ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(
      table.rows.map((r) => r.slice(0, 2)),
      [
        ['alpha', '2'],
        ['bravo', '2'],
        ['charlie', '2'],
        ['delta', '1'],
      ],
    );
    for (const r of table.records) assert.match(r['AGE'] ?? '', age);
  });

  it('-o wide for pods shows IP, NODE, NOMINATED NODE and READINESS GATES', async () => {
    const table = parseTable((await ok(['get', 'pods', '-n', ns, '-o', 'wide'])).stdout);
    assert.deepEqual(table.columns, [
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    const row = table.records[0];
    assert.ok(row);
    assert.deepEqual(
      { ...row, AGE: '' },
      {
        NAME: 'web-0',
        READY: '0/1',
        STATUS: 'Pending',
        RESTARTS: '0',
        AGE: '',
        IP: '<none>',
        NODE: '<none>',
        'NOMINATED NODE': '<none>',
        'READINESS GATES': '<none>',
      },
    );
  });

  it('-o wide for deployments and services', async () => {
    const deploy = parseTable((await ok(['get', 'deployments', '-n', ns, '-o', 'wide'])).stdout);
    assert.deepEqual(deploy.columns, [
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
      'CONTAINERS',
      'IMAGES',
      'SELECTOR',
    ]);
    assert.deepEqual(
      { ...deploy.records[0], AGE: '' },
      {
        NAME: 'web',
        READY: '0/2',
        'UP-TO-DATE': '0',
        AVAILABLE: '0',
        AGE: '',
        CONTAINERS: 'web',
        IMAGES: 'registry.local/toolbox:1',
        SELECTOR: 'app=web',
      },
    );
    const svc = parseTable((await ok(['get', 'services', '-n', ns, '-o', 'wide'])).stdout);
    assert.deepEqual(svc.columns, [
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
      'SELECTOR',
    ]);
    const row = svc.records[0];
    assert.ok(row);
    assert.equal(row['NAME'], 'web');
    assert.equal(row['TYPE'], 'ClusterIP');
    assert.match(row['CLUSTER-IP'] ?? '', /^10\.43\.\d+\.\d+$/);
    assert.equal(row['EXTERNAL-IP'], '<none>');
    assert.equal(row['PORT(S)'], '80/TCP');
    assert.equal(row['SELECTOR'], 'app=web');
  });

  it('secrets show TYPE and DATA', async () => {
    const table = parseTable((await ok(['get', 'secrets', '-n', ns])).stdout);
    assert.deepEqual(table.columns, ['NAME', 'TYPE', 'DATA', 'AGE']);
    assert.deepEqual(
      table.rows.map((r) => r.slice(0, 3)),
      [
        ['custom', 'example.com/custom', '2'],
        ['opaque', 'Opaque', '1'],
      ],
    );
  });

  it('--show-labels adds a LABELS column', async () => {
    const table = parseTable((await ok(['get', 'cm', '-n', ns, '--show-labels'])).stdout);
    assert.deepEqual(table.columns, ['NAME', 'DATA', 'AGE', 'LABELS']);
    assert.deepEqual(
      table.records.map((r) => [r['NAME'], r['LABELS']]),
      [
        ['alpha', 'env=prod,rank=1,tier=front'],
        ['bravo', 'env=dev,rank=5,tier=back'],
        ['charlie', 'rank=10,tier=cache'],
        ['delta', '<none>'],
      ],
    );
  });

  it('-L adds one column per label key', async () => {
    const table = parseTable((await ok(['get', 'cm', '-n', ns, '-L', 'tier', '-L', 'env'])).stdout);
    assert.deepEqual(table.columns, ['NAME', 'DATA', 'AGE', 'TIER', 'ENV']);
    assert.deepEqual(
      table.records.map((r) => [r['NAME'], r['TIER'], r['ENV']]),
      [
        ['alpha', 'front', 'prod'],
        ['bravo', 'back', 'dev'],
        ['charlie', 'cache', ''],
        ['delta', '', ''],
      ],
    );
  });

  it('-A adds a NAMESPACE column and lists every namespace', async () => {
    const table = parseTable((await ok(['get', 'cm', '-A', '-l', 'tier=front'])).stdout);
    assert.deepEqual(table.columns, ['NAMESPACE', 'NAME', 'DATA', 'AGE']);
    assert.deepEqual(
      table.rows.map((r) => r.slice(0, 3)),
      [
        [ns, 'alpha', '2'],
        [ns2, 'echo', '1'],
      ],
    );
  });

  it('--no-headers prints only rows', async () => {
    const lines = outputLines((await ok(['get', 'cm', '-n', ns, '--no-headers'])).stdout);
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/)[0]),
      ['alpha', 'bravo', 'charlie', 'delta'],
    );
  });

  it('get all lists the `all` category with kind prefixes', async () => {
    const { stdout } = await ok(['get', 'all', '-n', ns, '-o', 'name']);
    assert.deepEqual(outputLines(stdout), ['pod/web-0', 'service/web', 'deployment.apps/web']);
  });

  it('an empty list says so on stderr', async () => {
    const result = await ok(['get', 'cm', '-n', ns, '-l', 'tier=nothing']);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim(), `No resources found in ${ns} namespace.`);
  });
});

describe('client-side formats', () => {
  it('-o yaml of one object', async () => {
    const { stdout } = await ok(['get', 'cm', 'alpha', '-n', ns, '-o', 'yaml']);
    const obj = parseYaml(stdout) as {
      apiVersion: string;
      kind: string;
      data: Record<string, string>;
      metadata: Record<string, unknown>;
    };
    assert.equal(obj.apiVersion, 'v1');
    assert.equal(obj.kind, 'ConfigMap');
    assert.deepEqual(obj.data, { order: '3', color: 'red' });
    assert.equal(obj.metadata['name'], 'alpha');
    assert.equal(obj.metadata['namespace'], ns);
    assert.match(
      String(obj.metadata['uid']),
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    assert.match(String(obj.metadata['resourceVersion']), /^\d+$/);
    assert.match(String(obj.metadata['creationTimestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(obj.metadata['managedFields'], undefined, 'kubectl hides managedFields');
    assert.ok(stdout.startsWith('apiVersion: v1\n'));
  });

  it('-o json of a list is a kubectl List', async () => {
    const list = JSON.parse((await ok(['get', 'cm', '-n', ns, '-o', 'json'])).stdout) as {
      apiVersion: string;
      kind: string;
      metadata: Record<string, unknown>;
      items: Array<{ apiVersion: string; kind: string; metadata: { name: string } }>;
    };
    assert.equal(list.apiVersion, 'v1');
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.metadata, { resourceVersion: '' });
    assert.deepEqual(
      list.items.map((i) => [i.apiVersion, i.kind, i.metadata.name]),
      [
        ['v1', 'ConfigMap', 'alpha'],
        ['v1', 'ConfigMap', 'bravo'],
        ['v1', 'ConfigMap', 'charlie'],
        ['v1', 'ConfigMap', 'delta'],
      ],
    );
  });

  it('-o name', async () => {
    const { stdout } = await ok(['get', 'cm,secrets', '-n', ns, '-o', 'name']);
    assert.deepEqual(outputLines(stdout), [
      'configmap/alpha',
      'configmap/bravo',
      'configmap/charlie',
      'configmap/delta',
      'secret/custom',
      'secret/opaque',
    ]);
  });

  it('-o jsonpath', async () => {
    const names = await ok(['get', 'cm', '-n', ns, '-o', 'jsonpath={.items[*].metadata.name}']);
    assert.equal(names.stdout, 'alpha bravo charlie delta');
    const ranged = await ok([
      'get',
      'cm',
      '-n',
      ns,
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.data.color}{"\\n"}{end}',
    ]);
    assert.equal(ranged.stdout, 'alpha=red\nbravo=green\ncharlie=blue\ndelta=\n');
    const one = await ok(['get', 'cm', 'bravo', '-n', ns, '-o', 'jsonpath={.metadata.labels.tier}']);
    assert.equal(one.stdout, 'back');
  });

  it('-o custom-columns', async () => {
    const { stdout } = await ok([
      'get',
      'cm',
      '-n',
      ns,
      '-o',
      'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,COLOR:.data.color',
    ]);
    const table = parseTable(stdout);
    assert.deepEqual(table.columns, ['NAME', 'TIER', 'COLOR']);
    assert.deepEqual(table.rows, [
      ['alpha', 'front', 'red'],
      ['bravo', 'back', 'green'],
      ['charlie', 'cache', 'blue'],
      ['delta', '<none>', '<none>'],
    ]);
  });
});

describe('selectors, sorting and paging', () => {
  const names = async (args: string[]): Promise<string[]> =>
    outputLines((await ok(['get', 'cm', '-n', ns, '-o', 'name', ...args])).stdout).map((l) =>
      l.replace(/^configmap\//, ''),
    );

  it('-l with equality and set-based selectors', async () => {
    assert.deepEqual(await names(['-l', 'tier=front']), ['alpha']);
    assert.deepEqual(await names(['-l', 'tier!=front']), ['bravo', 'charlie', 'delta']);
    assert.deepEqual(await names(['-l', 'tier in (front,back)']), ['alpha', 'bravo']);
    assert.deepEqual(await names(['-l', 'env notin (prod)']), ['bravo', 'charlie', 'delta']);
    assert.deepEqual(await names(['-l', 'env']), ['alpha', 'bravo']);
    assert.deepEqual(await names(['-l', '!env']), ['charlie', 'delta']);
    assert.deepEqual(await names(['-l', 'tier,!env']), ['charlie']);
    assert.deepEqual(await names(['-l', 'tier in (front, back, cache),env!=dev']), ['alpha', 'charlie']);
    assert.deepEqual(await names(['-l', 'rank>2']), ['bravo', 'charlie']);
    assert.deepEqual(await names(['-l', 'rank<2']), ['alpha']);
  });

  it('--field-selector on metadata and per-kind fields', async () => {
    assert.deepEqual(await names(['--field-selector', 'metadata.name=bravo']), ['bravo']);
    assert.deepEqual(await names(['--field-selector', 'metadata.name!=bravo,metadata.name!=delta']), [
      'alpha',
      'charlie',
    ]);
    const secrets = await ok([
      'get',
      'secrets',
      '-n',
      ns,
      '--field-selector',
      'type=example.com/custom',
      '-o',
      'name',
    ]);
    assert.equal(secrets.stdout.trim(), 'secret/custom');
    const pending = await ok(['get', 'pods', '-A', '--field-selector', 'status.phase=Pending', '-o', 'name']);
    assert.equal(pending.stdout.trim(), 'pod/web-0');
    const unscheduled = await ok([
      'get',
      'pods',
      '-n',
      ns,
      '--field-selector',
      'spec.nodeName=',
      '-o',
      'name',
    ]);
    assert.equal(unscheduled.stdout.trim(), 'pod/web-0');
    const combined = await ok([
      'get',
      'cm',
      '-A',
      '-l',
      'tier=front',
      '--field-selector',
      `metadata.namespace=${ns2}`,
      '-o',
      'name',
    ]);
    assert.equal(combined.stdout.trim(), 'configmap/echo');
  });

  it('unsupported field selectors are rejected as upstream', async () => {
    const pods = await run(['get', 'pods', '-n', ns, '--field-selector', 'spec.foo=bar']);
    assert.equal(pods.code, 1);
    assert.equal(
      pods.stderr.trim(),
      'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo',
    );
    const cms = await run(['get', 'cm', '-n', ns, '--field-selector', 'data.color=red']);
    assert.equal(cms.code, 1);
    assert.equal(
      cms.stderr.trim(),
      'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "", field selector "data.color=red": ' +
        '"data.color" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('--sort-by orders by any field', async () => {
    assert.deepEqual(await names(['--sort-by=.data.order']), ['bravo', 'charlie', 'alpha', 'delta']);
    const table = parseTable((await ok(['get', 'cm', '-n', ns, '--sort-by=.data.order'])).stdout);
    assert.deepEqual(table.columns, ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(
      table.records.map((r) => r['NAME']),
      ['bravo', 'charlie', 'alpha', 'delta'],
    );
    assert.deepEqual(await names(['--sort-by=.metadata.name']), ['alpha', 'bravo', 'charlie', 'delta']);
  });

  it('--chunk-size=2 pages through 25 objects with limit/continue', async () => {
    const { stdout, stderr } = await ok(['get', 'cm', '-n', pagedNs, '--chunk-size=2', '-v=6']);
    const table = parseTable(stdout);
    assert.deepEqual(table.columns, ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(
      table.records.map((r) => r['NAME']),
      Array.from({ length: 25 }, (_, i) => `page-${String(i + 1).padStart(2, '0')}`),
    );
    const requests = stderr
      .split('\n')
      .filter((l) => l.includes('round_trippers') && l.includes(`/api/v1/namespaces/${pagedNs}/configmaps?`));
    assert.equal(requests.length, 13, `expected 13 pages of 2:\n${requests.join('\n')}`);
    assert.match(requests[0] ?? '', /configmaps\?limit=2 200 OK/);
    for (const r of requests.slice(1)) assert.match(r, /configmaps\?continue=[^&\s]+&limit=2 200 OK/);

    const names = outputLines(
      (await ok(['get', 'cm', '-n', pagedNs, '--chunk-size=2', '-o', 'name'])).stdout,
    );
    assert.equal(names.length, 25);
    assert.equal(new Set(names).size, 25);
  });

  it('paging stays consistent while objects change', async () => {
    // Pages served from the first page's snapshot: objects created mid-list do not appear.
    const raw = async (
      query: string,
    ): Promise<{
      items: Array<{ metadata: { name: string } }>;
      metadata: { continue?: string; remainingItemCount?: number };
    }> =>
      JSON.parse(
        (await ok(['get', '--raw', `/api/v1/namespaces/${pagedNs}/configmaps?${query}`])).stdout,
      ) as never;
    const first = await raw('limit=10');
    assert.equal(first.items.length, 10);
    assert.equal(first.metadata.remainingItemCount, 15);
    const token = first.metadata.continue;
    assert.ok(token);
    await ok(['create', '-f', '-'], JSON.stringify(configMap('page-00', pagedNs, {}, {})));
    await ok(['create', '-f', '-'], JSON.stringify(configMap('page-99', pagedNs, {}, {})));
    const rest = await raw(`limit=100&continue=${encodeURIComponent(token)}`);
    assert.deepEqual(
      rest.items.map((i) => i.metadata.name),
      Array.from({ length: 15 }, (_, i) => `page-${String(i + 11).padStart(2, '0')}`),
    );
    assert.equal(rest.metadata.continue ?? '', '');
    await ok(['delete', 'cm', 'page-00', 'page-99', '-n', pagedNs]);
  });
});
