// certificates.k8s.io CertificateSigningRequests (upstream's csrStrategy, csrStatusStrategy and
// csrApprovalStrategy): the requestor's identity is stamped on create, the spec never changes,
// `approval` writes only conditions and `status` only the certificate and non-approval conditions.
import type { CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1.js';
import type { KubeObject } from '../../../api/object.js';
import type { ResourceType } from '../../../api/scheme/resource-type.js';
import { validateObjectMetaUpdate } from '../../../api/validation/object-meta.js';
import { validateObjectUpdate } from '../../../api/validation/validate-object.js';
import { formatRfc3339 } from '../../../base/rfc3339.js';
import { invalid } from '../../../machinery/errors/index.js';
import type { Strategy } from '../strategy.js';
import { simpleStrategy } from './simple-strategies.js';

interface CsrShape {
  spec?: Record<string, unknown>;
  status?: { conditions?: CertificateSigningRequestCondition[]; certificate?: string };
}

/** The requesting user as the handler chain knows it (uid and extra come from tokens and impersonation). */
interface RequestingUser {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

function conditionsOf(csr: KubeObject): CertificateSigningRequestCondition[] {
  return (csr as CsrShape).status?.conditions ?? [];
}

// Upstream's preserveConditionInstances: a status write keeps Approved/Denied exactly as stored
// unless it adds or removes one (which validation then rejects).
function preserveConditionInstances(next: KubeObject, old: KubeObject, type: string): void {
  const nextConditions = conditionsOf(next);
  const newIndices = nextConditions.flatMap((c, i) => (c.type === type ? [i] : []));
  const oldOnes = conditionsOf(old).filter((c) => c.type === type);
  if (newIndices.length !== oldOnes.length) return;
  newIndices.forEach((at, i) => (nextConditions[at] = structuredClone(oldOnes[i]!)));
}

// Upstream's populateConditionTimestamps: missing lastUpdateTime is now; a missing
// lastTransitionTime is kept from an old condition of the same type and status, else now.
function populateConditionTimestamps(next: KubeObject, old: KubeObject, now: Date): void {
  const stamp = formatRfc3339(now);
  for (const c of conditionsOf(next)) {
    if (!c.lastUpdateTime) c.lastUpdateTime = stamp;
    if (!c.lastTransitionTime) {
      const same = conditionsOf(old).find(
        (o) => o.type === c.type && o.status === c.status && !!o.lastTransitionTime,
      );
      c.lastTransitionTime = same?.lastTransitionTime ?? stamp;
    }
  }
}

/** The stored object with the writable metadata (labels, annotations) of `next`, as status writes allow. */
function rebuiltFrom(current: KubeObject, next: KubeObject): KubeObject {
  const rebuilt = structuredClone(current);
  rebuilt.metadata = { ...rebuilt.metadata };
  if (next.metadata?.labels !== undefined) rebuilt.metadata.labels = next.metadata.labels;
  if (next.metadata?.annotations !== undefined) rebuilt.metadata.annotations = next.metadata.annotations;
  return rebuilt;
}

/** The CertificateSigningRequest strategy. */
export function certificateSigningRequestStrategy(type: ResourceType): Strategy {
  const base = simpleStrategy(type);
  const gk = { group: type.group, kind: type.kind };
  const check = (subresource: string, next: KubeObject, current: KubeObject): KubeObject => {
    const errors = [
      ...validateObjectUpdate(type.group, type.kind, next, current, { subresource }),
      ...validateObjectMetaUpdate(next, current, type),
    ];
    if (errors.length > 0) throw invalid(gk, current.metadata?.name ?? '', errors);
    return next;
  };
  return {
    ...base,
    prepareForCreate(object, ctx) {
      const spec = ((object as CsrShape).spec ??= {});
      delete spec['username'];
      delete spec['uid'];
      delete spec['groups'];
      delete spec['extra'];
      const user = ctx.user as RequestingUser | undefined;
      if (user !== undefined) {
        if (user.name !== '') spec['username'] = user.name;
        if (user.uid) spec['uid'] = user.uid;
        if (user.groups.length > 0) spec['groups'] = [...user.groups];
        if (user.extra && Object.keys(user.extra).length > 0) spec['extra'] = structuredClone(user.extra);
      }
      // Users cannot create pre-approved (or pre-issued) requests.
      (object as CsrShape).status = {};
    },
    prepareForUpdate(object, old) {
      // The spec is immutable; status changes only through its subresources (the store keeps it).
      (object as CsrShape).spec = structuredClone((old as CsrShape).spec);
    },
    subresourceWrites: {
      status(next, current, ctx) {
        const rebuilt = rebuiltFrom(current, next);
        const status = (next as CsrShape).status;
        if (status === undefined) delete (rebuilt as CsrShape).status;
        else (rebuilt as CsrShape).status = structuredClone(status);
        preserveConditionInstances(rebuilt, current, 'Approved');
        preserveConditionInstances(rebuilt, current, 'Denied');
        populateConditionTimestamps(rebuilt, current, ctx.now);
        return check('status', rebuilt, current);
      },
      approval(next, current, ctx) {
        const proposed = structuredClone(next);
        populateConditionTimestamps(proposed, current, ctx.now);
        const rebuilt = rebuiltFrom(current, next);
        const status: CsrShape['status'] = { ...(rebuilt as CsrShape).status };
        const conditions = (proposed as CsrShape).status?.conditions;
        if (conditions === undefined) delete status.conditions;
        else status.conditions = conditions;
        (rebuilt as CsrShape).status = status;
        return check('approval', rebuilt, current);
      },
    },
  };
}
