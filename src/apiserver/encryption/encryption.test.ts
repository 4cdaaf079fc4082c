import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { EncryptionTransformers, parseEncryptionConfiguration } from './encryption-config.js';
import { ensureEncryptionConfig } from './ensure-encryption-config.js';

const k1 = Buffer.alloc(32, 1).toString('base64');
const k2 = Buffer.alloc(32, 2).toString('base64');
const k16 = Buffer.alloc(16, 3).toString('base64');
const secrets = { group: '', resource: 'secrets' };
const ctx = '/registry/secrets/default/s1';
const plain = Buffer.from('{"kind":"Secret","data":{"password":"aHVudGVyMg=="}}');

function config(providers: unknown[], resources = ['secrets']): string {
  return stringify({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [{ resources, providers }],
  });
}

function transformers(providers: unknown[], resources?: string[]): EncryptionTransformers {
  return new EncryptionTransformers(parseEncryptionConfiguration(config(providers, resources)));
}

describe('encryption providers', () => {
  for (const [kind, secret] of [
    ['aescbc', k1],
    ['aesgcm', k1],
    ['aesgcm', k16],
    ['secretbox', k1],
  ] as const) {
    it(`${kind} round-trips with upstream's prefix and never stores the plain text`, () => {
      const t = transformers([{ [kind]: { keys: [{ name: 'key1', secret }] } }]).transformerFor(secrets);
      const stored = t.toStorage(plain, ctx);
      assert.ok(Buffer.from(stored).toString('latin1').startsWith(`k8s:enc:${kind}:v1:key1:`));
      assert.equal(Buffer.from(stored).indexOf('hunter2'), -1);
      assert.equal(Buffer.from(stored).indexOf(Buffer.from('aHVudGVyMg==')), -1);
      const back = t.fromStorage(stored, ctx);
      assert.deepEqual(Buffer.from(back.data), plain);
      assert.equal(back.stale, false);
      // Random IVs/nonces: the same value never encrypts to the same bytes twice.
      assert.notDeepEqual(Buffer.from(t.toStorage(plain, ctx)), Buffer.from(stored));
    });
  }

  it('aescbc lays out a 16-byte IV then PKCS#7-padded blocks', () => {
    const t = transformers([{ aescbc: { keys: [{ name: 'k', secret: k1 }] } }]).transformerFor(secrets);
    const body = Buffer.from(t.toStorage(Buffer.from('x'.repeat(16)), ctx)).subarray(
      'k8s:enc:aescbc:v1:k:'.length,
    );
    // 16 bytes of IV, 16 of data and one whole block of padding.
    assert.equal(body.length, 48);
  });

  it('aesgcm binds the storage key: a value moved under another key does not decrypt', () => {
    const t = transformers([{ aesgcm: { keys: [{ name: 'k', secret: k1 }] } }]).transformerFor(secrets);
    const stored = t.toStorage(plain, ctx);
    assert.throws(() => t.fromStorage(stored, '/registry/secrets/default/other'), /authentication failed/);
  });

  it('identity first stores plain bytes; encrypted values are still read by the later keys', () => {
    const enc = transformers([{ aescbc: { keys: [{ name: 'key1', secret: k1 }] } }]).transformerFor(secrets);
    const written = enc.toStorage(plain, ctx);
    const t = transformers([
      { identity: {} },
      { aescbc: { keys: [{ name: 'key1', secret: k1 }] } },
    ]).transformerFor(secrets);
    assert.deepEqual(Buffer.from(t.toStorage(plain, ctx)), plain);
    const back = t.fromStorage(written, ctx);
    assert.deepEqual(Buffer.from(back.data), plain);
    assert.equal(back.stale, true);
  });

  it('unencrypted values stay readable while identity is listed, and are stale', () => {
    const t = transformers([
      { aescbc: { keys: [{ name: 'key1', secret: k1 }] } },
      { identity: {} },
    ]).transformerFor(secrets);
    assert.deepEqual(t.fromStorage(plain, ctx), { data: plain, stale: true });
  });

  it('refuses values no configured key can read', () => {
    const a = transformers([{ aescbc: { keys: [{ name: 'key1', secret: k1 }] } }]).transformerFor(secrets);
    const b = transformers([
      { secretbox: { keys: [{ name: 'key1', secret: k2 }] } },
      { identity: {} },
    ]).transformerFor(secrets);
    assert.throws(() => b.fromStorage(a.toStorage(plain, ctx), ctx), /no matching prefix found/);
    assert.throws(() => a.fromStorage(plain, ctx), /no matching prefix found/);
  });
});

