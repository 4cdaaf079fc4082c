// The per-request side of auditing, as upstream's WithAudit filter and audit context: the handler
// chain opens a recorder when a request arrives and feeds it what it learns; the recorder emits an
// event for each stage the policy keeps, with the objects the level allows.

import { randomUUID } from 'node:crypto';
import { formatMicroTime } from '../../base/rfc3339.js';
import type { Status } from '../../machinery/errors/index.js';
import type { UserInfo } from '../http/api-request.js';
import type { AuditDecision } from './audit-policy-evaluator.js';
import type { AuditStage } from './audit-policy.js';
import {
  orderedEvent,
  stripManagedFields,
  type AuditEvent,
  type AuditObjectReference,
  type AuditUser,
} from './audit-event.js';

/** Where events go (the log writer, a webhook, a test array). */
export interface AuditSink {
  write(event: AuditEvent): void;
}

/** What is known about a request when it arrives. */
export interface AuditRequestInit {
  /** The Audit-ID header if the client sent one, else a fresh UUID. */
  readonly auditID?: string;
  readonly requestURI: string;
  readonly verb: string;
  /** The authenticated user (before impersonation). */
  readonly user: UserInfo;
  readonly impersonatedUser?: UserInfo;
  readonly sourceIPs: readonly string[];
  readonly userAgent?: string;
  readonly objectRef?: AuditObjectReference;
  /** Milliseconds since the epoch (fractions keep microseconds). */
  readonly receivedAt: number;
}

/** The authentication.k8s.io UserInfo form of a user. */
export function auditUser(u: UserInfo): AuditUser {
  return {
    username: u.name,
    ...(u.uid ? { uid: u.uid } : {}),
    ...(u.groups.length ? { groups: [...u.groups] } : {}),
    ...(u.extra && Object.keys(u.extra).length ? { extra: u.extra } : {}),
  };
}

function microTime(ms: number): string {
  const whole = Math.floor(ms);
  return formatMicroTime(whole, Math.round((ms - whole) * 1000));
}

/** Records one request; every method is a no-op at level None. */
export class AuditRecorder {
  readonly auditID: string;
  private readonly annotations: Record<string, string> = {};
  private requestObject: unknown;
  private responseObject: unknown;
  private responseStatus: Partial<Status> | undefined;
  private objectRef: AuditObjectReference | undefined;
  private impersonated: UserInfo | undefined;
  private done = false;

  constructor(
    private readonly init: AuditRequestInit,
    private readonly decision: AuditDecision,
    private readonly sink: AuditSink,
    private readonly now: () => number,
  ) {
    this.auditID = init.auditID || randomUUID();
    this.objectRef = init.objectRef;
    this.impersonated = init.impersonatedUser;
  }

  /** True when nothing is logged for this request. */
  get disabled(): boolean {
    return this.decision.level === 'None';
  }

  /** Adds an annotation (authorization.k8s.io/decision, pod-security.kubernetes.io/enforce-policy, ...). */
  addAnnotation(key: string, value: string): void {
    if (!(key in this.annotations)) this.annotations[key] = value;
  }

  /** Records who the request acts as after impersonation. */
  setImpersonatedUser(user: UserInfo): void {
    this.impersonated = user;
  }

  /** Fills in objectRef fields learned later (uid, resourceVersion, the generated name). */
  updateObjectRef(ref: AuditObjectReference): void {
    this.objectRef = { ...this.objectRef, ...ref };
  }

  /** The decoded request body; kept from level Request on. */
  setRequestObject(obj: unknown): void {
    if (this.decision.level === 'Request' || this.decision.level === 'RequestResponse')
      this.requestObject = obj;
  }

  /** The response body; kept at level RequestResponse only. */
  setResponseObject(obj: unknown): void {
    if (this.decision.level === 'RequestResponse') this.responseObject = obj;
  }

  /** The response code, and the Status when the request failed. */
  setResponseStatus(code: number, status?: Status): void {
    this.responseStatus = status ? { ...status, code } : { metadata: {}, code };
  }

  /** Emits the RequestReceived stage (call once the request is authenticated). */
  requestReceived(): void {
    this.emit('RequestReceived');
  }

  /** Emits ResponseStarted, which upstream only sends for long-running requests (watch, exec). */
  responseStarted(): void {
    this.emit('ResponseStarted');
  }

  /** Emits ResponseComplete once; later calls do nothing. */
  complete(): void {
    if (this.done) return;
    this.done = true;
    this.emit('ResponseComplete');
  }

  /** Emits Panic for a request whose handler threw unexpectedly (with a 500 status). */
  panic(err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.responseStatus = {
      metadata: {},
      status: 'Failure',
      message: `APIServer panic'd: ${err instanceof Error ? err.message : String(err)}`,
      reason: 'InternalError',
      code: 500,
    };
    this.emit('Panic');
  }

  private emit(stage: AuditStage): void {
    if (this.disabled || this.decision.omitStages.includes(stage)) return;
    const clean = (o: unknown) => (this.decision.omitManagedFields ? stripManagedFields(o) : o);
    const late = stage === 'ResponseComplete' || stage === 'Panic';
    this.sink.write(
      orderedEvent({
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: this.decision.level,
        auditID: this.auditID,
        stage,
        requestURI: this.init.requestURI,
        verb: this.init.verb,
        user: auditUser(this.init.user),
        ...(this.impersonated ? { impersonatedUser: auditUser(this.impersonated) } : {}),
        sourceIPs: this.init.sourceIPs,
        ...(this.init.userAgent ? { userAgent: this.init.userAgent } : {}),
        ...(this.objectRef ? { objectRef: this.objectRef } : {}),
        ...(late && this.responseStatus ? { responseStatus: this.responseStatus } : {}),
        ...(this.requestObject !== undefined && stage !== 'RequestReceived'
          ? { requestObject: clean(this.requestObject) }
          : {}),
        ...(late && this.responseObject !== undefined ? { responseObject: clean(this.responseObject) } : {}),
        requestReceivedTimestamp: microTime(this.init.receivedAt),
        stageTimestamp: microTime(this.now()),
        annotations: { ...this.annotations },
      }),
    );
  }
}
