// EncryptionConfiguration (apiserver.config.k8s.io/v1) as the file upstream's
// --encryption-provider-config reads: which resources are encrypted, and with which providers and
// keys. The first provider of a resource writes; every provider reads.

import { parse } from 'yaml';
import { aesCbcTransformer } from './aes-cbc.js';
import { aesGcmTransformer } from './aes-gcm.js';
import { EncryptionError } from './encryption-error.js';
import { prefixTransformer, type PrefixedTransformer } from './prefix-transformer.js';
import { secretboxTransformer } from './secretbox.js';
import { identityTransformer, type ValueTransformer } from './value-transformer.js';

/** One named key: `secret` is the base64 of the raw key bytes. */
export interface EncryptionKey {
  readonly name: string;
  readonly secret: string;
}

/** One provider entry; exactly one field is set. */
export interface ProviderConfiguration {
  readonly aesgcm?: { readonly keys: readonly EncryptionKey[] };
  readonly aescbc?: { readonly keys: readonly EncryptionKey[] };
  readonly secretbox?: { readonly keys: readonly EncryptionKey[] };
  readonly identity?: Record<string, never>;
  readonly kms?: unknown;
}

/** Resources (`secrets`, `deployments.apps`, `*.apps`, `*.*`) and the providers that protect them. */
export interface ResourceConfiguration {
  readonly resources: readonly string[];
  readonly providers: readonly ProviderConfiguration[];
}

/** The parsed file. */
export interface EncryptionConfiguration {
  readonly apiVersion: 'apiserver.config.k8s.io/v1';
  readonly kind: 'EncryptionConfiguration';
  readonly resources: readonly ResourceConfiguration[];
}

const aesKeySizes = [16, 24, 32];

function decodeKey(provider: string, key: EncryptionKey, sizes: readonly number[]): Buffer {
  if (typeof key.name !== 'string' || key.name === '')
    throw new EncryptionError(`${provider}: key name is required`);
  if (key.name.includes(':'))
    throw new EncryptionError(`${provider}: key name ${JSON.stringify(key.name)} must not contain ":"`);
  if (typeof key.secret !== 'string' || key.secret === '')
    throw new EncryptionError(`${provider}: key ${key.name}: secret is required`);
  const raw = Buffer.from(key.secret, 'base64');
  if (raw.toString('base64').replace(/=+$/, '') !== key.secret.trim().replace(/=+$/, '')) {
    throw new EncryptionError(`${provider}: key ${key.name}: secret is not valid base64`);
  }
  if (!sizes.includes(raw.length)) {
    throw new EncryptionError(
      `${provider}: key ${key.name}: secret is not of the expected length, got ${raw.length}, expected one of [${sizes.join(' ')}]`,
    );
  }
  return raw;
}

function keyed(
  kind: string,
  keys: readonly EncryptionKey[] | undefined,
  sizes: readonly number[],
  make: (key: Uint8Array) => ValueTransformer,
): PrefixedTransformer[] {
  if (!Array.isArray(keys) || keys.length === 0)
    throw new EncryptionError(`${kind}: at least one key is required`);
  const seen = new Set<string>();
  return keys.map((k) => {
    if (seen.has(k.name)) throw new EncryptionError(`${kind}: duplicate key name ${JSON.stringify(k.name)}`);
    seen.add(k.name);
    return { prefix: `k8s:enc:${kind}:v1:${k.name}:`, transformer: make(decodeKey(kind, k, sizes)) };
  });
}

