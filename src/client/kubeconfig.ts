import { parse } from 'yaml';

/** A kubeconfig cluster entry (the fields k8ts clients use). */
export interface KubeconfigCluster {
  readonly server: string;
  readonly certificateAuthority?: string;
  readonly certificateAuthorityData?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly tlsServerName?: string;
}

/** A kubeconfig user entry: client certificate and/or bearer token. */
export interface KubeconfigUser {
  readonly clientCertificate?: string;
  readonly clientCertificateData?: string;
  readonly clientKey?: string;
  readonly clientKeyData?: string;
  readonly token?: string;
  readonly tokenFile?: string;
}

/** A kubeconfig context: which cluster, as which user, in which default namespace. */
export interface KubeconfigContext {
  readonly cluster: string;
  readonly user: string;
  readonly namespace?: string;
}

/** A parsed kubeconfig file, with entries keyed by name. */
export interface Kubeconfig {
  readonly clusters: ReadonlyMap<string, KubeconfigCluster>;
  readonly users: ReadonlyMap<string, KubeconfigUser>;
  readonly contexts: ReadonlyMap<string, KubeconfigContext>;
  readonly currentContext?: string;
}

type Raw = Record<string, unknown>;

function isRaw(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Raw, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`Cannot parse kubeconfig: ${where}.${key} is not a string`);
  return v;
}

function bool(o: Raw, key: string, where: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new Error(`Cannot parse kubeconfig: ${where}.${key} is not a boolean`);
  return v;
}

/** Reads a named list (`clusters`, `users`, `contexts`) into a map of its inner objects. */
function namedList(doc: Raw, list: string, inner: string): Map<string, Raw> {
  const out = new Map<string, Raw>();
  const items = doc[list];
  if (items === undefined || items === null) return out;
  if (!Array.isArray(items)) throw new Error(`Cannot parse kubeconfig: ${list} is not a list`);
  for (const [i, item] of items.entries()) {
    if (!isRaw(item)) throw new Error(`Cannot parse kubeconfig: ${list}[${i}] is not an object`);
    const name = str(item, 'name', `${list}[${i}]`);
    if (name === undefined) throw new Error(`Cannot parse kubeconfig: ${list}[${i}] has no name`);
    const body = item[inner] ?? {};
    if (!isRaw(body)) throw new Error(`Cannot parse kubeconfig: ${list}[${i}].${inner} is not an object`);
    out.set(name, body);
  }
  return out;
}

/** Parses kubeconfig YAML (or JSON); throws an Error naming the offending field when malformed. */
export function parseKubeconfig(text: string): Kubeconfig {
  const doc: unknown = parse(text);
  if (!isRaw(doc)) throw new Error('Cannot parse kubeconfig: the document is not an object');
  const clusters = new Map<string, KubeconfigCluster>();
  for (const [name, c] of namedList(doc, 'clusters', 'cluster')) {
    const where = `cluster "${name}"`;
    const server = str(c, 'server', where);
    if (server === undefined) throw new Error(`Cannot parse kubeconfig: ${where} has no server`);
    clusters.set(name, {
      server,
      certificateAuthority: str(c, 'certificate-authority', where),
      certificateAuthorityData: str(c, 'certificate-authority-data', where),
      insecureSkipTlsVerify: bool(c, 'insecure-skip-tls-verify', where),
      tlsServerName: str(c, 'tls-server-name', where),
    });
  }
  const users = new Map<string, KubeconfigUser>();
  for (const [name, u] of namedList(doc, 'users', 'user')) {
    const where = `user "${name}"`;
    users.set(name, {
      clientCertificate: str(u, 'client-certificate', where),
      clientCertificateData: str(u, 'client-certificate-data', where),
      clientKey: str(u, 'client-key', where),
      clientKeyData: str(u, 'client-key-data', where),
      token: str(u, 'token', where),
      tokenFile: str(u, 'tokenFile', where),
    });
  }
  const contexts = new Map<string, KubeconfigContext>();
  for (const [name, c] of namedList(doc, 'contexts', 'context')) {
    const where = `context "${name}"`;
    contexts.set(name, {
      cluster: str(c, 'cluster', where) ?? '',
      user: str(c, 'user', where) ?? '',
      namespace: str(c, 'namespace', where),
    });
  }
  const currentContext = str(doc, 'current-context', 'kubeconfig');
  return { clusters, users, contexts, ...(currentContext ? { currentContext } : {}) };
}
