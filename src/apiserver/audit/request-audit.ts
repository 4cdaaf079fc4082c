// The audit filter of the handler chain (upstream's WithAudit, with the audit parts of the
// authentication, impersonation and authorization filters): the chain opens one RequestAudit per
// authenticated request and tells it the authorizer's decision, the error it answered with, and
// when the response is complete; everything else is read off the request and response.

import { attributesFromRequest, type AuthorizationResult } from '../auth/rbac/authorizer.js';
import type { AuthenticationResult } from '../authn/request-authenticator.js';
import type { ApiRequest, UserInfo } from '../http/api-request.js';
import { isStatusError, type Status } from '../../machinery/errors/index.js';
import type { RequestInfo } from '../request/request-info.js';
import type { AuditObjectReference } from './audit-event.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { Auditor } from './auditor.js';
import {
  decodeTappedBody,
  onResponseStart,
  tapRequestBody,
  tappedJsonLine,
  tapResponseBody,
} from './body-taps.js';
import { sourceIPs } from './source-ips.js';

/** What the handler chain reports to the audit of one request. */
export interface RequestAudit {
  /** The authorizer's decision: the authorization.k8s.io/decision and reason annotations. */
  authorized(result: AuthorizationResult): void;
  /** The error the request is answered with; anything but a StatusError is a Panic. */
  failed(err: unknown, status: Status): void;
  /** The response is complete: emits ResponseComplete (or Panic). */
  complete(): void;
}

/** The audit of a request nothing is logged for. */
export const noRequestAudit: RequestAudit = {
  authorized: () => {},
  failed: () => {},
  complete: () => {},
};

/** Verbs whose request carries a body worth logging. */
const bodyVerbs = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Verbs whose served body is the object (or patch) itself, parsed by the handler. */
const rawVerbs = new Set(['create', 'update', 'patch']);

/** Upstream leaves unauthenticated users out of the event (`"user":{}`). */
const nobody: UserInfo = { name: '', groups: [] };

/** Discovery paths (/api/v1, /apis/apps/v1) are non-resource requests to upstream, verb = method. */
function auditInfo(info: RequestInfo, method: string): RequestInfo {
  return info.isResourceRequest && info.resource === ''
    ? { ...info, isResourceRequest: false, verb: method.toLowerCase() }
    : info;
}

function objectRefOf(info: RequestInfo): AuditObjectReference | undefined {
  if (!info.isResourceRequest) return undefined;
  return {
    resource: info.resource,
    ...(info.namespace ? { namespace: info.namespace } : {}),
    ...(info.name ? { name: info.name } : {}),
    ...(info.apiGroup ? { apiGroup: info.apiGroup } : {}),
    apiVersion: info.apiVersion,
    ...(info.subresource ? { subresource: info.subresource } : {}),
  };
}

/** Milliseconds since the epoch of an hrtime stamp taken earlier in this process. */
function epochMsOf(hrtime: bigint): number {
  return performance.timeOrigin + performance.now() - Number(process.hrtime.bigint() - hrtime) / 1e6;
}

/** The server-wide side: turns requests into RequestAudits through the Auditor. */
export class RequestAuditing {
  constructor(
    private readonly auditor: Auditor,
    private readonly closeSink: () => void,
    /** Where a failure to audit goes: auditing must never fail or crash the request itself. */
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /**
   * Opens the audit of a request once authentication has run (upstream audits after
   * authentication, judging the policy by the authenticated user, not an impersonated one).
   */
  begin(areq: ApiRequest, authn: AuthenticationResult): RequestAudit {
    try {
      return this.open(areq, authn);
    } catch (err) {
      this.onError(err);
      return noRequestAudit;
    }
  }

  private open(areq: ApiRequest, authn: AuthenticationResult): RequestAudit {
    const { req, res, url } = areq;
    const info = auditInfo(areq.info, req.method ?? 'GET');
    const authenticated = authn.status === 'authenticated' ? authn.user : undefined;
    const user = authenticated ?? (authn.status === 'rejected' ? nobody : areq.user);
    const recorder = this.auditor.begin(
      {
        auditID: typeof req.headers['audit-id'] === 'string' ? req.headers['audit-id'] : undefined,
        requestURI: req.url ?? '/',
        verb: info.verb,
        user,
        sourceIPs: sourceIPs(req),
        userAgent: req.headers['user-agent'],
        objectRef: objectRefOf(info),
        receivedAt: epochMsOf(areq.startedAt),
      },
      attributesFromRequest(user, info, url.searchParams),
    );
    // Upstream answers every request with its audit ID.
    res.setHeader('Audit-Id', recorder.auditID);
    if (recorder.disabled) return noRequestAudit;
    if (authn.status === 'authenticated') {
      for (const [k, v] of Object.entries(authn.auditAnnotations ?? {})) recorder.addAnnotation(k, v);
    }
    return new ActiveRequestAudit(areq, info, user, recorder, this.onError);
  }

  /** Writes what is queued and closes the log. */
  close(): void {
    this.closeSink();
  }
}

class ActiveRequestAudit implements RequestAudit {
  private readonly requestBody: (() => Buffer | undefined) | undefined;
  private readonly responseBody: (() => Buffer | undefined) | undefined;
  private status: Status | undefined;
  private panicked: { err: unknown } | undefined;