/** The prefixed transformers of one provider entry, in key order. */
export function providerTransformers(p: ProviderConfiguration): PrefixedTransformer[] {
  const set = ['aesgcm', 'aescbc', 'secretbox', 'identity', 'kms'].filter(
    (k) => (p as Record<string, unknown>)[k] !== undefined,
  );
  if (set.length !== 1)
    throw new EncryptionError(
      'provider: exactly one of aesgcm, aescbc, secretbox, identity, kms must be set',
    );
  if (p.aesgcm) return keyed('aesgcm', p.aesgcm.keys, aesKeySizes, aesGcmTransformer);
  if (p.aescbc) return keyed('aescbc', p.aescbc.keys, aesKeySizes, aesCbcTransformer);
  if (p.secretbox) return keyed('secretbox', p.secretbox.keys, [32], secretboxTransformer);
  if (p.identity !== undefined) return [{ prefix: '', transformer: identityTransformer }];
  throw new EncryptionError('kms: KMS providers are not supported by k8ts');
}

/** Parses and validates an EncryptionConfiguration document (YAML or JSON). */
export function parseEncryptionConfiguration(text: string): EncryptionConfiguration {
  const doc: unknown = parse(text);
  if (typeof doc !== 'object' || doc === null)
    throw new EncryptionError('encryption configuration: not an object');
  const o = doc as Record<string, unknown>;
  if (o.kind !== 'EncryptionConfiguration') {
    throw new EncryptionError(`encryption configuration: unexpected kind ${JSON.stringify(o.kind)}`);
  }
  if (o.apiVersion !== 'apiserver.config.k8s.io/v1') {
    throw new EncryptionError(
      `encryption configuration: unsupported apiVersion ${JSON.stringify(o.apiVersion)}`,
    );
  }
  if (!Array.isArray(o.resources) || o.resources.length === 0) {
    throw new EncryptionError('encryption configuration: resources: at least one resource is required');
  }
  const config = o as unknown as EncryptionConfiguration;
  for (const r of config.resources) {
    if (!Array.isArray(r.resources) || r.resources.length === 0) {
      throw new EncryptionError(
        'encryption configuration: resources[].resources: at least one resource is required',
      );
    }
    if (!Array.isArray(r.providers) || r.providers.length === 0) {
      throw new EncryptionError(
        'encryption configuration: resources[].providers: at least one provider is required',
      );
    }
    // Building every transformer once validates every key.
    for (const p of r.providers) providerTransformers(p);
  }
  return config;
}

/** A group and resource as the configuration names them ("" group for core). */
export interface EncryptedResource {
  readonly group: string;
  readonly resource: string;
}

function matches(pattern: string, gr: EncryptedResource): boolean {
  if (pattern === '*.*') return true;
  const dot = pattern.indexOf('.');
  const resource = dot < 0 ? pattern : pattern.slice(0, dot);
  const group = dot < 0 ? '' : pattern.slice(dot + 1);
  // "*." is every resource of the core group; "*.apps" every resource of apps.
  if (resource === '*') return group === gr.group;
  return resource === gr.resource && group === gr.group;
}

/**
 * Resolves the configuration into one transformer per resource: the first entry naming a resource
 * (exactly or by wildcard) wins; resources no entry names are stored as they are.
 */
export class EncryptionTransformers {
  private readonly cache = new Map<string, ValueTransformer>();

  constructor(private readonly config: EncryptionConfiguration) {}

  /** The transformer for a group/resource (identity when no entry covers it). */
  transformerFor(gr: EncryptedResource): ValueTransformer {
    const key = `${gr.resource}.${gr.group}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const entry = this.config.resources.find((r) => r.resources.some((p) => matches(p, gr)));
    const t = entry ? prefixTransformer(entry.providers.flatMap(providerTransformers)) : identityTransformer;
    this.cache.set(key, t);
    return t;
  }

  /** True when an entry names this resource, so its stored values pass through the providers. */
  covers(gr: EncryptedResource): boolean {
    return this.config.resources.some((r) => r.resources.some((p) => matches(p, gr)));
  }

  /** True when values of this resource are written encrypted (the first provider is not identity). */
  isEncrypted(gr: EncryptedResource): boolean {
    const entry = this.config.resources.find((r) => r.resources.some((p) => matches(p, gr)));
    return entry !== undefined && entry.providers[0]?.identity === undefined;
  }
}
