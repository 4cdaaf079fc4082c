import type { Service, ServiceSpec } from 'kubernetes-types/core/v1.js';
import { hasEntries, struct } from './fields.js';

// Upstream does not default ipFamilyPolicy/ipFamilies in the scheme: the service REST layer does,
// because the answer depends on the cluster (which families it serves) and, on update, on the
// stored object. The service strategy calls this before allocating cluster IPs.

/** An IP family a cluster can serve service IPs from. */
export type IpFamily = 'IPv4' | 'IPv6';

/** What the IP family defaults depend on. */
export interface ServiceIpFamilyOptions {
  /** The families the cluster serves, primary (the default) first; one entry for a single-stack cluster. */
  readonly families: readonly IpFamily[];
  /** The stored service on update; absent on create. */
  readonly old?: Service;
}

/** A request problem found while defaulting, for the caller to report as an Invalid error. */
export interface ServiceFieldProblem {
  readonly field: string;
  readonly message: string;
}

function familyOf(ip: string): IpFamily {
  return ip.includes(':') ? 'IPv6' : 'IPv4';
}

function other(family: string | undefined): IpFamily {
  return family === 'IPv6' ? 'IPv4' : 'IPv6';
}

function sameList(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

/** A PreferDualStack service whose IP fields did not change keeps them as they are (no up/downgrade). */
function unchangedPreferDualStack(spec: ServiceSpec, old: ServiceSpec): boolean {
  const assigned = spec.type === 'ClusterIP' || spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  return (
    assigned &&
    old.type === spec.type &&
    old.ipFamilyPolicy === 'PreferDualStack' &&
    spec.ipFamilyPolicy === 'PreferDualStack' &&
    sameList(old.clusterIPs, spec.clusterIPs) &&
    sameList(old.ipFamilies, spec.ipFamilies)
  );
}

/** On update: single-stack trims untouched secondaries; other policies may not drop them. */
function reconcileWithOld(spec: ServiceSpec, old: ServiceSpec, problems: ServiceFieldProblem[]): void {
  const ips = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if (sameList(old.clusterIPs, ips) && ips.length > 1) spec.clusterIPs = ips.slice(0, 1);
    if (sameList(old.ipFamilies, families) && families.length > 1) spec.ipFamilies = families.slice(0, 1);
    return;
  }
  const message = (what: string) => `must be 'SingleStack' to release the secondary ${what}`;
  if (ips.length > 0 && ips.length < (old.clusterIPs ?? []).length) {
    problems.push({ field: 'spec.ipFamilyPolicy', message: message('cluster IP') });
  }
  if (families.length > 0 && families.length < (old.ipFamilies ?? []).length) {
    problems.push({ field: 'spec.ipFamilyPolicy', message: message('IP family') });
  }
}

/**
 * Defaults spec.ipFamilyPolicy and spec.ipFamilies as upstream's service REST layer does (and, on
 * create, spec.clusterIPs from spec.clusterIP). Returns the problems that make the request invalid;
 * the service is only partly defaulted when there are any. ExternalName services are left alone.
 */
export function defaultServiceIpFamilies(
  service: Service,
  options: ServiceIpFamilyOptions,
): ServiceFieldProblem[] {
  const spec = struct(service.spec);
  const primary = options.families[0];
  if (!spec || spec.type === 'ExternalName' || primary === undefined) return [];
  const old = struct(struct(options.old)?.spec);
  if (!old && spec.clusterIP && !(Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0)) {
    spec.clusterIPs = [spec.clusterIP];
  }
  if (old && unchangedPreferDualStack(spec, old)) return [];

  const headlessWithoutSelector = spec.clusterIP === 'None' && !hasEntries(spec.selector);
  spec.ipFamilyPolicy ??=
    old?.ipFamilyPolicy ?? (headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack');

  const problems: ServiceFieldProblem[] = [];
  if (old) reconcileWithOld(spec, old, problems);
  const families = Array.isArray(spec.ipFamilies) ? [...spec.ipFamilies] : [];
  const clusterIPs = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if (spec.ipFamilyPolicy === 'SingleStack') {
    const multiple = "must be 'RequireDualStack' or 'PreferDualStack' when multiple";
    if (clusterIPs.length === 2)
      problems.push({ field: 'spec.ipFamilyPolicy', message: `${multiple} cluster IPs are specified` });
    if (families.length === 2)
      problems.push({ field: 'spec.ipFamilyPolicy', message: `${multiple} IP families are specified` });
  }
  // Families follow the cluster IPs the user chose.
  for (const [i, ip] of clusterIPs.entries()) {
    if (ip === 'None') break;
    if (i < families.length) continue;
    const family = familyOf(ip);
    if (options.families.includes(family)) families.push(family);
    else
      problems.push({
        field: `spec.clusterIPs[${i}]`,
        message: `${family} is not configured on this cluster`,
      });
  }
  if (problems.length > 0) return problems;

  if (headlessWithoutSelector) {
    // Headless services without selectors may name both families even on a single-stack cluster.
    if (families.length === 0) families.push(primary);
    if (families.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') families.push(other(families[0]));
    spec.ipFamilies = families;
    return [];
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack' && options.families.length < 2) {
    problems.push({
      field: 'spec.ipFamilyPolicy',
      message: 'this cluster is not configured for dual-stack services',
    });
  }
  for (const [i, family] of families.entries()) {
    if (!options.families.includes(family as IpFamily)) {
      problems.push({ field: `spec.ipFamilies[${i}]`, message: 'not configured on this cluster' });
    }
  }
  if (problems.length > 0) return problems;
  if (families.length === 0) families.push(primary);
  if (spec.ipFamilyPolicy !== 'SingleStack' && families.length === 1 && options.families.length === 2) {
    families.push(other(families[0]));
  }
  spec.ipFamilies = families;
  return [];
}
