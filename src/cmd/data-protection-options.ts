import type { ApiServerOptions } from '../apiserver/api-server.js';
import type { FlagValues } from './command.js';

type DataProtectionOptions = Pick<
  ApiServerOptions,
  | 'encryptionProviderConfig'
  | 'auditPolicyFile'
  | 'auditLogPath'
  | 'auditLogMaxSize'
  | 'auditLogMaxBackup'
  | 'auditLogMaxAge'
>;

function count(flags: FlagValues, name: string): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (String(raw).trim() === '' || !Number.isInteger(n) || n < 0) {
    throw new Error(`invalid argument "${String(raw)}" for "--${name}" flag: must be a non-negative integer`);
  }
  return n;
}

/** The encryption-at-rest and audit flags as ApiServerOptions; throws on a malformed number. */
export function dataProtectionOptions(flags: FlagValues): DataProtectionOptions {
  const text = (name: string) => (typeof flags[name] === 'string' ? flags[name] : undefined);
  const options: {
    -readonly [K in keyof DataProtectionOptions]: DataProtectionOptions[K];
  } = {};
  const encryption = text('encryption-provider-config');
  if (encryption !== undefined) options.encryptionProviderConfig = encryption;
  const policy = text('audit-policy-file');
  if (policy !== undefined) options.auditPolicyFile = policy;
  const path = text('audit-log-path');
  if (path !== undefined) options.auditLogPath = path;
  const maxSize = count(flags, 'audit-log-maxsize');
  if (maxSize !== undefined) options.auditLogMaxSize = maxSize;
  const maxBackup = count(flags, 'audit-log-maxbackup');
  if (maxBackup !== undefined) options.auditLogMaxBackup = maxBackup;
  const maxAge = count(flags, 'audit-log-maxage');
  if (maxAge !== undefined) options.auditLogMaxAge = maxAge;
  return options;
}
