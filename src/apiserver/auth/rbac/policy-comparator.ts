// Whether one set of rules grants everything another does (upstream's validation.Covers). The
// servant rules are broken into atoms (one group, resource, verb and name each), so every atom is
// either wholly covered by a single owner rule or reported as missing.

import type { PolicyRule } from 'kubernetes-types/rbac/v1.js';
import { RBAC_WILDCARD, trimTrailingStars } from './rule-matching.js';

/** Whether the owner rules cover the servant rules, and the atoms they do not. */
export interface CoverResult {
  readonly covered: boolean;
  readonly missing: PolicyRule[];
}

/** Splits a rule into rules of at most one group, resource, verb and resource name (or one URL and verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const atoms: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length > 0) {
          for (const name of names) {
            atoms.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
          }
        } else {
          atoms.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  // Non-resource URLs only combine with verbs.
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) atoms.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return atoms;
}

/** Upstream's Covers: true with no missing atoms when the owner rules grant all the servant rules do. */
export function covers(ownerRules: readonly PolicyRule[], servantRules: readonly PolicyRule[]): CoverResult {
  const missing: PolicyRule[] = [];
  for (const servant of servantRules) {
    for (const atom of breakdownRule(servant)) {
      if (!ownerRules.some((owner) => ruleCovers(owner, atom))) missing.push(atom);
    }
  }
  return { covered: missing.length === 0, missing };
}

function hasAll(set: readonly string[], wanted: readonly string[]): boolean {
  const owned = new Set(set);
  return wanted.every((w) => owned.has(w));
}

function resourcesCoverAll(owned: readonly string[], wanted: readonly string[]): boolean {
  if (owned.includes(RBAC_WILDCARD) || hasAll(owned, wanted)) return true;
  return wanted.every((path) => {
    if (owned.includes(path)) return true;
    const slash = path.indexOf('/');
    // A plain resource is only covered exactly; "x/sub" is also covered by "*/sub".
    return slash >= 0 && owned.includes(`*/${path.slice(slash + 1)}`);
  });
}

function nonResourceURLCovers(ownerPath: string, subPath: string): boolean {
  if (ownerPath === subPath) return true;
  return ownerPath.endsWith('*') && subPath.startsWith(trimTrailingStars(ownerPath));
}

function nonResourceURLsCoverAll(owned: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((path) => owned.some((o) => nonResourceURLCovers(o, path)));
}

/** True when one owner rule covers one atom from breakdownRule. */
export function ruleCovers(owner: PolicyRule, atom: PolicyRule): boolean {
  const verbs = owner.verbs.includes(RBAC_WILDCARD) || hasAll(owner.verbs, atom.verbs);
  const groups =
    (owner.apiGroups ?? []).includes(RBAC_WILDCARD) || hasAll(owner.apiGroups ?? [], atom.apiGroups ?? []);
  const resources = resourcesCoverAll(owner.resources ?? [], atom.resources ?? []);
  const urls = nonResourceURLsCoverAll(owner.nonResourceURLs ?? [], atom.nonResourceURLs ?? []);
  const ownerNames = owner.resourceNames ?? [];
  const atomNames = atom.resourceNames ?? [];
  // An owner limited to names never covers an unnamed grant; an unlimited owner covers any name.
  const names =
    atomNames.length === 0
      ? ownerNames.length === 0
      : ownerNames.length === 0 || hasAll(ownerNames, atomNames);
  return verbs && groups && resources && names && urls;
}
