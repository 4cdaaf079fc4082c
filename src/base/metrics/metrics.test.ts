import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiserverRequestDurationBuckets, exponentialBuckets, linearBuckets } from './buckets.js';
import { Counter } from './counter.js';
import { defaultRegistry } from './default-registry.js';
import { Gauge } from './gauge.js';
import { Histogram } from './histogram.js';
import type { Collector } from './metric-family.js';
import { Registry } from './registry.js';

test('a labeled counter renders HELP, TYPE and one line per series, labels sorted by name', () => {
  const registry = new Registry();
  const requests = registry.counter({
    name: 'apiserver_request_total',
    help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component', 'code'],
  });
  requests.labels('LIST', '', 'v1', 'pods', '', 'namespace', 'apiserver', '200').inc();
  requests.labels('GET', '', 'v1', 'pods', '', 'resource', 'apiserver', '200').inc(2);
  requests.labels('GET', '', 'v1', 'pods', '', 'resource', 'apiserver', '200').inc();
  requests.labels('GET', '', 'v1', 'pods', '', 'resource', 'apiserver', '404').inc();
  assert.equal(
    registry.render(),
    '# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.\n' +
      '# TYPE apiserver_request_total counter\n' +
      'apiserver_request_total{code="200",component="apiserver",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 1\n' +
      'apiserver_request_total{code="200",component="apiserver",group="",resource="pods",scope="resource",subresource="",verb="GET",version="v1"} 3\n' +
      'apiserver_request_total{code="404",component="apiserver",group="",resource="pods",scope="resource",subresource="",verb="GET",version="v1"} 1\n',
  );
  assert.equal(requests.labels('GET', '', 'v1', 'pods', '', 'resource', 'apiserver', '200').get(), 3);
});

test('an unlabeled metric exposes 0 from creation; a labeled one nothing until used', () => {
  const registry = new Registry();
  registry.counter({ name: 'a_total', help: 'A.' });
  registry.gauge({ name: 'b', help: 'B.', labelNames: ['x'] });
  assert.equal(registry.render(), '# HELP a_total A.\n# TYPE a_total counter\na_total 0\n');
});

test('gauges go up, down and to any value', () => {
  const registry = new Registry();
  const inflight = registry.gauge({
    name: 'apiserver_longrunning_requests',
    help: 'Long-running requests.',
    labelNames: ['verb', 'resource'],
  });
  const watches = inflight.labels('WATCH', 'pods');
  watches.inc();
  watches.inc();
  watches.dec();
  inflight.labels('WATCH', 'nodes').set(-0.5);
  const objects = registry.gauge({ name: 'apiserver_storage_objects', help: 'Objects per resource.' });
  objects.set(1234567);
  objects.inc(3);
  assert.equal(objects.get(), 1234570);
  assert.equal(
    registry.render(),
    '# HELP apiserver_longrunning_requests Long-running requests.\n' +
      '# TYPE apiserver_longrunning_requests gauge\n' +
      'apiserver_longrunning_requests{resource="nodes",verb="WATCH"} -0.5\n' +
      'apiserver_longrunning_requests{resource="pods",verb="WATCH"} 1\n' +
      '# HELP apiserver_storage_objects Objects per resource.\n' +
      '# TYPE apiserver_storage_objects gauge\n' +
      'apiserver_storage_objects 1.23457e+06\n',
  );
});

test('histogram buckets accumulate, le is the last label, +Inf equals the count', () => {
  const registry = new Registry();
  const h = registry.histogram({
    name: 'op_seconds',
    help: 'Op latency.',
    labelNames: ['op'],
    buckets: [0.1, 1],
  });
  const get = h.labels('get');
  for (const v of [0.05, 0.1, 0.5, 5]) get.observe(v);
  h.labels('put').observe(2);
  assert.deepEqual(get.snapshot(), {
    buckets: [
      { le: 0.1, count: 2 },
      { le: 1, count: 3 },
      { le: Infinity, count: 4 },
    ],
    sum: 5.65,
    count: 4,
  });
  assert.equal(
    registry.render(),
    '# HELP op_seconds Op latency.\n' +
      '# TYPE op_seconds histogram\n' +
      'op_seconds_bucket{op="get",le="0.1"} 2\n' +
      'op_seconds_bucket{op="get",le="1"} 3\n' +
      'op_seconds_bucket{op="get",le="+Inf"} 4\n' +
      'op_seconds_sum{op="get"} 5.65\n' +
      'op_seconds_count{op="get"} 4\n' +
      'op_seconds_bucket{op="put",le="0.1"} 0\n' +
      'op_seconds_bucket{op="put",le="1"} 0\n' +
      'op_seconds_bucket{op="put",le="+Inf"} 1\n' +
      'op_seconds_sum{op="put"} 2\n' +
      'op_seconds_count{op="put"} 1\n',
  );
});

