import type { LeaseSpec } from 'kubernetes-types/coordination/v1.js';
import { formatMicroTime, parseRfc3339 } from '../../base/rfc3339.js';

/** The holder's claim as leader election reads and writes it (client-go's LeaderElectionRecord). */
export interface LeaderElectionRecord {
  /** Who holds the lease; '' when nobody does (after a release). */
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  /** When the current holder acquired it, in epoch milliseconds. */
  readonly acquireTime: number;
  /** When the holder last renewed it, in epoch milliseconds. */
  readonly renewTime: number;
  /** How many times the lease changed hands. */
  readonly leaderTransitions: number;
}

/** The Lease spec that stores `record`. */
export function recordToLeaseSpec(record: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: formatMicroTime(record.acquireTime),
    renewTime: formatMicroTime(record.renewTime),
    leaseTransitions: record.leaderTransitions,
  };
}

/** The record a Lease spec stores; absent fields read as zero values, as upstream's conversion does. */
export function leaseSpecToRecord(spec: LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: spec?.acquireTime ? parseRfc3339(spec.acquireTime).getTime() : 0,
    renewTime: spec?.renewTime ? parseRfc3339(spec.renewTime).getTime() : 0,
    leaderTransitions: spec?.leaseTransitions ?? 0,
  };
}
