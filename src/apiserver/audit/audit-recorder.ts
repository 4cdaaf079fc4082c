// The per-request side of auditing, as upstream's WithAudit filter and audit context: the handler
// chain opens a recorder when a request arrives and feeds it what it learns; the recorder emits an
// event for each stage the policy keeps, with the objects the level allows.

import { randomUUID } from 'node:crypto';
import type { Status } from '../../machinery/errors/index.js';
import type { UserInfo } from '../http/api-request.js';
import type { AuditDecision } from './audit-policy-evaluator.js';
import type { AuditLevel, AuditStage } from './audit-policy.js';
import {
  stripManagedFields,
  type AuditEvent,
  type AuditObjectReference,
  type AuditUser,
} from './audit-event.js';
import { RawJson } from './raw-json.js';

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
    ...(u.name ? { username: u.name } : {}),
    ...(u.uid ? { uid: u.uid } : {}),
    ...(u.groups.length ? { groups: [...u.groups] } : {}),
    ...(u.extra && Object.keys(u.extra).length ? { extra: u.extra } : {}),
  };
}

const objectRefKeys: readonly (keyof AuditObjectReference)[] = [
  'resource',
  'namespace',
  'name',
  'uid',
  'apiGroup',
  'apiVersion',
  'resourceVersion',
  'subresource',
];

/** An objectRef in upstream's field order, empty fields left out. */
export function orderedObjectRef(ref: AuditObjectReference): AuditObjectReference {
  const out: Record<string, string> = {};
  for (const k of objectRefKeys) {
    const v = ref[k];
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

// The ISO text up to the second, for the second microTime last formatted: most events of a busy
// second share it, and only the fraction is written per call.
let cachedSecond = NaN;
let cachedPrefix = '';

/** A MicroTime from fractional epoch milliseconds (rounded to the microsecond, carrying into the ms). */
export function microTime(ms: number): string {
  const micros = Math.round(ms * 1000);
  const second = Math.floor(micros / 1_000_000);
  if (second !== cachedSecond) {
    // toISOString is native; it ends in ".mmmZ", which is cut off here.
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, -5);
    cachedSecond = second;
  }
  return `${cachedPrefix}.${String(micros - second * 1_000_000).padStart(6, '0')}Z`;
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
  private user: UserInfo;
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
    this.user = init.user;
  }

  /** The level the policy chose for this request. */
  get level(): AuditLevel {
    return this.decision.level;
  }

  /** True when nothing is logged for this request. */
  get disabled(): boolean {
    return this.decision.level === 'None';
  }

  /** Adds an annotation (authorization.k8s.io/decision, pod-security.kubernetes.io/enforce-policy, ...). */
  addAnnotation(key: string, value: string): void {
    if (!(key in this.annotations)) this.annotations[key] = value;
  }

  /** Replaces the user the event names (a request that turned out unauthenticated names none). */
  setUser(user: UserInfo): void {
    this.user = user;
  }

  /** Records who the request acts as after impersonation. */
  setImpersonatedUser(user: UserInfo): void {
    this.impersonated = user;
  }

  /** Fills in objectRef fields learned later (uid, resourceVersion, the generated name). */
  updateObjectRef(ref: AuditObjectReference): void {
    this.objectRef = orderedObjectRef({ ...this.objectRef, ...ref });
  }

  /** The decoded request body; kept from level Request on. */
  setRequestObject(obj: unknown): void {
    if (this.decision.level === 'Request' || this.decision.level === 'RequestResponse')
      this.requestObject = obj;
  }

  /**
   * The request body as the JSON text it arrived as, which the request was served from (so valid
   * JSON), on one line: logged verbatim, unless managedFields must be taken out of it.
   */
  setRequestJson(text: string): void {
    if (this.decision.level !== 'Request' && this.decision.level !== 'RequestResponse') return;
    const managed = this.decision.omitManagedFields && text.includes('"managedFields"');
    this.requestObject = managed ? (JSON.parse(text) as unknown) : new RawJson(text);
  }

  /** The response body; kept at level RequestResponse only. */
  setResponseObject(obj: unknown): void {
    if (this.decision.level === 'RequestResponse') this.responseObject = obj;
  }

  /** The response code, and the Status when the request failed. */
  setResponseStatus(code: number, status?: Status): void {
    // Upstream copies only the bounded fields of a Status: no kind/apiVersion, no list metadata.
    this.responseStatus = {
      metadata: {},
      ...(status?.status ? { status: status.status } : {}),
      ...(status?.message ? { message: status.message } : {}),
      ...(status?.reason ? { reason: status.reason } : {}),
      ...(status?.details ? { details: status.details } : {}),
      code,
    };
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
    const clean = (o: unknown) =>
      this.decision.omitManagedFields && !(o instanceof RawJson) ? stripManagedFields(o) : o;
    const late = stage === 'ResponseComplete' || stage === 'Panic';
    // Built once, directly in upstream's key order (this runs for most requests: keep it lean).
    const e: Record<string, unknown> = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: this.decision.level,
      auditID: this.auditID,
      stage,
      requestURI: this.init.requestURI,
      verb: this.init.verb,
      user: auditUser(this.user),
    };
    if (this.impersonated) e.impersonatedUser = auditUser(this.impersonated);
    e.sourceIPs = this.init.sourceIPs;
    if (this.init.userAgent) e.userAgent = this.init.userAgent;
    if (this.objectRef) e.objectRef = this.objectRef;
    if ((late || stage === 'ResponseStarted') && this.responseStatus) e.responseStatus = this.responseStatus;
    if (this.requestObject !== undefined && stage !== 'RequestReceived')
      e.requestObject = clean(this.requestObject);
    if (late && this.responseObject !== undefined) e.responseObject = clean(this.responseObject);
    e.requestReceivedTimestamp = microTime(this.init.receivedAt);
    e.stageTimestamp = microTime(this.now());
    for (const _ in this.annotations) {
      e.annotations = { ...this.annotations };
      break;
    }
    this.sink.write(e as unknown as AuditEvent);
  }
}
