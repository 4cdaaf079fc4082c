import type { KubeObject } from '../../api/object.js';
import type { LeakTracker } from './leak-tracker.js';
import type { NodePortAllocator } from './node-port-allocator.js';
import type { RangeRepairReport, RangeUse } from './repair-range.js';
import { serviceClusterIps, serviceNodePorts, serviceOwner } from './service-allocations.js';
import type { ServiceIpAllocator } from './service-ip-allocator.js';

/** The two Service allocators of an apiserver. */
export interface ServiceAllocators {
  readonly serviceIps: ServiceIpAllocator;
  readonly nodePorts: NodePortAllocator;
}

/** Inputs of one repair pass. */
export interface RepairAllocationsOptions {
  readonly allocators: ServiceAllocators;
  /** Every Service in the cluster, listed before the pass starts. */
  readonly services: readonly KubeObject[];
  /**
   * Leak sightings kept across periodic passes (upstream's three-pass rule). Omit only when no
   * allocation can be in flight: a lone apiserver repairing at start-up, before it serves.
   */
  readonly leaks?: LeakTracker;
}

/** What a repair pass found and fixed in each range. */
export interface RepairReport {
  readonly serviceIps: RangeRepairReport<string>;
  readonly nodePorts: RangeRepairReport<number>;
}

/**
 * Upstream's two repair controllers in one pass: rebuilds the ClusterIP and NodePort bitmaps from
 * the Services that exist, marking items in use that were missing and releasing items no Service
 * uses (subject to `leaks`). Items outside the configured ranges and items shared by two Services
 * are reported, not fixed. Each bitmap is rewritten by compare-and-swap, so allocations committed
 * during the pass are kept.
 */
export async function repairAllocations(options: RepairAllocationsOptions): Promise<RepairReport> {
  const ipUses: RangeUse<string>[] = [];
  const portUses: RangeUse<number>[] = [];
  for (const service of options.services) {
    const owner = serviceOwner(service);
    for (const ip of serviceClusterIps(service)) ipUses.push({ item: ip, owner });
    for (const port of serviceNodePorts(service)) portUses.push({ item: port, owner });
  }
  const serviceIps = await options.allocators.serviceIps.repair(ipUses, options.leaks);
  const nodePorts = await options.allocators.nodePorts.repair(portUses, options.leaks);
  return { serviceIps, nodePorts };
}

/** One log line describing a repair pass; undefined when it found nothing to say. */
export function summarizeRepair(report: RepairReport): string | undefined {
  const parts = [
    describeRange('service IPs', report.serviceIps),
    describeRange('node ports', report.nodePorts),
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? undefined : `repaired service allocations: ${parts.join('; ')}`;
}

function describeRange<T>(label: string, r: RangeRepairReport<T>): string | undefined {
  const facts: string[] = [];
  if (r.previousRange !== undefined) facts.push(`range changed from ${r.previousRange}`);
  if (r.marked.length > 0) facts.push(`marked ${list(r.marked)}`);
  if (r.released.length > 0) facts.push(`released leaked ${list(r.released)}`);
  if (r.held.length > 0) facts.push(`holding possibly leaked ${list(r.held)}`);
  for (const d of r.duplicates)
    facts.push(`${d.item} is used by ${d.owners.join(', ')} (recreate all but one)`);
  for (const u of r.outOfRange) facts.push(`${u.owner} uses ${u.item} outside the range (recreate it)`);
  return facts.length === 0 ? undefined : `${label} ${r.range}: ${facts.join(', ')}`;
}

// Long lists (a whole range after a lost bitmap) would drown the log line; the report has them all.
function list<T>(items: readonly T[]): string {
  const shown = items.slice(0, 10).join(' ');
  return items.length > 10 ? `${shown} and ${items.length - 10} more` : shown;
}
