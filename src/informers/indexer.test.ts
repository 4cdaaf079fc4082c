import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../api/object.js';
import { deepFreeze, freezeCacheByDefault } from './deep-freeze.js';
import { Indexer, namespaceIndex } from './indexer.js';

function obj(namespace: string, name: string, rv: string, labels?: Record<string, string>): KubeObject {
  return {
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      resourceVersion: rv,
      ...(labels ? { labels } : {}),
    },
  };
}

const byApp = { app: (o: KubeObject) => (o.metadata?.labels?.['app'] ? [o.metadata.labels['app']] : []) };

test('objects are keyed namespace/name (name alone when cluster-scoped)', () => {
  const ix = new Indexer<KubeObject>({ freeze: false });
  ix.add(obj('ns1', 'a', '1'));
  ix.add(obj('', 'node1', '2'));
  assert.deepEqual(ix.listKeys().sort(), ['node1', 'ns1/a']);
  assert.equal(ix.getByKey('ns1/a')?.metadata?.resourceVersion, '1');
  assert.equal(ix.update(obj('ns1', 'a', '3')).previous?.metadata?.resourceVersion, '1');
  assert.equal(ix.delete(obj('ns1', 'a', '4')).previous?.metadata?.resourceVersion, '3');
  assert.equal(ix.delete(obj('ns1', 'a', '4')).previous, undefined);
  assert.equal(ix.size, 1);
});

test('the namespace index follows adds and deletes', () => {
  const ix = new Indexer<KubeObject>({ freeze: false });
  ix.add(obj('ns1', 'a', '1'));
  ix.add(obj('ns1', 'b', '1'));
  ix.add(obj('ns2', 'c', '1'));
  ix.add(obj('', 'n', '1'));
  assert.deepEqual(ix.indexKeys(namespaceIndex, 'ns1').sort(), ['ns1/a', 'ns1/b']);
  assert.deepEqual(ix.indexKeys(namespaceIndex, ''), ['n']);
  ix.delete(obj('ns1', 'a', '2'));
  assert.deepEqual(ix.indexKeys(namespaceIndex, 'ns1'), ['ns1/b']);
  assert.deepEqual(ix.indexValues(namespaceIndex).sort(), ['', 'ns1', 'ns2']);
});

test('custom indexes move an object when its indexed value changes', () => {
  const ix = new Indexer<KubeObject>({ freeze: false, indexers: byApp });
  ix.add(obj('ns', 'a', '1', { app: 'web' }));
  ix.add(obj('ns', 'b', '1', { app: 'web' }));
  assert.equal(ix.byIndex('app', 'web').length, 2);
  ix.update(obj('ns', 'a', '2', { app: 'db' }));
  assert.deepEqual(ix.indexKeys('app', 'web'), ['ns/b']);
  assert.deepEqual(ix.indexKeys('app', 'db'), ['ns/a']);
  ix.update(obj('ns', 'b', '2'));
  assert.deepEqual(ix.indexKeys('app', 'web'), []);
  assert.deepEqual(ix.indexValues('app'), ['db']);
  assert.throws(() => ix.byIndex('nope', 'x'), /index "nope": it does not exist/);
});

test('indexes added later are built over the current contents; duplicates are refused', () => {
  const ix = new Indexer<KubeObject>({ freeze: false });
  ix.add(obj('ns', 'a', '1', { app: 'web' }));
  ix.addIndexers(byApp);
  assert.deepEqual(ix.indexKeys('app', 'web'), ['ns/a']);
  assert.ok(ix.hasIndex('app'));
  assert.throws(() => ix.addIndexers(byApp), /already exists/);
});

test('replace reports additions and changed versions in list order, then deletions, and keeps unchanged instances', () => {
  const ix = new Indexer<KubeObject>({ freeze: false, indexers: byApp });
  const keep = obj('ns', 'keep', '1', { app: 'web' });
  ix.add(keep);
  ix.add(obj('ns', 'change', '1'));
  ix.add(obj('ns', 'gone', '1', { app: 'web' }));
  const result = ix.replace(
    [obj('ns', 'keep', '1', { app: 'web' }), obj('ns', 'change', '5'), obj('ns', 'new', '6')],
    '7',
  );
  assert.deepEqual(
    result.changed.map(
      (c) =>
        `${c.new.metadata?.name} ${c.old?.metadata?.resourceVersion}->${c.new.metadata?.resourceVersion}`,
    ),
    ['change 1->5', 'new undefined->6'],
  );
  assert.deepEqual(
    result.deleted.map((o) => o.metadata?.name),
    ['gone'],
  );
  assert.equal(ix.getByKey('ns/keep'), keep);
  assert.deepEqual(ix.listKeys().sort(), ['ns/change', 'ns/keep', 'ns/new']);
  assert.deepEqual(ix.indexKeys('app', 'web'), ['ns/keep']);
  assert.equal(ix.resourceVersion, '7');
});

test('with freeze on, a cached object cannot be mutated', () => {
  const ix = new Indexer<KubeObject>({ freeze: true });
  const o = obj('ns', 'a', '1', { app: 'web' });
  ix.add(o);
  const cached = ix.getByKey('ns/a')!;
  assert.throws(() => {
    cached.metadata!.labels!['app'] = 'db';
  }, TypeError);
  assert.throws(() => {
    cached['spec'] = {};
  }, TypeError);
});

test('freeze defaults: on under node --test, K8TS_FREEZE_CACHE overrides', () => {
  assert.equal(freezeCacheByDefault({ NODE_TEST_CONTEXT: 'child' }), true);
  assert.equal(freezeCacheByDefault({}), false);
  assert.equal(freezeCacheByDefault({ K8TS_FREEZE_CACHE: '1' }), true);
  assert.equal(freezeCacheByDefault({ K8TS_FREEZE_CACHE: '0', NODE_TEST_CONTEXT: 'child' }), false);
  assert.equal(freezeCacheByDefault(), true, 'this test runs under node --test');
  const deep = deepFreeze({ a: { b: [1, { c: 2 }] } });
  assert.ok(Object.isFrozen(deep.a.b[1]));
});
