// Registry credentials from a pod's imagePullSecrets (upstream's credentialprovider/secrets):
// kubernetes.io/dockerconfigjson and kubernetes.io/dockercfg Secrets, matched to the image's
// registry host, as the AuthConfig a CRI pull takes.
import type { Secret } from 'kubernetes-types/core/v1.js';
import type { AuthConfig } from '../cri/runtime-service.js';
import { parseImageRef } from '../cri/image-ref.js';

interface DockerConfigEntry {
  readonly username?: string;
  readonly password?: string;
  readonly auth?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

function decode(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The registry entries of a docker config Secret, keyed by the registry as written. */
export function dockerConfigEntries(secret: Secret): Map<string, DockerConfigEntry> {
  const out = new Map<string, DockerConfigEntry>();
  let auths: unknown;
  if (secret.type === 'kubernetes.io/dockerconfigjson')
    auths = (decode(secret.data?.['.dockerconfigjson']) as { auths?: unknown } | undefined)?.auths;
  else if (secret.type === 'kubernetes.io/dockercfg') auths = decode(secret.data?.['.dockercfg']);
  if (auths === null || typeof auths !== 'object') return out;
  for (const [key, value] of Object.entries(auths as Record<string, unknown>))
    if (value !== null && typeof value === 'object') out.set(key, value as DockerConfigEntry);
  return out;
}

// "https://index.docker.io/v1/" and friends name docker.io; otherwise the host of a URL or the key itself.
function registryHost(key: string): string {
  let host = key.replace(/^[a-z]+:\/\//, '').split('/')[0] ?? '';
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  return host;
}

/** The credentials for `image` from the Secrets, in the order given (first match wins). */
export function pullAuthFor(image: string, secrets: readonly Secret[]): AuthConfig | undefined {
  const domain = parseImageRef(image).domain;
  for (const secret of secrets) {
    for (const [key, entry] of dockerConfigEntries(secret)) {
      if (registryHost(key) !== domain) continue;
      let { username, password } = entry;
      if ((username === undefined || password === undefined) && entry.auth !== undefined) {
        const text = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = text.indexOf(':');
        if (colon >= 0) {
          username = text.slice(0, colon);
          password = text.slice(colon + 1);
        }
      }
      return {
        ...(username !== undefined ? { username } : {}),
        ...(password !== undefined ? { password } : {}),
        ...(entry.auth !== undefined ? { auth: entry.auth } : {}),
        ...(entry.identitytoken !== undefined ? { identityToken: entry.identitytoken } : {}),
        ...(entry.registrytoken !== undefined ? { registryToken: entry.registrytoken } : {}),
        serverAddress: domain,
      };
    }
  }
  return undefined;
}
