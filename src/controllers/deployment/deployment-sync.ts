import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { KubeClient, ResourceClient } from '../../client/index.js';
import type { EventRecorder } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { deepEqual } from '../../base/deep-equal.js';
import { computeHash } from '../shared/compute-hash.js';
import { controllerOf, newControllerRef } from '../shared/controller-ref.js';
import { isNamespaceTerminatingError } from '../shared/namespace-terminating.js';
import {
  desiredReplicasAnnotation,
  maxRevision,
  maxReplicasAnnotation,
  replicasAnnotationsNeedUpdate,
  revisionAnnotation,
  rollbackToAnnotation,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './deployment-annotations.js';
import { deploymentsResource, replicaSetsResource } from './deployment-resources.js';
import {
  calculateStatus,
  getCondition,
  hasProgressDeadline,
  newCondition,
  normalizedStatus,
  reasons,
  rolloutSpecOf,
  setCondition,
} from './deployment-status.js';
import {
  activeReplicaSets,
  bySizeNewer,
  bySizeOlder,
  byRevision,
  equalIgnoreHash,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  podTemplateHashLabel,
  replicasOf,
  specReplicas,
} from './replica-set-sets.js';
import { maxSurgeOf, newReplicaSetReplicas, proportion } from './rollout-math.js';
import { deploymentStatusOmitEmpty, omitEmpty } from '../shared/go-omit-empty.js';

/** What the sync steps share: the API, events, time and the queue of the controller. */
export interface DeploymentSyncOptions {
  readonly client: KubeClient;
  readonly recorder: EventRecorder;
  readonly clock: Clock;
  readonly log: Logger;
  readonly rsLister: Lister<ReplicaSet>;
  readonly enqueueAfter: (d: Deployment, ms: number) => void;
  readonly enqueueRateLimited: (d: Deployment) => void;
}

/** The new ReplicaSet (if any) and the old ones of a Deployment. */
export interface ReplicaSets {
  readonly newRs: ReplicaSet | undefined;
  readonly oldRss: ReplicaSet[];
}

const deploymentKind = { apiVersion: 'apps/v1', kind: 'Deployment' };
// The annotations the Deployment had when the sync read it: status writes carry annotation changes.
const readAnnotations = new WeakMap<Deployment, Readonly<Record<string, string>>>();

/** A working copy of a cached Deployment that the sync steps may change. */
export function workingCopy(cached: Deployment): Deployment {
  const d = structuredClone(cached) as Deployment;
  readAnnotations.set(d, { ...(cached.metadata?.annotations ?? {}) });
  return d;
}

/**
 * The steps of DeploymentController's sync loop that every strategy shares (sync.go): finding or
 * creating the new ReplicaSet, revisions, scaling with events, proportional scaling, history
 * cleanup and status.
 */
export class DeploymentSync {
  readonly options: DeploymentSyncOptions;

  constructor(options: DeploymentSyncOptions) {
    this.options = options;
  }

  /** The clock's now in milliseconds. */
  now(): number {
    return this.options.clock.now();
  }

  private deployments(ns: string): ResourceClient<Deployment> {
    return this.options.client.resource<Deployment>(deploymentsResource).namespace(ns);
  }

  /** The ReplicaSets client of `ns`. */
  replicaSets(ns: string): ResourceClient<ReplicaSet> {
    return this.options.client.resource<ReplicaSet>(replicaSetsResource).namespace(ns);
  }

  /**
   * UpdateStatus of `d` with its status and annotations: as upstream's deployment status strategy,
   * the server takes annotation changes from a status write (and the deployment-controller role
   * grants update of deployments/status, not patch of deployments).
   */
  async writeStatus(d: Deployment): Promise<Deployment> {
    const ns = d.metadata?.namespace ?? '';
    const status = omitEmpty(d.status ?? {}, deploymentStatusOmitEmpty);
    const written = await this.deployments(ns).updateStatus({ ...d, status });
    readAnnotations.set(d, { ...(written.metadata?.annotations ?? {}) });
    // Later writes of this sync build on what was just written.
    if (d.metadata)
      (d.metadata as { resourceVersion?: string }).resourceVersion = written.metadata?.resourceVersion;
    return written;
  }

  /** Update of the whole Deployment (rollback clears the rollbackTo annotation this way). */
  async update(d: Deployment): Promise<Deployment> {
    return this.deployments(d.metadata?.namespace ?? '').update(d);
  }

  /**
   * getAllReplicaSetsAndSyncRevision: old ReplicaSets, and the new one with its revision raised
   * above every old one (created first when `create` and it does not exist).
   */
  async replicaSetsAndSyncRevision(
    d: Deployment,
    rsList: ReplicaSet[],
    create: boolean,
  ): Promise<ReplicaSets> {
    const { all } = findOldReplicaSets(d.spec?.template, rsList);
    const newRs = await this.getNewReplicaSet(d, rsList, all, create);
    return { newRs, oldRss: all };
  }

  private async getNewReplicaSet(
    d: Deployment,
    rsList: ReplicaSet[],
    oldRss: ReplicaSet[],
    create: boolean,
  ): Promise<ReplicaSet | undefined> {
    const existing = findNewReplicaSet(d.spec?.template, rsList);
    const newRevision = maxRevision(oldRss) + 1;
    const spec = rolloutSpecOf(d);
    const replicaAnnotations = { desired: spec.replicas, max: spec.replicas + maxSurgeOf(spec) };
    if (existing !== undefined) {
      const rsCopy = structuredClone(existing) as ReplicaSet;
      const annotations = { ...(rsCopy.metadata?.annotations ?? {}) };
      const changed = setNewReplicaSetAnnotations(
        d.metadata?.annotations ?? {},
        annotations,
        newRevision,
        true,
        replicaAnnotations,
      );
      const minReady = d.spec?.minReadySeconds ?? 0;
      if (changed || (rsCopy.spec?.minReadySeconds ?? 0) !== minReady) {
        const next: ReplicaSet = {
          ...rsCopy,
          metadata: { ...rsCopy.metadata, annotations },
          spec: { ...rsCopy.spec!, minReadySeconds: minReady },
        };
        return this.replicaSets(d.metadata?.namespace ?? '').update(next);
      }
      let needsUpdate = setDeploymentRevision(d, rsCopy.metadata?.annotations?.[revisionAnnotation] ?? '');
      if (hasProgressDeadline(d) && getCondition(d.status, 'Progressing') === undefined) {
        const msg = `Found new replica set ${JSON.stringify(rsCopy.metadata?.name ?? '')}`;
        d.status = { ...d.status };
        setCondition(d.status, newCondition('Progressing', 'True', reasons.foundNewRS, msg, this.now()));
        needsUpdate = true;
      }
      if (needsUpdate) await this.writeStatus(d);
      return rsCopy;
    }
    if (!create) return undefined;
    return this.createNewReplicaSet(d, oldRss, newRevision, replicaAnnotations);
  }

  private async createNewReplicaSet(
    d: Deployment,
    oldRss: ReplicaSet[],
    newRevision: number,
    replicaAnnotations: { desired: number; max: number },
  ): Promise<ReplicaSet | undefined> {
    const ns = d.metadata?.namespace ?? '';
    const template = structuredClone(d.spec?.template ?? {});
    const hash = computeHash(template, d.status?.collisionCount);
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [podTemplateHashLabel]: hash },
    };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...selector.matchLabels, [podTemplateHashLabel]: hash };
    const newRs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata?.name ?? ''}-${hash}`,
        namespace: ns,
        ownerReferences: [newControllerRef(d, deploymentKind)],
        labels: { ...template.metadata.labels },
      },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const spec = rolloutSpecOf(d);
    const replicas = newReplicaSetReplicas(spec, specReplicas([...oldRss, newRs]), 0);
    newRs.spec!.replicas = replicas;
    const annotations: Record<string, string> = {};
    setNewReplicaSetAnnotations(
      d.metadata?.annotations ?? {},
      annotations,
      newRevision,
      false,
      replicaAnnotations,
    );
    newRs.metadata!.annotations = annotations;
    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await this.replicaSets(ns).create(newRs);
    } catch (err) {
      if (isStatusError(err, 'AlreadyExists')) {
        alreadyExists = true;
        const rs = this.options.rsLister.get(ns, newRs.metadata!.name!);
        if (rs === undefined) throw err;
        const ref = controllerOf(rs);
        if (ref?.uid !== d.metadata?.uid || !equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
          // A hash collision: a different template hashed to this name. A new collisionCount changes the hash.
          d.status = { ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
          await this.writeStatus(d).catch(() => undefined);
          throw err;
        }
        created = rs;
      } else if (isNamespaceTerminatingError(err)) {
        throw err;
      } else {
        const msg = `Failed to create new replica set ${JSON.stringify(newRs.metadata!.name)}: ${errorText(err)}`;
        if (hasProgressDeadline(d)) {
          d.status = { ...d.status };
          setCondition(
            d.status,
            newCondition('Progressing', 'False', reasons.failedRSCreate, msg, this.now()),
          );
          await this.writeStatus(d).catch(() => undefined);
        }
        this.options.recorder.event(d, 'Warning', reasons.failedRSCreate, '%s', msg);
        throw err;
      }
    }
    if (!alreadyExists && replicas > 0)
      this.options.recorder.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        'Scaled up replica set %s from 0 to %d',
        created.metadata?.name ?? '',
        replicas,
      );
    let needsUpdate = setDeploymentRevision(d, String(newRevision));
    if (!alreadyExists && hasProgressDeadline(d)) {
      const msg = `Created new replica set ${JSON.stringify(created.metadata?.name ?? '')}`;
      d.status = { ...d.status };
      setCondition(d.status, newCondition('Progressing', 'True', reasons.newReplicaSet, msg, this.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await this.writeStatus(d);
    return created;
  }

  /**
   * scale: brings the only active (or newest) ReplicaSet to spec.replicas, scales old ones away once
   * the new one is saturated, or — in a rolling update — shares the change in proportion to size.
   */
  async scale(d: Deployment, newRs: ReplicaSet | undefined, oldRss: ReplicaSet[]): Promise<void> {
    const want = d.spec?.replicas ?? 1;
    const single = findActiveOrLatest(newRs, oldRss);
    if (single !== undefined) {
      if (replicasOf(single) === want) return;
      await this.scaleAndRecord(single, want, d);
      return;
    }
    if (isSaturated(d, newRs)) {
      for (const old of activeReplicaSets(oldRss)) await this.scaleAndRecord(old, 0, d);
      return;
    }
    const spec = rolloutSpecOf(d);
    if (spec.strategyType !== 'RollingUpdate') return;
    const all = activeReplicaSets([...oldRss, newRs]);
    const allowed = want > 0 ? want + maxSurgeOf(spec) : 0;
    const toAdd = allowed - specReplicas(all);
    let operation = '';
    if (toAdd > 0) {
      all.sort(bySizeNewer);
      operation = 'up';
    } else if (toAdd < 0) {
      all.sort(bySizeOlder);
      operation = 'down';
    }
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      const name = rs.metadata?.name ?? '';
      if (toAdd === 0) {
        sizes.set(name, replicasOf(rs));
        continue;
      }
      const annotated = Number.parseInt(rs.metadata?.annotations?.[maxReplicasAnnotation] ?? '', 10);
      const p = proportion(
        spec,
        replicasOf(rs),
        Number.isNaN(annotated) ? (d.status?.replicas ?? 0) : annotated,
        toAdd,
        added,
      );
      sizes.set(name, replicasOf(rs) + p);
      added += p;
    }
    for (const [i, rs] of all.entries()) {
      const name = rs.metadata?.name ?? '';
      // Leftovers go to the largest ReplicaSet.
      if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, sizes.get(name)! + toAdd - added));
      await this.scaleReplicaSet(rs, sizes.get(name)!, d, operation);
    }
  }

  /** scaleReplicaSetAndRecordEvent: scales when the size differs; returns the (updated) ReplicaSet. */
  async scaleAndRecord(
    rs: ReplicaSet,
    newScale: number,
    d: Deployment,
  ): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    if (replicasOf(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, d, replicasOf(rs) < newScale ? 'up' : 'down');
  }

  private async scaleReplicaSet(
    rs: ReplicaSet,
    newScale: number,
    d: Deployment,
    operation: string,
  ): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const spec = rolloutSpecOf(d);
    const max = spec.replicas + maxSurgeOf(spec);
    const sizeChanged = replicasOf(rs) !== newScale;
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs.metadata?.annotations, spec.replicas, max))
      return { scaled: false, rs };
    const oldScale = replicasOf(rs);
    const annotations = { ...(rs.metadata?.annotations ?? {}) };
    setReplicasAnnotations(annotations, spec.replicas, max);
    const next: ReplicaSet = {
      ...structuredClone(rs),
      metadata: { ...structuredClone(rs.metadata), annotations },
      spec: { ...structuredClone(rs.spec!), replicas: newScale },
    };
    const updated = await this.replicaSets(rs.metadata?.namespace ?? '').update(next);
    if (sizeChanged)
      this.options.recorder.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        'Scaled %s replica set %s from %d to %d',
        operation,
        updated.metadata?.name ?? '',
        oldScale,
        newScale,
      );
    return { scaled: sizeChanged, rs: updated };
  }

  /** cleanupDeployment: deletes the oldest unused ReplicaSets beyond revisionHistoryLimit. */
  async cleanup(oldRss: ReplicaSet[], d: Deployment): Promise<void> {
    const limit = d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === 2147483647) return;
    const cleanable = oldRss.filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if (
        (rs.status?.replicas ?? 0) !== 0 ||
        replicasOf(rs) !== 0 ||
        (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
        rs.metadata?.deletionTimestamp
      )
        continue;
      try {
        await this.replicaSets(rs.metadata?.namespace ?? '').delete(rs.metadata?.name ?? '');
      } catch (err) {
        if (!isStatusError(err, 'NotFound')) throw err;
      }
    }
  }

  /** syncDeploymentStatus: writes calculateStatus when it differs. */
  async syncStatus(
    allRss: (ReplicaSet | undefined)[],
    newRs: ReplicaSet | undefined,
    d: Deployment,
  ): Promise<void> {
    const status = calculateStatus(allRss, newRs, d, this.now());
    if (statusEqual(d.status, status) && !annotationsChanged(d)) return;
    d.status = status;
    await this.writeStatus(d);
  }

  /** sync: scaling (and, when paused, history cleanup) without rolling anything out. */
  async sync(d: Deployment, rsList: ReplicaSet[]): Promise<void> {
    const { newRs, oldRss } = await this.replicaSetsAndSyncRevision(d, rsList, false);
    await this.scale(d, newRs, oldRss);
    if (d.spec?.paused && d.metadata?.annotations?.[rollbackToAnnotation] === undefined)
      await this.cleanup(oldRss, d);
    await this.syncStatus([...oldRss, newRs], newRs, d);
  }

  /** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas. */
  async isScalingEvent(d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
    const { newRs, oldRss } = await this.replicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of activeReplicaSets([...oldRss, newRs])) {
      const text = rs.metadata?.annotations?.[desiredReplicasAnnotation];
      if (text === undefined) continue;
      const desired = Number.parseInt(text, 10);
      if (Number.isNaN(desired)) continue;
      if (desired !== (d.spec?.replicas ?? 1)) return true;
    }
    return false;
  }

  /** checkPausedConditions: Progressing Unknown while paused (DeploymentPaused / DeploymentResumed). */
  async checkPausedConditions(d: Deployment): Promise<void> {
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === reasons.timedOut) return;
    const pausedCond = cond?.reason === reasons.paused;
    d.status = { ...d.status };
    if (d.spec?.paused && !pausedCond)
      setCondition(
        d.status,
        newCondition('Progressing', 'Unknown', reasons.paused, 'Deployment is paused', this.now()),
      );
    else if (!d.spec?.paused && pausedCond)
      setCondition(
        d.status,
        newCondition('Progressing', 'Unknown', reasons.resumed, 'Deployment is resumed', this.now()),
      );
    else return;
    await this.writeStatus(d);
  }
}

/** SetDeploymentRevision: true when the annotation changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const metadata = (d.metadata ??= {});
  const annotations = (metadata.annotations ??= {});
  if (annotations[revisionAnnotation] === revision) return false;
  annotations[revisionAnnotation] = revision;
  return true;
}

/** IsSaturated: the new ReplicaSet runs, was sized for, and has available every desired replica. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  const text = rs.metadata?.annotations?.[desiredReplicasAnnotation] ?? '';
  if (!/^[+-]?\d+$/.test(text)) return false;
  const want = d.spec?.replicas ?? 1;
  return replicasOf(rs) === want && Number(text) === want && (rs.status?.availableReplicas ?? 0) === want;
}

/** True when the status writes would change nothing (Go's reflect.DeepEqual on the status struct). */
export function statusEqual(a: Deployment['status'], b: Deployment['status']): boolean {
  return deepEqual(
    JSON.parse(JSON.stringify(normalizedStatus(a))),
    JSON.parse(JSON.stringify(normalizedStatus(b))),
  );
}

function annotationsChanged(d: Deployment): boolean {
  const before = readAnnotations.get(d);
  return before !== undefined && !deepEqual(before, d.metadata?.annotations ?? {});
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
