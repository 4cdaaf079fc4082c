import os from 'node:os';
import path from 'node:path';
import type { FlagSpec } from './command.js';
import { kubeletClientFlags } from './kubelet-client-flags.js';
import { requestLimitFlags } from './request-limit-flags.js';

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
  'token-auth-file': {
    type: 'string',
    placeholder: 'FILE',
    description: 'static bearer tokens: CSV lines token,user,uid[,"group1,group2"]',
  },
  'enable-admission-plugins': {
    type: 'string',
    multiple: true,
    placeholder: 'LIST',
    description: 'admission plugins to enable in addition to the default ones (comma-separated)',
  },
  'disable-admission-plugins': {
    type: 'string',
    multiple: true,
    placeholder: 'LIST',
    description: 'default admission plugins to disable, e.g. ServiceAccount (comma-separated)',
  },
  'encryption-provider-config': {
    type: 'string',
    placeholder: 'FILE',
    description: 'data-at-rest encryption config (default DIR/encryption-config.yaml, encrypting secrets)',
  },
  'audit-policy-file': {
    type: 'string',
    placeholder: 'FILE',
    description: 'audit.k8s.io/v1 Policy deciding what is logged (default: a built-in policy)',
  },
  'audit-log-path': {
    type: 'string',
    placeholder: 'FILE',
    description: 'audit log file, - for standard out, "" for none (default DIR/audit.log)',
  },
  'audit-log-maxsize': {
    type: 'string',
    placeholder: 'MB',
    description: 'megabytes the audit log reaches before it is rotated (0: 100)',
  },
  'audit-log-maxbackup': {
    type: 'string',
    placeholder: 'N',
    description: 'rotated audit log files to keep (0: no limit)',
  },
  'audit-log-maxage': {
    type: 'string',
    placeholder: 'DAYS',
    description: 'days to keep rotated audit log files (0: no limit)',
  },
  ...kubeletClientFlags,
  ...requestLimitFlags,
};

/** Flags of commands that talk to an apiserver as a client. */
export const clientFlags: Readonly<Record<string, FlagSpec>> = {
  kubeconfig: { type: 'string', placeholder: 'FILE', description: 'kubeconfig of the cluster to join' },
};
