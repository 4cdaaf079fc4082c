// DaemonSet revisions (upstream's constructHistory, snapshot, dedupCurHistories, cleanupHistory):
// one ControllerRevision per distinct template, named `<ds>-<hash>` and labelled with the hash the
// pods carry; the current one is renumbered above all others; old ones beyond the history limit
// are deleted unless a pod still runs them.
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../base/deep-equal.js';
import type { ResourceClient } from '../../client/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { podRevisionLabel, sortRevisions, templatePatch } from '../history/controller-revision.js';
import type { RevisionStore } from '../history/revision-store.js';
import { computeHash } from '../shared/compute-hash.js';
import { controllerRef } from '../shared/workload-owner-refs.js';
import { daemonSetKind } from './daemon-pod-template.js';

/** The I/O constructHistory needs. */
export interface DaemonSetHistoryEnv {
  readonly revisions: RevisionStore;
  readonly daemonSets: ResourceClient<DaemonSet>;
  /** Relabels a pod to the kept duplicate's hash. */
  readonly patchPod: (pod: Pod, patch: unknown) => Promise<unknown>;
  /** The DaemonSet's claimed pods. */
  readonly pods: () => Promise<readonly Pod[]>;
}

/** True when the revision holds the DaemonSet's current template (upstream's Match). */
export function matchesRevision(ds: DaemonSet, revision: ControllerRevision): boolean {
  return deepEqual(templatePatch(ds.spec?.template), revision.data ?? null);
}

function maxRevision(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((max, r) => Math.max(max, r.revision), 0);
}

/** The current revision (created or renumbered as needed) and the old ones. */
export async function constructHistory(
  env: DaemonSetHistoryEnv,
  ds: DaemonSet,
): Promise<{ current: ControllerRevision; old: ControllerRevision[] }> {
  const currentHistories: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (let history of env.revisions.listControlled(ds)) {
    // Revisions from before the unique label existed get it from their name.
    if (history.metadata?.labels?.[podRevisionLabel] === undefined) {
      const copy = structuredClone(history);
      copy.metadata = {
        ...copy.metadata,
        labels: { ...copy.metadata?.labels, [podRevisionLabel]: copy.metadata?.name ?? '' },
      };
      history = await env.revisions.update(copy);
    }
    if (matchesRevision(ds, history)) currentHistories.push(history);
    else old.push(history);
  }
  const currRevision = maxRevision(old) + 1;
  let current: ControllerRevision;
  if (currentHistories.length === 0) {
    current = await snapshot(env, ds, currRevision);
  } else {
    current = await dedupCurrentHistories(env, ds, currentHistories);
    if (current.revision < currRevision)
      current = await env.revisions.updateRevisionNumber(current, currRevision);
  }
  return { current, old };
}

async function snapshot(
  env: DaemonSetHistoryEnv,
  ds: DaemonSet,
  revision: number,
): Promise<ControllerRevision> {
  const hash = computeHash(ds.spec?.template ?? {}, ds.status?.collisionCount);
  const ns = ds.metadata?.namespace ?? '';
  const name = `${ds.metadata?.name ?? ''}-${hash}`;
  const history: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: ns,
      labels: { ...ds.spec?.template?.metadata?.labels, [podRevisionLabel]: hash },
      ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(ds, daemonSetKind)],
    },
    data: templatePatch(ds.spec?.template) as ControllerRevision['data'],
    revision,
  };
  try {
    return await env.revisions.createNamed(history);
  } catch (err) {
    if (!isStatusError(err, 'AlreadyExists')) throw err;
    const existing = await env.revisions.get(ns, name);
    if (matchesRevision(ds, existing)) return existing;
    // A different template owns the name: bump collisionCount (from a fresh read, so a stale
    // count is never bumped twice) and let the retry compute a new name.
    const fresh = await env.daemonSets.namespace(ns).get(ds.metadata?.name ?? '');
    const seen = ds.status?.collisionCount;
    if (fresh.status?.collisionCount !== seen)
      throw new Error(
        `found a stale collision count (${seen ?? 'nil'}, expected ${fresh.status?.collisionCount ?? 'nil'}) of DaemonSet "${ds.metadata?.name}" while processing; will retry until it is updated`,
      );
    await env.daemonSets
      .namespace(ns)
      .updateStatus({ ...fresh, status: { ...fresh.status!, collisionCount: (seen ?? 0) + 1 } });
    throw err;
  }
}

async function dedupCurrentHistories(
  env: DaemonSetHistoryEnv,
  ds: DaemonSet,
  histories: readonly ControllerRevision[],
): Promise<ControllerRevision> {
  if (histories.length === 1) return histories[0]!;
  const keep = sortRevisions(histories)[histories.length - 1]!;
  const keepHash = keep.metadata?.labels?.[podRevisionLabel] ?? '';
  for (const pod of await env.pods()) {
    if (pod.metadata?.labels?.[podRevisionLabel] !== keepHash)
      await env.patchPod(pod, { metadata: { labels: { [podRevisionLabel]: keepHash } } });
  }
  for (const h of histories) if (h.metadata?.name !== keep.metadata?.name) await env.revisions.delete(h);
  return keep;
}

/** Deletes the oldest revisions beyond revisionHistoryLimit that no pod runs. */
export async function cleanupHistory(
  env: DaemonSetHistoryEnv,
  ds: DaemonSet,
  old: readonly ControllerRevision[],
  pods: readonly Pod[],
): Promise<void> {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return;
  const liveHashes = new Set(
    pods.map((p) => p.metadata?.labels?.[podRevisionLabel] ?? '').filter((h) => h !== ''),
  );
  for (const history of sortRevisions(old)) {
    if (toKill <= 0) break;
    if (liveHashes.has(history.metadata?.labels?.[podRevisionLabel] ?? '')) continue;
    await env.revisions.delete(history);
    toKill--;
  }
}
