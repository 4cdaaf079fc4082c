import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseKubeconfig, type Kubeconfig } from './kubeconfig.js';

/** Everything needed to reach and authenticate to one API server, with file references resolved. */
export interface RestConfig {
  /** Base URL, e.g. "https://127.0.0.1:6443" (a path prefix is kept). */
  readonly server: string;
  /** PEM bundle of CAs trusted for the server certificate; the system roots when absent. */
  readonly caData?: string;
  /** PEM client certificate and key for mutual TLS. */
  readonly certData?: string;
  readonly keyData?: string;
  readonly token?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly tlsServerName?: string;
  /** The context's default namespace ("default" when the context names none). */
  readonly namespace: string;
}

/** Which kubeconfig to load and which of its contexts to use. */
export interface LoadRestConfigOptions {
  /** Path of the kubeconfig; default the first entry of $KUBECONFIG, else ~/.kube/config. */
  readonly path?: string;
  /** Context name; default the file's current-context. */
  readonly context?: string;
}

function decodeBase64(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}

async function inlineOrFile(
  data: string | undefined,
  file: string | undefined,
  baseDir: string,
): Promise<string | undefined> {
  if (data !== undefined && data !== '') return decodeBase64(data);
  if (file === undefined || file === '') return undefined;
  // Relative paths in a kubeconfig are relative to the file itself, as kubectl resolves them.
  return readFile(isAbsolute(file) ? file : resolve(baseDir, file), 'utf8');
}

/**
 * Resolves one context of a parsed kubeconfig into a RestConfig, reading referenced certificate,
 * key and token files relative to `baseDir`. Throws when the context, cluster or user is missing.
 */
export async function restConfigFromKubeconfig(
  kubeconfig: Kubeconfig,
  options: { context?: string; baseDir: string },
): Promise<RestConfig> {
  const contextName = options.context ?? kubeconfig.currentContext;
  if (contextName === undefined)
    throw new Error('Cannot load kubeconfig: no context given and no current-context');
  const context = kubeconfig.contexts.get(contextName);
  if (context === undefined) throw new Error(`Cannot load kubeconfig: context "${contextName}" not found`);
  const cluster = kubeconfig.clusters.get(context.cluster);
  if (cluster === undefined)
    throw new Error(`Cannot load kubeconfig: cluster "${context.cluster}" not found`);
  const user = context.user === '' ? {} : kubeconfig.users.get(context.user);
  if (user === undefined) throw new Error(`Cannot load kubeconfig: user "${context.user}" not found`);
  const { baseDir } = options;
  const caData = await inlineOrFile(cluster.certificateAuthorityData, cluster.certificateAuthority, baseDir);
  const certData = await inlineOrFile(user.clientCertificateData, user.clientCertificate, baseDir);
  const keyData = await inlineOrFile(user.clientKeyData, user.clientKey, baseDir);
  let token = user.token;
  if ((token === undefined || token === '') && user.tokenFile) {
    const file = isAbsolute(user.tokenFile) ? user.tokenFile : resolve(baseDir, user.tokenFile);
    token = (await readFile(file, 'utf8')).trim();
  }
  return {
    server: cluster.server,
    namespace: context.namespace || 'default',
    ...(caData !== undefined ? { caData } : {}),
    ...(certData !== undefined ? { certData } : {}),
    ...(keyData !== undefined ? { keyData } : {}),
    ...(token ? { token } : {}),
    ...(cluster.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
    ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
  };
}

/** The kubeconfig path kubectl would use: the first $KUBECONFIG entry, else ~/.kube/config. */
export function defaultKubeconfigPath(): string {
  const env = process.env['KUBECONFIG'];
  const first = env?.split(delimiter).find((p) => p !== '');
  return first ?? join(homedir(), '.kube', 'config');
}

/** Reads and resolves a kubeconfig file into a RestConfig. */
export async function loadRestConfig(options: LoadRestConfigOptions = {}): Promise<RestConfig> {
  const path = resolve(options.path ?? defaultKubeconfigPath());
  const kubeconfig = parseKubeconfig(await readFile(path, 'utf8'));
  return restConfigFromKubeconfig(kubeconfig, {
    baseDir: dirname(path),
    ...(options.context !== undefined ? { context: options.context } : {}),
  });
}

/**
 * The same server and trust without any credentials (upstream's AnonymousClientConfig): the base
 * of clients that authenticate only by a bearer token they get elsewhere.
 */
export function anonymousRestConfig(config: RestConfig): RestConfig {
  const { certData: _cert, keyData: _key, token: _token, ...rest } = config;
  return rest;
}