test('an unlabeled histogram with the apiserver request buckets', () => {
  const h = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'Latency.',
    buckets: apiserverRequestDurationBuckets,
  });
  assert.equal(apiserverRequestDurationBuckets.length, 23);
  h.observe(0.3);
  h.observe(100);
  const lines = renderOf(h);
  assert.ok(lines.includes('apiserver_request_duration_seconds_bucket{le="0.005"} 0\n'));
  assert.ok(lines.includes('apiserver_request_duration_seconds_bucket{le="0.4"} 1\n'));
  assert.ok(lines.includes('apiserver_request_duration_seconds_bucket{le="60"} 1\n'));
  assert.ok(lines.includes('apiserver_request_duration_seconds_bucket{le="+Inf"} 2\n'));
  assert.ok(
    lines.endsWith(
      'apiserver_request_duration_seconds_sum 100.3\napiserver_request_duration_seconds_count 2\n',
    ),
  );
  assert.equal(lines.split('\n').filter((l) => l.includes('_bucket')).length, 24);
});

test('label values and help text are escaped', () => {
  const registry = new Registry();
  const c = registry.counter({
    name: 'escapes_total',
    help: 'Back\\slash and\nnewline "quotes" stay.',
    labelNames: ['path'],
  });
  c.labels('C:\\dir "x"\nnext').inc();
  assert.equal(
    registry.render(),
    '# HELP escapes_total Back\\\\slash and\\nnewline "quotes" stay.\n' +
      '# TYPE escapes_total counter\n' +
      'escapes_total{path="C:\\\\dir \\"x\\"\\nnext"} 1\n',
  );
});

test('the registry sorts families by name, refuses duplicates and takes custom collectors', () => {
  const registry = new Registry();
  registry.gauge({ name: 'zeta', help: 'Z.' });
  const custom: Collector = {
    name: 'alpha',
    collect: () => ({
      name: 'alpha',
      help: 'Computed at scrape.',
      type: 'gauge',
      samples: [{ name: 'alpha', labels: [['resource', 'pods']], value: 7 }],
    }),
  };
  registry.register(custom);
  assert.throws(() => registry.counter({ name: 'zeta', help: 'again' }), /already registered/);
  assert.equal(
    registry.render(),
    '# HELP alpha Computed at scrape.\n# TYPE alpha gauge\nalpha{resource="pods"} 7\n# HELP zeta Z.\n# TYPE zeta gauge\nzeta 0\n',
  );
  assert.equal(registry.unregister('alpha'), true);
  assert.equal(registry.get('alpha'), undefined);
  assert.equal(registry.unregister('alpha'), false);
});

test('remove and reset drop series', () => {
  const c = new Counter({ name: 'c_total', help: 'C.', labelNames: ['k'] });
  c.labels('a').inc();
  c.labels('b').inc();
  assert.equal(c.remove('a'), true);
  assert.deepEqual(
    c.collect().samples.map((s) => s.labels),
    [[['k', 'b']]],
  );
  c.reset();
  assert.equal(c.collect().samples.length, 0);
  const g = new Gauge({ name: 'g', help: 'G.' });
  g.set(5);
  g.reset();
  assert.equal(g.get(), 0);
});

test('misuse is refused', () => {
  assert.throws(() => new Counter({ name: 'bad-name', help: 'x' }), /invalid metric name/);
  assert.throws(
    () => new Counter({ name: 'ok', help: 'x', labelNames: ['__reserved'] }),
    /invalid label name/,
  );
  assert.throws(() => new Counter({ name: 'ok', help: 'x', labelNames: ['a', 'a'] }), /duplicate label name/);
  assert.throws(() => new Histogram({ name: 'ok', help: 'x', labelNames: ['le'] }), /invalid label name/);
  assert.throws(() => new Histogram({ name: 'ok', help: 'x', buckets: [1, 1] }), /strictly increasing/);
  assert.deepEqual(new Histogram({ name: 'ok', help: 'x', buckets: [1, 2, Infinity] }).buckets, [1, 2]);
  const labeled = new Counter({ name: 'ok_total', help: 'x', labelNames: ['verb', 'code'] });
  // @ts-expect-error -- two label names need two values
  assert.throws(() => labeled.labels('GET'), /has 2 labels/);
  assert.throws(() => labeled.inc(), /use labels/);
  assert.throws(() => new Counter({ name: 'c_total', help: 'x' }).inc(-1), /cannot decrease/);
});

test('bucket helpers match the Go client', () => {
  assert.deepEqual(exponentialBuckets(1000, 10, 4), [1000, 10000, 100000, 1000000]);
  assert.deepEqual(linearBuckets(1, 2, 3), [1, 3, 5]);
  assert.throws(() => exponentialBuckets(0, 2, 3));
});

test('defaultRegistry is one registry per process', () => {
  assert.equal(defaultRegistry(), defaultRegistry());
  assert.ok(defaultRegistry() instanceof Registry);
});

function renderOf(h: Histogram): string {
  const registry = new Registry();
  registry.register(h);
  return registry.render();
}
