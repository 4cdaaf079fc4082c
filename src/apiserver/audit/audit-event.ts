// audit.k8s.io/v1 Event as upstream writes it to the log backend: one JSON object per stage, keys
// in the Go struct's order, empty fields left out.

import type { Status } from '../../machinery/errors/index.js';
import type { AuditLevel, AuditStage } from './audit-policy.js';

/** authentication.k8s.io/v1 UserInfo as events record it. */
export interface AuditUser {
  /** Absent for a request that failed authentication (upstream logs `"user":{}`). */
  readonly username?: string;
  readonly uid?: string;
  readonly groups?: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** The object a resource request addresses. */
export interface AuditObjectReference {
  readonly resource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
  readonly resourceVersion?: string;
  readonly subresource?: string;
}

/** One audit event. */
export interface AuditEvent {
  readonly kind: 'Event';
  readonly apiVersion: 'audit.k8s.io/v1';
  readonly level: AuditLevel;
  readonly auditID: string;
  readonly stage: AuditStage;
  readonly requestURI: string;
  readonly verb: string;
  readonly user: AuditUser;
  readonly impersonatedUser?: AuditUser;
  readonly sourceIPs?: readonly string[];
  readonly userAgent?: string;
  readonly objectRef?: AuditObjectReference;
  readonly responseStatus?: Partial<Status>;
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  /** MicroTime, e.g. 2026-01-01T00:00:00.123456Z. */
  readonly requestReceivedTimestamp: string;
  readonly stageTimestamp: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Copies an object without metadata.managedFields (and without them in list items). */
export function stripManagedFields(obj: unknown): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return obj;
  const o = obj as Record<string, unknown>;
  let out: Record<string, unknown> = o;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta && typeof meta === 'object' && 'managedFields' in meta) {
    const { managedFields: _drop, ...rest } = meta;
    out = { ...o, metadata: rest };
  }
  if (Array.isArray(o.items)) out = { ...out, items: o.items.map(stripManagedFields) };
  return out;
}
