// Pod Security Standards levels and policy versions, and the namespace labels that select them
// (k8s.io/pod-security-admission/api).

import { fieldInvalid, fieldPath, type FieldError } from '../../../machinery/errors/index.js';

/** The three Pod Security Standards levels. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** A policy version: v1.<minor>, or latest (always newest, even than future versions). */
export type PodSecurityVersion =
  { readonly latest: true } | { readonly latest: false; readonly minor: number };

/** A level at a version, printed `restricted:latest` / `baseline:v1.24`. */
export interface LevelVersion {
  readonly level: PodSecurityLevel;
  readonly version: PodSecurityVersion;
}

/** The three modes' level-versions of one namespace. */
export interface PodSecurityPolicy {
  readonly enforce: LevelVersion;
  readonly audit: LevelVersion;
  readonly warn: LevelVersion;
}

const prefix = 'pod-security.kubernetes.io/';
/** Namespace label keys. */
export const ENFORCE_LEVEL_LABEL = `${prefix}enforce`;
export const ENFORCE_VERSION_LABEL = `${prefix}enforce-version`;
export const AUDIT_LEVEL_LABEL = `${prefix}audit`;
export const AUDIT_VERSION_LABEL = `${prefix}audit-version`;
export const WARN_LEVEL_LABEL = `${prefix}warn`;
export const WARN_VERSION_LABEL = `${prefix}warn-version`;
/** Audit annotation keys (prefixed with pod-security.kubernetes.io/). */
export const ENFORCE_POLICY_ANNOTATION = `${prefix}enforce-policy`;
export const AUDIT_VIOLATIONS_ANNOTATION = `${prefix}audit-violations`;
export const EXEMPT_ANNOTATION = `${prefix}exempt`;

/** The latest version. */
export const LATEST: PodSecurityVersion = { latest: true };

/** v1.<minor>. */
export function v1(minor: number): PodSecurityVersion {
  return { latest: false, minor };
}

/** `latest` or `v1.<minor>`. */
export function versionString(v: PodSecurityVersion): string {
  return v.latest ? 'latest' : `v1.${v.minor}`;
}

/** `level:version`. */
export function levelVersionString(lv: LevelVersion): string {
  return `${lv.level}:${versionString(lv.version)}`;
}

/** True when a is older than b (latest is never older). */
export function versionOlder(a: PodSecurityVersion, b: PodSecurityVersion): boolean {
  if (a.latest) return false;
  if (b.latest) return true;
  return a.minor < b.minor;
}

/** True when both level-versions mean the same thing (any two privileged ones do). */
export function equivalent(a: LevelVersion, b: LevelVersion): boolean {
  return (
    (a.level === 'privileged' && b.level === 'privileged') ||
    (a.level === b.level && versionString(a.version) === versionString(b.version))
  );
}

/** -1, 0, 1 comparing strictness, as upstream's CompareLevels. */
export function compareLevels(a: PodSecurityLevel, b: PodSecurityLevel): number {
  const rank = { privileged: 0, baseline: 1, restricted: 2 };
  return Math.sign(rank[a] - rank[b]);
}

/** Parses a level label value; undefined when invalid. */
export function parseLevel(s: string): PodSecurityLevel | undefined {
  return s === 'privileged' || s === 'baseline' || s === 'restricted' ? s : undefined;
}

/** Parses `latest` / `v1.x`; undefined when invalid. */
export function parseVersion(s: string): PodSecurityVersion | undefined {
  if (s === 'latest') return LATEST;
  const m = /^v1\.([0-9]|[1-9][0-9]*)$/.exec(s);
  return m ? v1(Number(m[1])) : undefined;
}

/** The default policy when a namespace has no labels: privileged:latest everywhere. */
export const PRIVILEGED_POLICY: PodSecurityPolicy = {
  enforce: { level: 'privileged', version: LATEST },
  audit: { level: 'privileged', version: LATEST },
  warn: { level: 'privileged', version: LATEST },
};

/**
 * Resolves namespace labels to the policy to evaluate, as upstream's PolicyToEvaluate: invalid
 * enforce values fall back to restricted/latest (fail closed), invalid audit/warn levels to
 * privileged (fail open); warn defaults to a stricter enforce level. Errors are label field errors.
 */
export function policyToEvaluate(
  labels: Readonly<Record<string, string>> | undefined,
  defaults: PodSecurityPolicy = PRIVILEGED_POLICY,
): { policy: PodSecurityPolicy; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let { enforce, audit, warn } = defaults;
  if (!labels || Object.keys(labels).length === 0) return { policy: defaults, errors };
  const bad = (label: string, value: string, detail: string) =>
    errors.push(fieldInvalid(fieldPath('metadata', 'labels').key(label), value, detail));
  const levelMsg = 'must be one of privileged, baseline, restricted';
  const versionMsg = 'must be "latest" or "v1.x"';
  let hasEnforceLevel = false;
  let hasWarnLevel = false;
  let hasWarnVersion = false;
  const get = (k: string) => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : undefined);

  const el = get(ENFORCE_LEVEL_LABEL);
  if (el !== undefined) {
    const l = parseLevel(el);
    if (l) hasEnforceLevel = true;
    else bad(ENFORCE_LEVEL_LABEL, el, levelMsg);
    enforce = { ...enforce, level: l ?? 'restricted' };
  }
  const ev = get(ENFORCE_VERSION_LABEL);
  if (ev !== undefined) {
    const v = parseVersion(ev);
    if (!v) bad(ENFORCE_VERSION_LABEL, ev, versionMsg);
    enforce = { ...enforce, version: v ?? LATEST };
  }
  const al = get(AUDIT_LEVEL_LABEL);
  if (al !== undefined) {
    const l = parseLevel(al);
    if (!l) bad(AUDIT_LEVEL_LABEL, al, levelMsg);
    audit = { ...audit, level: l ?? 'privileged' };
  }
  const av = get(AUDIT_VERSION_LABEL);
  if (av !== undefined) {
    const v = parseVersion(av);
    if (!v) bad(AUDIT_VERSION_LABEL, av, versionMsg);
    audit = { ...audit, version: v ?? LATEST };
  }
  const wl = get(WARN_LEVEL_LABEL);
  if (wl !== undefined) {
    hasWarnLevel = true;
    const l = parseLevel(wl);
    if (!l) bad(WARN_LEVEL_LABEL, wl, levelMsg);
    warn = { ...warn, level: l ?? 'privileged' };
  }
  const wv = get(WARN_VERSION_LABEL);
  if (wv !== undefined) {
    hasWarnVersion = true;
    const v = parseVersion(wv);
    if (!v) bad(WARN_VERSION_LABEL, wv, versionMsg);
    warn = { ...warn, version: v ?? LATEST };
  }
  if (!hasWarnLevel && hasEnforceLevel && compareLevels(enforce.level, warn.level) > 0) {
    warn = { level: enforce.level, version: hasWarnVersion ? warn.version : enforce.version };
  }
  return { policy: { enforce, audit, warn }, errors };
}
