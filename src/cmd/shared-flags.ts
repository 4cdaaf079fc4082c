import os from 'node:os';
import path from 'node:path';
import type { FlagSpec } from './command.js';

/** The default data directory: /var/lib/k8ts as root, else ~/.k8ts (DESIGN.md §2). */
export function defaultDataDir(): string {
  return process.getuid?.() === 0 ? '/var/lib/k8ts' : path.join(os.homedir(), '.k8ts');
}

/** Flags every control-plane command shares. */
export const controlPlaneFlags: Readonly<Record<string, FlagSpec>> = {
  'data-dir': {
    type: 'string',
    placeholder: 'DIR',
    description: 'certificates, state and kubeconfig (default /var/lib/k8ts as root, else ~/.k8ts)',
  },
  datastore: {
    type: 'string',
    placeholder: 'URL',
    default: 'sqlite',
    description: 'sqlite (DIR/state.db) | memory | etcd://HOST:PORT[,HOST:PORT...]',
  },
  'bind-address': {
    type: 'string',
    placeholder: 'ADDR',
    default: '127.0.0.1',
    description: 'address to serve on',
  },
  port: { type: 'string', placeholder: 'N', default: '6443', description: 'HTTPS port' },
};

/** Flags of commands that talk to an apiserver as a client. */
export const clientFlags: Readonly<Record<string, FlagSpec>> = {
  kubeconfig: { type: 'string', placeholder: 'FILE', description: 'kubeconfig of the cluster to join' },
};
