import type { AuthorizationAttributes } from '../auth/rbac/authorizer.js';
import { evaluateAuditPolicy } from './audit-policy-evaluator.js';
import type { AuditPolicy } from './audit-policy.js';
import { AuditRecorder, type AuditRequestInit, type AuditSink } from './audit-recorder.js';

/** The server-wide audit entry point: a policy and a sink; hands out one recorder per request. */
export class Auditor {
  private readonly now: () => number;

  constructor(private readonly options: { policy: AuditPolicy; sink: AuditSink; now?: () => number }) {
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  /** Opens the recorder of one request; `attrs` are the request's authorization attributes. */
  begin(init: AuditRequestInit, attrs: AuthorizationAttributes): AuditRecorder {
    return new AuditRecorder(
      init,
      evaluateAuditPolicy(this.options.policy, attrs),
      this.options.sink,
      this.now,
    );
  }
}
