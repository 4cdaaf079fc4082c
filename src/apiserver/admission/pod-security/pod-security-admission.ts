// The PodSecurity admission plugin (upstream's in-tree plugin around k8s.io/pod-security-admission):
// pods are enforced, audited and warned about; workload templates only audited and warned about;
// namespace labels are validated, and tightening enforce warns about existing pods.

import type { PodSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../../api/object.js';
import { forbidden, internalError, invalid } from '../../../machinery/errors/index.js';
import type { AdmissionAttributes } from '../../endpoints/server-context.js';
import type { AdmissionPlugin } from '../admission-chain.js';
import {
  evaluatePod,
  forbiddenDetail,
  forbiddenReason,
  type AggregateResult,
} from './pod-security-evaluator.js';
import {
  AUDIT_LEVEL_LABEL,
  AUDIT_VERSION_LABEL,
  AUDIT_VIOLATIONS_ANNOTATION,
  compareLevels,
  ENFORCE_LEVEL_LABEL,
  ENFORCE_POLICY_ANNOTATION,
  ENFORCE_VERSION_LABEL,
  equivalent,
  EXEMPT_ANNOTATION,
  levelVersionString,
  policyToEvaluate,
  PRIVILEGED_POLICY,
  versionString,
  WARN_LEVEL_LABEL,
  WARN_VERSION_LABEL,
  type LevelVersion,
  type PodSecurityPolicy,
} from './pod-security-levels.js';
import { extractPodSpec, hasPodTemplate } from './pod-spec-extractor.js';

/** PodSecurityConfiguration's exemptions. */
export interface PodSecurityExemptions {
  readonly usernames?: readonly string[];
  readonly runtimeClasses?: readonly string[];
  readonly namespaces?: readonly string[];
}

/** Options of the PodSecurity plugin. */
export interface PodSecurityOptions {
  /** The namespace object (from the watch cache); undefined when missing. */
  getNamespace(name: string): Promise<KubeObject | undefined>;
  /** Pods of a namespace (for the existing-pods warnings when enforce is tightened). */
  listPods(namespace: string): Promise<readonly KubeObject[]>;
  readonly exemptions?: PodSecurityExemptions;
  /** The policy of unlabelled namespaces (PodSecurityConfiguration defaults; privileged:latest). */
  readonly defaults?: PodSecurityPolicy;
  /** Receives the audit annotations of each request (keys already prefixed pod-security.kubernetes.io/). */
  recordAuditAnnotations?(attrs: AdmissionAttributes, annotations: Readonly<Record<string, string>>): void;
  /** Most existing pods checked when enforce changes (upstream: 3000) and how long (1 s). */
  readonly maxPodsToCheck?: number;
  readonly podCheckTimeoutMs?: number;
  readonly now?: () => number;
}

const ignoredPodSubresources = new Set([
  'exec',
  'attach',
  'binding',
  'eviction',
  'log',
  'portforward',
  'proxy',
  'status',
]);

function podSpecOf(o: KubeObject | undefined): PodSpec {
  return ((o as { spec?: PodSpec } | undefined)?.spec ?? {}) as PodSpec;
}

/** True when a pod update changed what the policy looks at (images, containers added). */
export function isSignificantPodUpdate(pod: KubeObject, old: KubeObject): boolean {
  const a = podSpecOf(pod);
  const b = podSpecOf(old);
  const cs = a.containers ?? [];
  const ocs = b.containers ?? [];
  const ics = a.initContainers ?? [];
  const oics = b.initContainers ?? [];
  if (cs.length !== ocs.length || ics.length !== oics.length) return true;
  if (cs.some((c, i) => c.image !== ocs[i]!.image) || ics.some((c, i) => c.image !== oics[i]!.image))
    return true;
  for (const e of a.ephemeralContainers ?? []) {
    const o = (b.ephemeralContainers ?? []).find((x) => x.name === e.name);
    if (!o || o.image !== e.image) return true;
  }
  return false;
}

/** The PodSecurity admission plugin (validating). */
export function podSecurityAdmission(options: PodSecurityOptions): AdmissionPlugin {
  const defaults = options.defaults ?? PRIVILEGED_POLICY;
  const ex = options.exemptions ?? {};
  const exemptNamespace = (ns: string) => ns !== '' && (ex.namespaces ?? []).includes(ns);
  const exemptUser = (u: string) => u !== '' && (ex.usernames ?? []).includes(u);
  const exemptRuntimeClass = (rc: string | undefined) => !!rc && (ex.runtimeClasses ?? []).includes(rc);
  const now = options.now ?? Date.now;

  function audit(attrs: AdmissionAttributes, ann: Record<string, string>): void {
    if (Object.keys(ann).length) options.recordAuditAnnotations?.(attrs, ann);
  }

  function evaluate(
    attrs: AdmissionAttributes,
    policy: PodSecurityPolicy,
    policyErrors: string,
    meta: KubeObject['metadata'],
    spec: PodSpec,
    name: string,
    enforce: boolean,
  ): void {
    if (exemptRuntimeClass(spec.runtimeClassName))
      return audit(attrs, { [EXEMPT_ANNOTATION]: 'runtimeClass' });
    const ann: Record<string, string> = {};
    if (policyErrors) ann['pod-security.kubernetes.io/error'] = `Failed to parse policy: ${policyErrors}`;
    const cache = new Map<string, AggregateResult>();
    const run = (lv: LevelVersion) => {
      const key = levelVersionString(lv);
      let r = cache.get(key);
      if (!r) cache.set(key, (r = evaluatePod(lv, meta ?? {}, spec)));
      return r;
    };
    let denied: Error | undefined;
    if (enforce) {
      ann[ENFORCE_POLICY_ANNOTATION] = levelVersionString(policy.enforce);
      const r = run(policy.enforce);
      if (!r.allowed) {
        const type = attrs.resource.type;
        denied = forbidden(
          { group: type.group, resource: type.resource },
          name,
          `violates PodSecurity ${JSON.stringify(levelVersionString(policy.enforce))}: ${forbiddenDetail(r)}`,
        );
      }
    }
    const ar = run(policy.audit);
    if (!ar.allowed) {
      ann[AUDIT_VIOLATIONS_ANNOTATION] =
        `would violate PodSecurity ${JSON.stringify(levelVersionString(policy.audit))}: ${forbiddenDetail(ar)}`;
    }
    if (!denied) {
      const wr = run(policy.warn);
      if (!wr.allowed) {
        attrs.areq.warnings.push(
          `would violate PodSecurity ${JSON.stringify(levelVersionString(policy.warn))}: ${forbiddenDetail(wr)}`,
        );
      }
    }
    audit(attrs, ann);
    if (denied) throw denied;
  }

  async function nsPolicy(
    attrs: AdmissionAttributes,
  ): Promise<{ policy: PodSecurityPolicy; errors: string } | undefined> {
    const ns = await options.getNamespace(attrs.namespace);
    if (!ns) return undefined;
    const { policy, errors } = policyToEvaluate(ns.metadata?.labels, defaults);
    const text = errors.map((e) => `${e.field}: Invalid value: ${JSON.stringify(e.badValue)}: ${e.detail}`);
    return { policy, errors: text.length === 1 ? text[0]! : text.length ? `[${text.join(', ')}]` : '' };
  }

  async function validatePod(
    attrs: AdmissionAttributes,
    obj: KubeObject,
    old: KubeObject | undefined,
  ): Promise<void> {
    if (ignoredPodSubresources.has(attrs.subresource)) return;
    if (exemptNamespace(attrs.namespace)) return audit(attrs, { [EXEMPT_ANNOTATION]: 'namespace' });
    if (exemptUser(attrs.areq.user.name)) return audit(attrs, { [EXEMPT_ANNOTATION]: 'user' });
    const p = await nsPolicy(attrs);
    if (!p) throw internalError(`failed to lookup namespace ${JSON.stringify(attrs.namespace)}`);
    const { policy, errors } = p;
    if (!errors && [policy.enforce, policy.audit, policy.warn].every((lv) => lv.level === 'privileged')) {
      return audit(attrs, { [ENFORCE_POLICY_ANNOTATION]: 'privileged:latest' });
    }
    if (attrs.operation === 'UPDATE' && old && !isSignificantPodUpdate(obj, old)) return;
    evaluate(
      attrs,
      policy,
      errors,
      obj.metadata,
      podSpecOf(obj),
      attrs.name || obj.metadata?.name || '',
      true,
    );
  }

  async function validateWorkload(attrs: AdmissionAttributes, obj: KubeObject): Promise<void> {
    if (attrs.subresource !== '') return;
    if (exemptNamespace(attrs.namespace)) return audit(attrs, { [EXEMPT_ANNOTATION]: 'namespace' });
    if (exemptUser(attrs.areq.user.name)) return audit(attrs, { [EXEMPT_ANNOTATION]: 'user' });
    const p = await nsPolicy(attrs);
    if (!p)
      return audit(attrs, {
        'pod-security.kubernetes.io/error': `failed to lookup namespace ${JSON.stringify(attrs.namespace)}`,
      });
    if (!p.errors && p.policy.warn.level === 'privileged' && p.policy.audit.level === 'privileged') return;
    const extracted = extractPodSpec(attrs.resource.type.group, attrs.resource.type.resource, obj);
    if (!extracted) return;
    evaluate(
      attrs,
      p.policy,
      p.errors,
      extracted.meta,
      extracted.spec,
      attrs.name || obj.metadata?.name || '',
      false,
    );
  }

  function exemptNamespaceWarning(
    name: string,
    policy: PodSecurityPolicy,
    labels: Readonly<Record<string, string>>,
  ): string {
    const all = [policy.enforce, policy.audit, policy.warn];
    if (all.every((lv) => lv.level === 'privileged')) return '';
    if (
      equivalent(policy.enforce, defaults.enforce) &&
      equivalent(policy.audit, defaults.audit) &&
      equivalent(policy.warn, defaults.warn)
    )
      return '';
    const parts: string[] = [];
    const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
    if (policy.enforce.level !== 'privileged' && (has(ENFORCE_LEVEL_LABEL) || has(ENFORCE_VERSION_LABEL)))
      parts.push(`enforce=${levelVersionString(policy.enforce)}`);
    if (policy.audit.level !== 'privileged' && (has(AUDIT_LEVEL_LABEL) || has(AUDIT_VERSION_LABEL)))
      parts.push(`audit=${levelVersionString(policy.audit)}`);
    if (policy.warn.level !== 'privileged' && (has(WARN_LEVEL_LABEL) || has(WARN_VERSION_LABEL)))
      parts.push(`warn=${levelVersionString(policy.warn)}`);
    return `namespace ${JSON.stringify(name)} is exempt from Pod Security, and the policy (${parts.join(', ')}) will be ignored`;
  }

  async function podWarnings(namespace: string, enforce: LevelVersion): Promise<string[]> {
    const deadline = now() + (options.podCheckTimeoutMs ?? 1000);
    let pods: readonly KubeObject[];
    try {
      pods = await options.listPods(namespace);
    } catch {
      return ['failed to list pods while checking new PodSecurity enforce level'];
    }
    // One pod per controller first, so a big ReplicaSet does not crowd out everything else.
    const first: KubeObject[] = [];
    const dupes: KubeObject[] = [];
    const seen = new Set<string>();
    for (const pod of pods) {
      if (exemptRuntimeClass(podSpecOf(pod).runtimeClassName)) continue;
      const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
      if (!owner) first.push(pod);
      else if (seen.has(owner.uid)) dupes.push(pod);
      else {
        seen.add(owner.uid);
        first.push(pod);
      }
    }
    const prioritized = [...first, ...dupes];
    const total = prioritized.length;
    const max = options.maxPodsToCheck ?? 3000;
    const toCheck = prioritized.slice(0, max);
    let checked = toCheck.length;
    const counts = new Map<string, { name: string; count: number }>();
    const order: string[] = [];
    for (let i = 0; i < toCheck.length; i++) {
      const pod = toCheck[i]!;
      const r = evaluatePod(enforce, pod.metadata ?? {}, podSpecOf(pod));
      if (!r.allowed) {
        const w = forbiddenReason(r);
        const name = pod.metadata?.name ?? '';
        const c = counts.get(w);
        if (!c) {
          counts.set(w, { name, count: 1 });
          order.push(w);
        } else {
          c.count++;
          if (name < c.name) c.name = name;
        }
      }
      if (now() > deadline) {
        checked = i + 1;
        break;
      }
    }
    const out: string[] = [];
    if (checked < total)
      out.push(
        `new PodSecurity enforce level only checked against the first ${checked} of ${total} existing pods`,
      );
    if (order.length)
      out.push(
        `existing pods in namespace ${JSON.stringify(namespace)} violate the new PodSecurity enforce level ${JSON.stringify(levelVersionString(enforce))}`,
      );
    const decorated = order.map((w) => {
      const c = counts.get(w)!;
      if (c.count === 1) return `${c.name}: ${w}`;
      if (c.count === 2) return `${c.name} (and 1 other pod): ${w}`;
      return `${c.name} (and ${c.count - 1} other pods): ${w}`;
    });
    return [...out, ...decorated.sort()];
  }

  async function validateNamespace(
    attrs: AdmissionAttributes,
    obj: KubeObject,
    old: KubeObject | undefined,
  ): Promise<void> {
    if (attrs.subresource !== '') return;
    const name = obj.metadata?.name ?? attrs.name;
    const labels = obj.metadata?.labels ?? {};
    const { policy, errors } = policyToEvaluate(labels, defaults);
    const reject = () => invalid({ group: '', kind: 'Namespace' }, name, errors);
    if (attrs.operation === 'CREATE') {
      if (errors.length) throw reject();
      if (exemptNamespace(name)) {
        const w = exemptNamespaceWarning(name, policy, labels);
        if (w) attrs.areq.warnings.push(w);
      }
      return;
    }
    if (attrs.operation !== 'UPDATE' || !old) return;
    const before = policyToEvaluate(old.metadata?.labels, defaults);
    const sameErrors = JSON.stringify(errors) === JSON.stringify(before.errors);
    if (errors.length && (before.errors.length === 0 || !sameErrors)) throw reject();
    const a = policy.enforce;
    const b = before.policy.enforce;
    if (a.level === b.level && versionString(a.version) === versionString(b.version)) return;
    if (a.level === 'privileged') return;
    if (versionString(a.version) === versionString(b.version) && compareLevels(a.level, b.level) < 1) return;
    if (exemptNamespace(name)) {
      const w = exemptNamespaceWarning(name, policy, labels);
      if (w) attrs.areq.warnings.push(w);
      return;
    }
    attrs.areq.warnings.push(...(await podWarnings(name, a)));
  }

  return {
    name: 'PodSecurity',
    async validate(attrs, obj, old) {
      if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
      const { group, resource } = attrs.resource.type;
      if (group === '' && resource === 'namespaces') return validateNamespace(attrs, obj, old);
      if (group === '' && resource === 'pods') return validatePod(attrs, obj, old);
      if (hasPodTemplate(group, resource)) return validateWorkload(attrs, obj);
    },
  };
}
