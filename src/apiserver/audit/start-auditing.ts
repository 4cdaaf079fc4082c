import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditLogWriter } from './audit-log-writer.js';
import { AuditPolicyError, parseAuditPolicy, type AuditPolicy } from './audit-policy.js';
import { Auditor } from './auditor.js';
import { defaultAuditPolicy } from './default-audit-policy.js';
import { RequestAuditing } from './request-audit.js';

/** The file name of the audit log under the data directory. */
export const AUDIT_LOG_FILE = 'audit.log';

/** The audit flags, as upstream's --audit-policy-file and --audit-log-* options. */
export interface AuditOptions {
  readonly dataDir: string;
  /** The policy (audit.k8s.io/v1 Policy); the built-in default when absent. */
  readonly policyFile?: string;
  /** The log file; `-` for standard output, "" to turn auditing off (default DATA_DIR/audit.log). */
  readonly logPath?: string;
  /** Megabytes before the log rotates (0: lumberjack's 100). */
  readonly maxSizeMB?: number;
  /** Rotated files kept (0: all). */
  readonly maxBackups?: number;
  /** Days rotated files are kept (0: forever). */
  readonly maxAgeDays?: number;
  /** Told when auditing a request failed (the request itself goes on). */
  readonly onError?: (err: unknown) => void;
}

async function loadPolicy(path: string): Promise<AuditPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AuditPolicyError(
      `loading audit policy file: failed to read file path ${JSON.stringify(path)}: ${(err as Error).message}`,
    );
  }
  try {
    return parseAuditPolicy(text);
  } catch (err) {
    throw new AuditPolicyError(
      `loading audit policy file ${JSON.stringify(path)}: ${(err as Error).message}`,
    );
  }
}

/**
 * Loads the policy and opens the log backend; undefined when auditing is off. Auditing is on by
 * default (k8ts is secure by default), unlike upstream where it needs both flags.
 */
export async function startAuditing(options: AuditOptions): Promise<RequestAuditing | undefined> {
  const path = options.logPath ?? join(options.dataDir, AUDIT_LOG_FILE);
  if (path === '') return undefined;
  const policy = options.policyFile !== undefined ? await loadPolicy(options.policyFile) : defaultAuditPolicy;
  const writer = new AuditLogWriter({
    path,
    ...(options.maxSizeMB !== undefined ? { maxSizeMB: options.maxSizeMB } : {}),
    ...(options.maxBackups !== undefined ? { maxBackups: options.maxBackups } : {}),
    ...(options.maxAgeDays !== undefined ? { maxAgeDays: options.maxAgeDays } : {}),
    ...(options.onError !== undefined ? { onError: options.onError } : {}),
  });
  return new RequestAuditing(new Auditor({ policy, sink: writer }), () => writer.close(), options.onError);
}
