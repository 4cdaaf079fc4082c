import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CachedObject } from './cached-object.js';
import { defaultHistoryLimits, ResourceCache } from './resource-cache.js';

const prefix = '/registry/rolebindings/';
const binding = (ns: string, name: string, rv: number) =>
  new CachedObject(`${prefix}${ns}/${name}`, { metadata: { namespace: ns, name } }, rv);

test("objectsUnder shares one list until the cache's objects change", () => {
  const cache = new ResourceCache(prefix, defaultHistoryLimits);
  cache.reset([binding('a', 'one', 1)], 1);
  const first = cache.objectsUnder(`${prefix}a/`);
  assert.deepEqual(
    first.map((o) => o.metadata?.name),
    ['one'],
  );
  assert.equal(cache.objectsUnder(`${prefix}a/`), first);
  // A change in another namespace changes the cache: the list is made again, with the same objects.
  cache.apply(`${prefix}b/two`, binding('b', 'two', 2), 2);
  const second = cache.objectsUnder(`${prefix}a/`);
  assert.notEqual(second, first);
  assert.deepEqual(second, first);
  cache.apply(`${prefix}a/three`, binding('a', 'three', 3), 3);
  assert.deepEqual(
    cache.objectsUnder(`${prefix}a/`).map((o) => o.metadata?.name),
    ['one', 'three'],
  );
  cache.apply(`${prefix}a/one`, undefined, 4);
  assert.deepEqual(
    cache.objectsUnder(`${prefix}a/`).map((o) => o.metadata?.name),
    ['three'],
  );
  assert.deepEqual(
    cache.objectsUnder(prefix).map((o) => o.metadata?.name),
    ['three', 'two'],
  );
});
