import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PRIVATE_FILE_MODE, readOptionalFile, writeFileAtomic } from '../pki/pem-files.js';
import {
  EncryptionTransformers,
  parseEncryptionConfiguration,
  type EncryptionConfiguration,
} from './encryption-config.js';

/** The file name under the data directory. */
export const ENCRYPTION_CONFIG_FILE = 'encryption-config.yaml';

/**
 * k8ts' default: Secrets are written with AES-CBC under a fresh random 32-byte key (k3s' choice for
 * its secrets encryption), and identity stays readable so Secrets stored before encryption was
 * turned on still load (and are rewritten encrypted on their next update).
 */
export function defaultEncryptionConfiguration(key: Uint8Array = randomBytes(32)): EncryptionConfiguration {
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [
      {
        resources: ['secrets'],
        providers: [
          { aescbc: { keys: [{ name: 'key1', secret: Buffer.from(key).toString('base64') }] } },
          { identity: {} },
        ],
      },
    ],
  };
}

/**
 * Loads DATA_DIR/encryption-config.yaml (or `path`), creating it with the default configuration
 * (mode 0600) when missing, and returns the resolved per-resource transformers.
 */
export async function ensureEncryptionConfig(options: {
  dataDir: string;
  path?: string;
}): Promise<{ path: string; config: EncryptionConfiguration; transformers: EncryptionTransformers }> {
  const path = options.path ?? join(options.dataDir, ENCRYPTION_CONFIG_FILE);
  let text = await readOptionalFile(path);
  if (text === undefined) {
    text = stringify(defaultEncryptionConfiguration());
    await writeFileAtomic(path, text, PRIVATE_FILE_MODE);
  }
  const config = parseEncryptionConfiguration(text);
  return { path, config, transformers: new EncryptionTransformers(config) };
}
