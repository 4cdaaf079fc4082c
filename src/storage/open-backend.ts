import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Backend } from './backend.js';
import { EtcdBackend } from './etcd/etcd-backend.js';
import { MemoryBackend } from './memory/memory-backend.js';
import { SqliteBackend } from './sqlite/sqlite-backend.js';

/** A parsed --datastore value. */
export type DatastoreSpec =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'etcd';
      readonly endpoints: readonly string[];
      readonly tls?: { readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string };
    };

/**
 * Parses `--datastore`: `sqlite` (DATA_DIR/state.db), `sqlite:///abs/file.db` or `sqlite:rel/file.db`,
 * `memory`, or `etcd://HOST:PORT[,HOST:PORT...]` (`etcds://` for TLS, with `?ca=&cert=&key=` files).
 * Throws an Error with a usage message on anything else.
 */
export function parseDatastore(value: string, dataDir: string): DatastoreSpec {
  if (value === 'memory') return { kind: 'memory' };
  if (value === 'sqlite' || value === '') return { kind: 'sqlite', path: path.join(dataDir, 'state.db') };
  if (value.startsWith('sqlite:')) {
    const rest = value.slice('sqlite:'.length).replace(/^\/\//, '');
    if (rest === '')
      throw new Error('--datastore sqlite: needs a file path, e.g. sqlite:///var/lib/k8ts/state.db');
    return { kind: 'sqlite', path: path.resolve(dataDir, rest) };
  }
  const m = /^(etcds?):\/\/([^?]+)(?:\?(.*))?$/.exec(value);
  if (m !== null) {
    const scheme = m[1] === 'etcds' ? 'https' : 'http';
    const endpoints = m[2]!.split(',').map((hp) => {
      if (!/^[\w.-]+:\d+$|^\[[0-9a-fA-F:]+\]:\d+$/.test(hp))
        throw new Error(`--datastore: "${hp}" is not HOST:PORT`);
      return `${scheme}://${hp}`;
    });
    const q = new URLSearchParams(m[3] ?? '');
    const tls = {
      caFile: q.get('ca') ?? undefined,
      certFile: q.get('cert') ?? undefined,
      keyFile: q.get('key') ?? undefined,
    };
    const hasTls = tls.caFile !== undefined || tls.certFile !== undefined || tls.keyFile !== undefined;
    return hasTls ? { kind: 'etcd', endpoints, tls } : { kind: 'etcd', endpoints };
  }
  throw new Error(
    `--datastore "${value}" is not one of: sqlite, sqlite:PATH, memory, etcd://HOST:PORT[,HOST:PORT...]`,
  );
}

/** Opens the datastore a spec names. */
export async function openBackend(spec: DatastoreSpec): Promise<Backend> {
  switch (spec.kind) {
    case 'memory':
      return new MemoryBackend();
    case 'sqlite':
      return SqliteBackend.open({ path: spec.path });
    case 'etcd': {
      const read = (f?: string) => (f === undefined ? undefined : readFileSync(f));
      const tls = spec.tls && {
        ca: read(spec.tls.caFile),
        cert: read(spec.tls.certFile),
        key: read(spec.tls.keyFile),
      };
      return EtcdBackend.open({ endpoints: [...spec.endpoints], ...(tls ? { tls } : {}) });
    }
  }
}