  constructor(
    private readonly areq: ApiRequest,
    private readonly info: RequestInfo,
    private readonly user: UserInfo,
    private readonly recorder: AuditRecorder,
    private readonly onError: (err: unknown) => void,
  ) {
    const { req, res } = areq;
    const level = recorder.level;
    recorder.requestReceived();
    // A create's body is read even at Metadata: it names the object (upstream's objectRef.name).
    const wantsBody = level !== 'Metadata' || info.verb === 'create';
    this.requestBody = wantsBody && bodyVerbs.has(info.verb) ? tapRequestBody(req) : undefined;
    this.responseBody = level === 'RequestResponse' && !areq.longRunning ? tapResponseBody(res) : undefined;
    if (areq.longRunning) {
      onResponseStart(res, () => {
        recorder.setResponseStatus(res.statusCode);
        recorder.responseStarted();
      });
    }
  }

  authorized(result: AuthorizationResult): void {
    this.recorder.addAnnotation(
      'authorization.k8s.io/decision',
      result.decision === 'allow' ? 'allow' : 'forbid',
    );
    this.recorder.addAnnotation('authorization.k8s.io/reason', result.reason);
  }

  failed(err: unknown, status: Status): void {
    this.status = status;
    if (!isStatusError(err)) this.panicked = { err };
  }

  complete(): void {
    try {
      this.finish();
    } catch (err) {
      this.onError(err);
    }
  }

  private finish(): void {
    const { req, res } = this.areq;
    const recorder = this.recorder;
    if (this.areq.user !== this.user && this.areq.user.name !== '')
      recorder.setImpersonatedUser(this.areq.user);
    if (res.statusCode === 401) recorder.setUser(nobody);
    const body = this.requestBody?.();
    // A served write named in its URL needs nothing from its body but the body itself: log its
    // text (valid JSON, since it was served) without parsing it.
    const { name, namespace } = this.info;
    const line =
      name !== '' && namespace !== '' && res.statusCode < 300 && rawVerbs.has(this.info.verb)
        ? tappedJsonLine(body, req.headers['content-type'])
        : undefined;
    if (line !== undefined) recorder.setRequestJson(line);
    const requestObject =
      line === undefined ? decodeTappedBody(body, req.headers['content-type']) : undefined;
    if (requestObject !== undefined) {
      const meta = (requestObject as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
      if (!this.info.name && typeof meta?.name === 'string') recorder.updateObjectRef({ name: meta.name });
      if (!this.info.namespace && this.info.isResourceRequest && typeof meta?.namespace === 'string') {
        recorder.updateObjectRef({ namespace: meta.namespace });
      }
      recorder.setRequestObject(requestObject);
    }
    if (this.panicked !== undefined) {
      recorder.panic(this.panicked.err);
      return;
    }
    const responseObject = decodeTappedBody(this.responseBody?.(), res.getHeader('content-type'));
    const responseStatus =
      this.status ??
      ((responseObject as { kind?: unknown } | undefined)?.kind === 'Status'
        ? (responseObject as Status)
        : undefined);
    recorder.setResponseStatus(res.statusCode, responseStatus);
    if (responseObject !== undefined) recorder.setResponseObject(responseObject);
    recorder.complete();
  }
}
