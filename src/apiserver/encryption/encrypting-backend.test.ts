import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import type { KeyValue, WatchEvent } from '../../storage/backend.js';
import { MemoryBackend } from '../../storage/memory/memory-backend.js';
import { builtinResources } from '../../api/scheme/builtin-resources.js';
import { encryptingBackend, isStaleValue, transformErrorOf } from './encrypting-backend.js';
import { EncryptionTransformers, parseEncryptionConfiguration } from './encryption-config.js';
import { storageTransformers } from './storage-transformers.js';

const key1 = { name: 'key1', secret: Buffer.alloc(32, 1).toString('base64') };
const key2 = { name: 'key2', secret: Buffer.alloc(32, 2).toString('base64') };

function encryption(providers: unknown[]) {
  return storageTransformers(
    builtinResources,
    new EncryptionTransformers(
      parseEncryptionConfiguration(
        stringify({
          apiVersion: 'apiserver.config.k8s.io/v1',
          kind: 'EncryptionConfiguration',
          resources: [{ resources: ['secrets'], providers }],
        }),
      ),
    ),
  );
}

const secretKey = '/registry/secrets/default/s1';
const plain = Buffer.from('{"kind":"Secret","data":{"password":"aHVudGVyMg=="}}');
const text = (kv: KeyValue | undefined) => Buffer.from(kv?.value ?? []).toString();

describe('encrypting backend', () => {
  it('stores covered keys encrypted and hands every read path the plain value', async () => {
    const raw = new MemoryBackend();
    const backend = encryptingBackend(raw, encryption([{ aesgcm: { keys: [key1] } }]));
    const stream = backend.watch('/registry/')[Symbol.asyncIterator]();
    const created = await backend.create(secretKey, plain);
    assert.ok(created.succeeded);
    assert.equal(text(created.kv), plain.toString());
    await backend.create('/registry/configmaps/default/c1', Buffer.from('{"kind":"ConfigMap"}'));

    const stored = text(await raw.get(secretKey));
    assert.ok(stored.startsWith('k8s:enc:aesgcm:v1:key1:'));
    assert.equal(stored.includes('aHVudGVyMg'), false);
    assert.equal(text(await raw.get('/registry/configmaps/default/c1')), '{"kind":"ConfigMap"}');

    assert.equal(text(await backend.get(secretKey)), plain.toString());
    const listed = await backend.list('/registry/');
    assert.deepEqual(
      listed.items.map((kv) => text(kv)),
      ['{"kind":"ConfigMap"}', plain.toString()],
    );
    const events: WatchEvent[] = [];
    while (events.length < 2) events.push(...((await stream.next()).value as WatchEvent[]));
    assert.equal(text(events[0]!.kv), plain.toString());

    const updated = await backend.update(secretKey, Buffer.from('{"v":2}'), created.kv.modRevision);
    assert.ok(updated.succeeded);
    assert.equal(text(updated.prevKv), plain.toString());
    const deleted = await backend.delete(secretKey);
    assert.ok(deleted.succeeded);
    assert.equal(text(deleted.prevKv), '{"v":2}');
    await stream.return?.();
    await backend.close();
  });

  it('marks values under an old key stale, and values no key reads with their error instead of failing', async () => {
    const raw = new MemoryBackend();
    await encryptingBackend(raw, encryption([{ secretbox: { keys: [key1] } }])).create(secretKey, plain);
    await raw.create('/registry/secrets/default/plain', plain);

    const rotated = encryptingBackend(
      raw,
      encryption([{ secretbox: { keys: [key2, key1] } }, { identity: {} }]),
    );
    const old = await rotated.get(secretKey);
    assert.equal(text(old), plain.toString());
    assert.equal(isStaleValue(old!), true);
    assert.equal(isStaleValue((await rotated.get('/registry/secrets/default/plain'))!), true);

    const lost = encryptingBackend(raw, encryption([{ secretbox: { keys: [key2] } }]));
    const page = await lost.list('/registry/secrets/');
    assert.deepEqual(
      page.items.map((kv) => transformErrorOf(kv)),
      ['no matching prefix found', 'no matching prefix found'],
    );
    // Nothing was rewritten: the right key still reads the value.
    assert.equal(text(await rotated.get(secretKey)), plain.toString());
    await raw.close();
  });

  it('leaves the backend alone when nothing is encrypted', () => {
    const raw = new MemoryBackend();
    assert.equal(encryptingBackend(raw, []), raw);
    assert.deepEqual(
      encryption([{ identity: {} }]).map((t) => t.prefix),
      ['/registry/secrets/'],
    );
  });
});
