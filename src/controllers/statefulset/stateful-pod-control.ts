// The API side of StatefulSetEnv (upstream's StatefulPodControl): pods and claims through the
// client with upstream's events, reads from the informer caches.
import type { ControllerRevision, StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import type { KubeClient, ResourceClient } from '../../client/index.js';
import type { EventRecorder } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { selectorFromLabelSelector } from '../../machinery/labels/index.js';
import type { RevisionStore } from '../history/revision-store.js';
import { objectReference } from '../shared/workload-owner-refs.js';
import { errorText } from '../shared/workload-pod-control.js';
import { claimsResource, podsResource, statefulSetsResource } from '../shared/workload-resources.js';
import { writeStatusWithRetry } from '../shared/workload-status-writer.js';
import {
  claimOwnerRefsForPolicy,
  hasStaleOwnerRef,
  hasUnexpectedController,
  isClaimOwnerUpToDate,
} from './claim-retention.js';
import {
  claimName,
  claimsFor,
  identityMatches,
  ordinalOf,
  podKind,
  statefulSetKind,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './stateful-pod-identity.js';
import type { StatefulSetEnv } from './stateful-set-control.js';
import { omitEmpty, statefulSetStatusOmitEmpty } from '../shared/go-omit-empty.js';

/** What a StatefulPodControl is created with. */
export interface StatefulPodControlOptions {
  readonly client: KubeClient;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly pods: Lister<Pod>;
  readonly claims: Lister<PersistentVolumeClaim>;
  readonly revisions: RevisionStore;
}

function title(verb: string): string {
  return verb.charAt(0).toUpperCase() + verb.slice(1);
}

/** StatefulSetEnv over the API. */
export class StatefulPodControl implements StatefulSetEnv {
  private readonly podClient: ResourceClient<Pod>;
  private readonly claimClient: ResourceClient<PersistentVolumeClaim>;
  private readonly setClient: ResourceClient<StatefulSet>;
  private readonly o: StatefulPodControlOptions;

  constructor(options: StatefulPodControlOptions) {
    this.o = options;
    this.podClient = options.client.resource<Pod>(podsResource);
    this.claimClient = options.client.resource<PersistentVolumeClaim>(claimsResource);
    this.setClient = options.client.resource<StatefulSet>(statefulSetsResource);
  }

  now(): number {
    return this.o.clock.now();
  }

  listRevisions(set: StatefulSet): readonly ControllerRevision[] {
    return this.o.revisions.list(set, selectorFromLabelSelector(set.spec?.selector));
  }

  createRevision(set: StatefulSet, revision: ControllerRevision, collisionCount: { value: number }) {
    return this.o.revisions.create(set, revision, collisionCount);
  }

  updateRevisionNumber(revision: ControllerRevision, revisionNumber: number) {
    return this.o.revisions.updateRevisionNumber(revision, revisionNumber);
  }

  deleteRevision(revision: ControllerRevision): Promise<void> {
    return this.o.revisions.delete(revision);
  }

  async createPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createClaims(set, pod);
    } catch (err) {
      this.podEvent('create', set, pod, err);
      throw err;
    }
    try {
      await this.podClient.namespace(set.metadata?.namespace ?? '').create(pod);
    } catch (err) {
      // A pod that already exists shows up in the cache soon; no event for it.
      if (!isStatusError(err, 'AlreadyExists')) this.podEvent('create', set, pod, err);
      throw err;
    }
    try {
      await this.updateClaimsForRetentionPolicy(set, pod);
    } catch (err) {
      this.podEvent('update', set, pod, err);
      throw err;
    }
    this.podEvent('create', set, pod);
  }

  async updatePod(set: StatefulSet, podCopy: Pod): Promise<void> {
    let pod = podCopy;
    let attempted = false;
    let failure: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      let consistent = true;
      try {
        if (!identityMatches(set, pod)) {
          updateIdentity(set, pod);
          consistent = false;
        }
        if (!storageMatches(set, pod)) {
          updateStorage(set, pod);
          consistent = false;
          await this.createClaims(set, pod);
        }
        if (!this.claimsMatchRetentionPolicy(set, pod)) {
          await this.updateClaimsForRetentionPolicy(set, pod);
          consistent = false;
        }
      } catch (err) {
        this.podEvent('update', set, pod, err);
        throw err;
      }
      if (consistent) return;
      attempted = true;
      try {
        await this.podClient.namespace(set.metadata?.namespace ?? '').update(pod);
        failure = undefined;
        break;
      } catch (err) {
        failure = err;
        if (!isStatusError(err, 'Conflict')) break;
        const fresh = this.o.pods.get(set.metadata?.namespace ?? '', pod.metadata?.name ?? '');
        if (fresh !== undefined) pod = structuredClone(fresh);
      }
    }
    if (attempted) this.podEvent('update', set, pod, failure);
    if (failure !== undefined) throw failure;
  }

  async deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.podClient.namespace(set.metadata?.namespace ?? '').delete(pod.metadata?.name ?? '');
    } catch (err) {
      this.podEvent('delete', set, pod, err);
      throw err;
    }
    this.podEvent('delete', set, pod);
  }

  podClaimIsStale(set: StatefulSet, pod: Pod): boolean {
    const whenScaled = set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled || 'Retain';
    // Retained claims are meant for reuse, so they can never be stale.
    if (whenScaled === 'Retain') return false;
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      const existing = this.o.claims.get(claim.metadata?.namespace ?? '', claim.metadata?.name ?? '');
      if (existing !== undefined && hasStaleOwnerRef(existing, pod, podKind)) return true;
    }
    return false;
  }

  async createMissingClaims(set: StatefulSet, pod: Pod): Promise<void> {
    await this.createClaims(set, pod);
    try {
      await this.updateClaimsForRetentionPolicy(set, pod);
    } catch (err) {
      this.podEvent('update', set, pod, err);
      throw err;
    }
  }

  claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): boolean {
    const ordinal = ordinalOf(pod);
    for (const template of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(set, template.metadata?.name ?? '', ordinal);
      const claim = this.o.claims.get(set.metadata?.namespace ?? '', name);
      // A missing claim is picked up by a later sync.
      if (claim !== undefined && !isClaimOwnerUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  async updateClaimsForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    const ordinal = ordinalOf(pod);
    const ref = objectReference(set, statefulSetKind);
    for (const template of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(set, template.metadata?.name ?? '', ordinal);
      const claim = this.o.claims.get(set.metadata?.namespace ?? '', name);
      if (claim === undefined) continue;
      if (hasUnexpectedController(claim, set, pod))
        this.o.recorder.event(
          ref,
          'Warning',
          'ConflictingController',
          'PersistentVolumeClaim %s has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim',
          name,
        );
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      const updated = structuredClone(claim);
      updated.metadata = { ...updated.metadata, ownerReferences: claimOwnerRefsForPolicy(claim, set, pod) };
      try {
        await this.claimClient.namespace(set.metadata?.namespace ?? '').update(updated);
      } catch (err) {
        throw new Error(`could not update claim ${name} for delete policy ownerRefs: ${errorText(err)}`, {
          cause: err,
        });
      }
    }
  }

  async writeStatus(set: StatefulSet, status: StatefulSetStatus): Promise<void> {
    const client = this.setClient.namespace(set.metadata?.namespace ?? '');
    await writeStatusWithRetry(client, set, (copy) => ({
      ...copy,
      status: omitEmpty(status, statefulSetStatusOmitEmpty),
    }));
  }

  /** Creates the pod's missing claims (createPersistentVolumeClaims); errors are collected. */
  private async createClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errors: string[] = [];
    const ns = set.metadata?.namespace ?? '';
    for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
      const name = claim.metadata?.name ?? '';
      const existing = this.o.claims.get(ns, name);
      if (existing === undefined) {
        try {
          await this.claimClient.namespace(ns).create(claim);
          this.claimEvent(set, pod, name);
        } catch (err) {
          errors.push(`failed to create PVC ${name}: ${errorText(err)}`);
          if (!isStatusError(err, 'AlreadyExists')) this.claimEvent(set, pod, name, err);
        }
      } else if (existing.metadata?.deletionTimestamp) {
        errors.push(`pvc ${name} is being deleted`);
      }
    }
    if (errors.length === 1) throw new Error(errors[0]);
    if (errors.length > 1) throw new Error(`[${errors.join(', ')}]`);
  }

  private podEvent(verb: string, set: StatefulSet, pod: Pod, err?: unknown): void {
    const ref = objectReference(set, statefulSetKind);
    const podName = pod.metadata?.name ?? '';
    const setName = set.metadata?.name ?? '';
    if (err === undefined)
      this.o.recorder.event(
        ref,
        'Normal',
        `Successful${title(verb)}`,
        '%s Pod %s in StatefulSet %s successful',
        verb,
        podName,
        setName,
      );
    else
      this.o.recorder.event(
        ref,
        'Warning',
        `Failed${title(verb)}`,
        '%s Pod %s in StatefulSet %s failed error: %s',
        verb,
        podName,
        setName,
        errorText(err),
      );
  }

  private claimEvent(set: StatefulSet, pod: Pod, claim: string, err?: unknown): void {
    const ref = objectReference(set, statefulSetKind);
    const podName = pod.metadata?.name ?? '';
    const setName = set.metadata?.name ?? '';
    if (err === undefined)
      this.o.recorder.event(
        ref,
        'Normal',
        'SuccessfulCreate',
        'create Claim %s Pod %s in StatefulSet %s success',
        claim,
        podName,
        setName,
      );
    else
      this.o.recorder.event(
        ref,
        'Warning',
        'FailedCreate',
        'create Claim %s for Pod %s in StatefulSet %s failed error: %s',
        claim,
        podName,
        setName,
        errorText(err),
      );
  }
}
