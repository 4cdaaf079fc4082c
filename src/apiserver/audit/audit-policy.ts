// audit.k8s.io/v1 Policy: which requests are logged, at which level, in which stages. Parsed from
// the YAML file upstream's --audit-policy-file takes, validated the way upstream validates it.

import { parse } from 'yaml';

/** How much of a request an audit event records. */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

/** The stages of a request an event can be emitted in. */
export type AuditStage = 'RequestReceived' | 'ResponseStarted' | 'ResponseComplete' | 'Panic';

/** Resources of one API group a rule applies to (`pods`, `pods/log`, `*`, `*\/scale`, `pods/*`). */
export interface GroupResources {
  readonly group?: string;
  readonly resources?: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** One rule; the first rule that matches a request decides its level. */
export interface PolicyRule {
  readonly level: AuditLevel;
  readonly users?: readonly string[];
  readonly userGroups?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resources?: readonly GroupResources[];
  readonly namespaces?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly omitStages?: readonly AuditStage[];
  readonly omitManagedFields?: boolean;
}

/** The policy document. */
export interface AuditPolicy {
  readonly apiVersion: 'audit.k8s.io/v1';
  readonly kind: 'Policy';
  readonly rules: readonly PolicyRule[];
  readonly omitStages?: readonly AuditStage[];
  readonly omitManagedFields?: boolean;
}

/** Every level, least to most detailed. */
export const AUDIT_LEVELS: readonly AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];
const stages: readonly AuditStage[] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

/** A policy file that does not validate; the message lists every problem like upstream's aggregate. */
export class AuditPolicyError extends Error {
  override readonly name = 'AuditPolicyError';
}

function stringList(v: unknown): v is string[] {
  return v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
}

function validateStages(path: string, v: unknown, errs: string[]): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) return void errs.push(`${path}: Invalid value: must be a list`);
  v.forEach((s, i) => {
    if (!stages.includes(s as AuditStage)) {
      errs.push(
        `${path}[${i}]: Unsupported value: ${JSON.stringify(s)}: supported values: ${stages.map((x) => `"${x}"`).join(', ')}`,
      );
    }
  });
}

function validateRule(rule: Record<string, unknown>, path: string, errs: string[]): void {
  if (!AUDIT_LEVELS.includes(rule.level as AuditLevel)) {
    errs.push(
      rule.level === undefined || rule.level === ''
        ? `${path}.level: Required value`
        : `${path}.level: Unsupported value: ${JSON.stringify(rule.level)}: supported values: ${AUDIT_LEVELS.map((l) => `"${l}"`).join(', ')}`,
    );
  }
  for (const field of ['users', 'userGroups', 'verbs', 'namespaces', 'nonResourceURLs']) {
    if (!stringList(rule[field])) errs.push(`${path}.${field}: Invalid value: must be a list of strings`);
  }
  const urls = (rule.nonResourceURLs as string[] | undefined) ?? [];
  const resources = rule.resources as Record<string, unknown>[] | undefined;
  if (
    urls.length > 0 &&
    ((resources?.length ?? 0) > 0 || ((rule.namespaces as string[] | undefined)?.length ?? 0) > 0)
  ) {
    errs.push(
      `${path}.nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs`,
    );
  }
  urls.forEach((u, i) => {
    if (u === '*') return;
    if (!u.startsWith('/'))
      errs.push(
        `${path}.nonResourceURLs[${i}]: Invalid value: ${JSON.stringify(u)}: non-resource URL rules must begin with a '/' character`,
      );
    if (u.slice(0, -1).includes('*'))
      errs.push(
        `${path}.nonResourceURLs[${i}]: Invalid value: ${JSON.stringify(u)}: non-resource URL wildcards '*' must be the final character of the rule`,
      );
  });
  (resources ?? []).forEach((gr, i) => {
    const gp = `${path}.resources[${i}]`;
    if (!stringList(gr.resources) || !stringList(gr.resourceNames))
      errs.push(`${gp}: Invalid value: must be lists of strings`);
    const res = (gr.resources as string[] | undefined) ?? [];
    if (typeof gr.group === 'string' && gr.group.includes('/'))
      errs.push(`${gp}.group: Invalid value: ${JSON.stringify(gr.group)}: must be a valid group name`);
    if (((gr.resourceNames as string[] | undefined)?.length ?? 0) > 0 && res.length === 0) {
      errs.push(`${gp}.resourceNames: Invalid value: using resourceNames requires at least one resource`);
    }
    res.forEach((r, j) => {
      if (r === '*' || r.startsWith('*/')) {
        if (((gr.resourceNames as string[] | undefined)?.length ?? 0) > 0)
          errs.push(
            `${gp}.resources[${j}]: Invalid value: ${JSON.stringify(r)}: using resourceNames with wildcard resources is not allowed`,
          );
      }
    });
  });
  validateStages(`${path}.omitStages`, rule.omitStages, errs);
}

/** Validates a decoded policy object, throwing AuditPolicyError listing every problem. */
export function validateAuditPolicy(doc: unknown): AuditPolicy {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new AuditPolicyError('audit policy: not an object');
  const o = doc as Record<string, unknown>;
  const errs: string[] = [];
  if (o.kind !== 'Policy') errs.push(`kind: Invalid value: ${JSON.stringify(o.kind)}: must be "Policy"`);
  if (o.apiVersion !== 'audit.k8s.io/v1')
    errs.push(`apiVersion: Invalid value: ${JSON.stringify(o.apiVersion)}: must be "audit.k8s.io/v1"`);
  if (!Array.isArray(o.rules)) errs.push('rules: Required value');
  else o.rules.forEach((r, i) => validateRule((r ?? {}) as Record<string, unknown>, `rules[${i}]`, errs));
  validateStages('omitStages', o.omitStages, errs);
  if (errs.length > 0) throw new AuditPolicyError(errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);
  return o as unknown as AuditPolicy;
}

/** Parses and validates a policy file (YAML or JSON). */
export function parseAuditPolicy(text: string): AuditPolicy {
  return validateAuditPolicy(parse(text));
}
