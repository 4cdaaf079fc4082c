/**
 * `kubectl get -w` while another kubectl changes objects: table watches (one-row tables), the
 * event types of --output-watch-events (table and JSON), --watch-only, watching one object, and
 * label-selector watches where objects enter and leave the selection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kubectlOk, startKubectl, type BackgroundKubectl, type KubectlResult } from '../support/kubectl.js';
import { outputLines, parseJsonStream, parseTable } from '../support/kubectl-output.js';
import { startK8tsServer, type K8tsServer } from '../support/k8ts-server.js';

let server: K8tsServer | undefined;
const ns = 'e2e-watch';
const watchers: BackgroundKubectl[] = [];

function kubeconfig(): string {
  if (server === undefined) throw new Error('server did not start');
  return server.kubeconfig;
}
const ok = (args: string[], stdin?: string): Promise<KubectlResult> =>
  kubectlOk(args, { kubeconfig: kubeconfig(), ...(stdin === undefined ? {} : { stdin }) });
function watch(args: string[]): BackgroundKubectl {
  const w = startKubectl(args, { kubeconfig: kubeconfig() });
  watchers.push(w);
  return w;
}

const cm = (name: string, data: Record<string, string>, labels: Record<string, string> = {}): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data });

before(async () => {
  server = await startK8tsServer();
  await ok(
    ['create', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }),
  );
  await ok(['create', '-f', '-'], cm('existing', { a: '1' }, { app: 'watched' }));
});
after(async () => {
  await Promise.all(watchers.map((w) => w.stop()));
  await server?.stop();
});

/** Lines of a table watch whose NAME column is `name` (the EVENT column first when asked for). */
/** The complete rows for `name` (a last line kubectl has not finished flushing is left out). */
function rowsFor(stdout: string, name: string): Array<Record<string, string>> {
  const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
  return parseTable(complete).records.filter((r) => r['NAME'] === name);
}

