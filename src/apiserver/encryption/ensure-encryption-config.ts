import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PRIVATE_FILE_MODE, readOptionalFile, writeFileAtomic } from '../pki/pem-files.js';
import {
  EncryptionTransformers,
  parseEncryptionConfiguration,
  type EncryptionConfiguration,
} from './encryption-config.js';
import { EncryptionError } from './encryption-error.js';

/** The file name under the data directory. */
export const ENCRYPTION_CONFIG_FILE = 'encryption-config.yaml';

/**
 * k8ts' default: Secrets are written with secretbox under a fresh random 32-byte key, and identity
 * stays readable so Secrets stored before encryption was turned on still load (and are rewritten
 * encrypted on their next update). Of upstream's local-key providers secretbox is the one its
 * documentation rates strong without conditions: aescbc is weak (padding oracles) and aesgcm with
 * random nonces must be rotated every 200,000 writes, which a key nobody rotates cannot promise.
 */
export function defaultEncryptionConfiguration(key: Uint8Array = randomBytes(32)): EncryptionConfiguration {
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [
      {
        resources: ['secrets'],
        providers: [
          { secretbox: { keys: [{ name: 'key1', secret: Buffer.from(key).toString('base64') }] } },
          { identity: {} },
        ],
      },
    ],
  };
}

async function readGivenFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new EncryptionError(
      `error opening encryption provider configuration file ${JSON.stringify(path)}: ${(err as Error).message}`,
    );
  }
}

/**
 * Loads the --encryption-provider-config file when `path` is given (it must exist), else
 * DATA_DIR/encryption-config.yaml, creating that one with the default configuration (mode 0600)
 * the first time; returns the resolved per-resource transformers.
 */
export async function ensureEncryptionConfig(options: {
  dataDir: string;
  path?: string;
}): Promise<{ path: string; config: EncryptionConfiguration; transformers: EncryptionTransformers }> {
  let path: string;
  let text: string | undefined;
  if (options.path !== undefined) {
    path = options.path;
    text = await readGivenFile(path);
  } else {
    path = join(options.dataDir, ENCRYPTION_CONFIG_FILE);
    text = await readOptionalFile(path);
    if (text === undefined) {
      text = stringify(defaultEncryptionConfiguration());
      await writeFileAtomic(path, text, PRIVATE_FILE_MODE);
    }
  }
  const config = parseEncryptionConfiguration(text);
  return { path, config, transformers: new EncryptionTransformers(config) };
}