describe('key rotation', () => {
  it('old keys still decrypt after a new key is added first; old values read as stale', () => {
    const before = transformers([{ aescbc: { keys: [{ name: 'key1', secret: k1 }] } }]).transformerFor(
      secrets,
    );
    const old = before.toStorage(plain, ctx);
    const after = transformers([
      {
        aescbc: {
          keys: [
            { name: 'key2', secret: k2 },
            { name: 'key1', secret: k1 },
          ],
        },
      },
    ]).transformerFor(secrets);
    const read = after.fromStorage(old, ctx);
    assert.deepEqual(Buffer.from(read.data), plain);
    assert.equal(read.stale, true);
    const rewritten = after.toStorage(read.data, ctx);
    assert.ok(Buffer.from(rewritten).toString('latin1').startsWith('k8s:enc:aescbc:v1:key2:'));
    assert.equal(after.fromStorage(rewritten, ctx).stale, false);
  });

  it('a switch of provider keeps the old provider readable', () => {
    const cbc = { aescbc: { keys: [{ name: 'old', secret: k1 }] } };
    const old = transformers([cbc]).transformerFor(secrets).toStorage(plain, ctx);
    const t = transformers([{ secretbox: { keys: [{ name: 'new', secret: k2 }] } }, cbc]).transformerFor(
      secrets,
    );
    assert.deepEqual(Buffer.from(t.fromStorage(old, ctx).data), plain);
  });
});

describe('EncryptionConfiguration', () => {
  it('matches resources exactly and by wildcard; others are stored as they are', () => {
    const t = transformers([{ aescbc: { keys: [{ name: 'k', secret: k1 }] } }], ['secrets', '*.apps']);
    assert.equal(t.isEncrypted(secrets), true);
    assert.equal(t.isEncrypted({ group: 'apps', resource: 'deployments' }), true);
    assert.equal(t.isEncrypted({ group: '', resource: 'configmaps' }), false);
    assert.deepEqual(
      Buffer.from(t.transformerFor({ group: '', resource: 'configmaps' }).toStorage(plain, ctx)),
      plain,
    );
    const all = transformers([{ aescbc: { keys: [{ name: 'k', secret: k1 }] } }], ['*.*']);
    assert.equal(all.isEncrypted({ group: 'batch', resource: 'jobs' }), true);
  });

  it('rejects bad keys and unknown providers', () => {
    assert.throws(
      () => parseEncryptionConfiguration(config([{ aescbc: { keys: [{ name: 'k', secret: 'AAAA' }] } }])),
      /expected length, got 3/,
    );
    assert.throws(() => parseEncryptionConfiguration(config([{ aescbc: { keys: [] } }])), /at least one key/);
    assert.throws(() => parseEncryptionConfiguration(config([{}])), /exactly one of/);
    assert.throws(() => parseEncryptionConfiguration(config([{ kms: { name: 'x' } }])), /not supported/);
    assert.throws(() => parseEncryptionConfiguration('kind: Foo'), /unexpected kind/);
  });

  it('creates a private default config encrypting secrets, and reuses it afterwards', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'k8ts-enc-'));
    const first = await ensureEncryptionConfig({ dataDir: dir });
    assert.equal(first.path, join(dir, 'encryption-config.yaml'));
    assert.equal((await stat(first.path)).mode & 0o777, 0o600);
    assert.equal(first.transformers.isEncrypted(secrets), true);
    const stored = first.transformers.transformerFor(secrets).toStorage(plain, ctx);
    const text = await readFile(first.path, 'utf8');
    const second = await ensureEncryptionConfig({ dataDir: dir });
    assert.equal(await readFile(second.path, 'utf8'), text);
    assert.deepEqual(
      Buffer.from(second.transformers.transformerFor(secrets).fromStorage(stored, ctx).data),
      plain,
    );
  });
});