describe('kubectl get -w', () => {
  it('--output-watch-events prints ADDED, MODIFIED and DELETED rows as another kubectl changes objects', async () => {
    const w = watch(['get', 'configmaps', '-n', ns, '-w', '--output-watch-events']);
    await w.waitForStdout(/ADDED\s+existing\s+1\s/);

    await ok(['create', '-f', '-'], cm('w1', { a: '1' }));
    await w.waitForStdout((out) => rowsFor(out, 'w1').length >= 1);
    await ok(['label', 'configmap', 'w1', '-n', ns, 'color=blue']);
    await w.waitForStdout((out) => rowsFor(out, 'w1').length >= 2);
    await ok(['replace', '-f', '-'], cm('w1', { a: '1', b: '2' }, { color: 'blue' }));
    await w.waitForStdout((out) => rowsFor(out, 'w1').length >= 3);
    await ok(['delete', 'configmap', 'w1', '-n', ns]);
    const out = await w.waitForStdout((o) => rowsFor(o, 'w1').length >= 4);

    const table = parseTable(out);
    assert.deepEqual(table.columns, ['EVENT', 'NAME', 'DATA', 'AGE']);
    assert.deepEqual(
      table.records.map((r) => [r['EVENT'], r['NAME'], r['DATA']]),
      [
        ['ADDED', 'existing', '1'],
        ['ADDED', 'w1', '1'],
        ['MODIFIED', 'w1', '1'],
        ['MODIFIED', 'w1', '2'],
        ['DELETED', 'w1', '2'],
      ],
    );
    // Each event is one row under the single header printed first.
    assert.equal(outputLines(out).filter((l) => l.startsWith('EVENT')).length, 1);
    assert.equal(w.stderr(), '');
    const end = await w.stop();
    assert.equal(end.stderr, '', 'the watch never ended by itself');
  });

  it('-o json --output-watch-events prints each event with its type and full object', async () => {
    const w = watch(['get', 'configmaps', '-n', ns, '-w', '--output-watch-events', '-o', 'json']);
    await w.waitForStdout(/"existing"/);
    await ok(['create', '-f', '-'], cm('w2', { a: '1' }));
    await ok(['label', 'configmap', 'w2', '-n', ns, 'color=red']);
    await ok(['delete', 'configmap', 'w2', '-n', ns]);
    const out = await w.waitForStdout(/"DELETED".*\n/);

    const events = parseJsonStream(out) as Array<{
      type: string;
      object: {
        apiVersion: string;
        kind: string;
        metadata: { name: string; resourceVersion: string; labels?: Record<string, string> };
      };
    }>;
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata.name]),
      [
        ['ADDED', 'existing'],
        ['ADDED', 'w2'],
        ['MODIFIED', 'w2'],
        ['DELETED', 'w2'],
      ],
    );
    for (const e of events) {
      assert.equal(e.object.apiVersion, 'v1');
      assert.equal(e.object.kind, 'ConfigMap');
    }
    assert.deepEqual(events[2]?.object.metadata.labels, { color: 'red' });
    const rvs = events.slice(1).map((e) => Number(e.object.metadata.resourceVersion));
    assert.deepEqual(
      rvs,
      [...rvs].sort((a, b) => a - b),
    );
    assert.equal(new Set(rvs).size, 3, 'every write has its own resourceVersion');
  });

  it('--watch-only prints changes but not the objects that already exist', async () => {
    const w = watch(['get', 'configmaps', '-n', ns, '--watch-only', '-v=6']);
    // The watch request has been answered: from here on every change is delivered.
    await w.waitForStderr(/configmaps\?resourceVersion=\d+&watch=true 200 OK/);
    await ok(['create', '-f', '-'], cm('w3', { a: '1', b: '2', c: '3' }));
    // A whole row: kubectl may flush a line in more than one chunk.
    const out = await w.waitForStdout(/w3\s+\d+\s+\S+\n/);
    const table = parseTable(out);
    assert.deepEqual(table.columns, ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(
      table.records.map((r) => [r['NAME'], r['DATA']]),
      [['w3', '3']],
    );
    await ok(['delete', 'configmap', 'w3', '-n', ns]);
    const after = await w.waitForStdout((o) => rowsFor(o, 'w3').length === 2);
    assert.ok(!after.includes('existing'));
  });

  it('--watch-only -o jsonpath prints one line per event', async () => {
    const w = watch([
      'get',
      'configmaps',
      '-n',
      ns,
      '--watch-only',
      '--output-watch-events',
      '-o',
      'jsonpath={.type} {.object.metadata.name} {.object.data.a}{"\\n"}',
      '-v=6',
    ]);
    await w.waitForStderr(/configmaps\?resourceVersion=\d+&watch=true 200 OK/);
    await ok(['create', '-f', '-'], cm('w4', { a: 'one' }));
    await ok(['replace', '-f', '-'], cm('w4', { a: 'two' }));
    await ok(['delete', 'configmap', 'w4', '-n', ns]);
    const out = await w.waitForStdout(/DELETED w4 two\n/);
    assert.deepEqual(outputLines(out), ['ADDED w4 one', 'MODIFIED w4 two', 'DELETED w4 two']);
  });

  it('get NAME -w follows one object', async () => {
    await ok(['create', '-f', '-'], cm('single', { a: '1' }));
    await ok(['create', '-f', '-'], cm('other', { a: '1' }));
    const w = watch(['get', 'configmap', 'single', '-n', ns, '-w', '--output-watch-events']);
    await w.waitForStdout(/ADDED\s+single/);
    await ok(['label', 'configmap', 'other', '-n', ns, 'x=y']);
    await ok(['replace', '-f', '-'], cm('single', { a: '1', b: '2' }));
    const out = await w.waitForStdout(/MODIFIED\s+single\s+2\s+\S+\n/);
    assert.deepEqual(
      parseTable(out).records.map((r) => [r['EVENT'], r['NAME'], r['DATA']]),
      [
        ['ADDED', 'single', '1'],
        ['MODIFIED', 'single', '2'],
      ],
    );
  });

  it('a raw watch streams one compact JSON event per line and ends after timeoutSeconds', async () => {
    const started = Date.now();
    const { stdout } = await ok([
      'get',
      '--raw',
      `/api/v1/namespaces/${ns}/configmaps?watch=true&timeoutSeconds=2&fieldSelector=metadata.name%3Dexisting`,
    ]);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1500 && elapsed < 15_000, `the watch lasted ${elapsed} ms`);
    const lines = stdout.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, stdout);
    const event = JSON.parse(lines[0] ?? '') as {
      type: string;
      object: { kind: string; apiVersion: string; metadata: { name: string } };
    };
    assert.deepEqual(
      [event.type, event.object.kind, event.object.apiVersion, event.object.metadata.name],
      ['ADDED', 'ConfigMap', 'v1', 'existing'],
    );
    assert.equal(lines[0], JSON.stringify(JSON.parse(lines[0] ?? '')), 'compact JSON');
  });

  it('a label-selector watch sees objects enter (ADDED) and leave (DELETED) the selection', async () => {
    const w = watch(['get', 'configmaps', '-n', ns, '-l', 'app=watched', '-w', '--output-watch-events']);
    await w.waitForStdout(/ADDED\s+existing/);
    await ok(['create', '-f', '-'], cm('joiner', { a: '1' }));
    await ok(['label', 'configmap', 'joiner', '-n', ns, 'app=watched']);
    await w.waitForStdout(/joiner/);
    await ok(['label', 'configmap', 'existing', '-n', ns, 'app=elsewhere', '--overwrite']);
    const out = await w.waitForStdout(/DELETED\s+existing/);
    assert.deepEqual(
      parseTable(out).records.map((r) => [r['EVENT'], r['NAME']]),
      [
        ['ADDED', 'existing'],
        ['ADDED', 'joiner'],
        ['DELETED', 'existing'],
      ],
    );
  });
});
