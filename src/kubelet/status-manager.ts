// The kubelet's status manager: keeps the status it last generated for each pod (what probe
// workers read), writes changed statuses through the shared WriteQueue as merge patches guarded by
// the pod's uid, and deletes a finished, deleted pod with grace 0 once its final status is written,
// as a kubelet does. A static pod's status goes to its mirror pod (guarded by the mirror's uid),
// and waits while there is no mirror.
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../base/logger.js';
import type { ResourceClient } from '../client/index.js';
import { isStatusError } from '../machinery/errors/index.js';
import type { KubeletPodStatus } from './pod-status.js';
import { isStaticPod } from './static-pods/pod-source.js';
import type { PodStatusProvider } from './prober/pod-status-provider.js';
import type { WriteQueue } from './write-queue.js';

/** Settings of a StatusManager. */
export interface StatusManagerOptions {
  readonly pods: ResourceClient<Pod>;
  readonly writes: WriteQueue<string>;
  /** The write-queue lane of pod statuses. */
  readonly lane: number;
  /** The UID of a static pod's mirror pod in the API, if there is one. */
  readonly mirrorPodUid?: (staticPod: Pod) => string | undefined;
  readonly log: Logger;
}

interface Entry {
  pod: Pod;
  status: KubeletPodStatus;
  /** JSON of the status last written ("" before). */
  written: string;
  /** Delete the pod (grace 0) once this status is written. */
  deleteAfterWrite: boolean;
  deleted: boolean;
}

/** The write-queue key of a pod's status. */
export function podStatusKey(uid: string): string {
  return `p:${uid}`;
}

/** Pod statuses: generated in the pod workers, cached here, written in the background. */
export class StatusManager implements PodStatusProvider {
  private readonly o: StatusManagerOptions;
  private readonly entries = new Map<string, Entry>();
  /** Status writes done. */
  writes = 0;

  constructor(options: StatusManagerOptions) {
    this.o = options;
  }

  /** @inheritdoc */
  podStatus(podUid: string): PodStatus | undefined {
    // Conditions differ only in lastProbeTime: null, which readers of a PodStatus never look at.
    return this.entries.get(podUid)?.status as PodStatus | undefined;
  }

  /** The status last generated for the pod (what the next one carries transition times over from). */
  generated(podUid: string): KubeletPodStatus | undefined {
    return this.entries.get(podUid)?.status;
  }

  /** Records a new status; it is written when it differs from the last write. */
  setPodStatus(pod: Pod, status: KubeletPodStatus, options: { deleteAfterWrite?: boolean } = {}): void {
    const uid = pod.metadata?.uid ?? '';
    let entry = this.entries.get(uid);
    if (entry === undefined) {
      entry = { pod, status, written: '', deleteAfterWrite: false, deleted: false };
      this.entries.set(uid, entry);
    }
    entry.pod = pod;
    entry.status = status;
    if (options.deleteAfterWrite) entry.deleteAfterWrite = true;
    if (JSON.stringify(status) !== entry.written || (entry.deleteAfterWrite && !entry.deleted))
      this.o.writes.enqueue(podStatusKey(uid), this.o.lane);
  }

  /** Makes the next setPodStatus write even an unchanged status (someone else changed the API's). */
  invalidate(podUid: string): void {
    const entry = this.entries.get(podUid);
    if (entry !== undefined) entry.written = '';
  }

  /** The write behind a "p:" key. */
  async write(uid: string): Promise<void> {
    const entry = this.entries.get(uid);
    if (entry === undefined) return;
    const { pod } = entry;
    const client = this.o.pods.namespace(pod.metadata?.namespace ?? '');
    const name = pod.metadata?.name ?? '';
    const json = JSON.stringify(entry.status);
    const staticPod = isStaticPod(pod);
    // Written once the mirror appears: its informer event wakes the static pod's worker.
    const target = staticPod ? this.o.mirrorPodUid?.(pod) : uid;
    if (target === undefined) return;
    if (json !== entry.written) {
      try {
        await client.patch(
          name,
          'merge',
          { metadata: { uid: target }, status: entry.status },
          { subresource: 'status' },
        );
      } catch (err) {
        if (isStatusError(err, 'NotFound') || isStatusError(err, 'Conflict')) return;
        throw err;
      }
      entry.written = json;
      this.writes++;
    }
    // Mirror pods are the mirror client's to delete, never the status manager's.
    if (entry.deleteAfterWrite && !entry.deleted && !staticPod) {
      try {
        await client.delete(name, { gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (err) {
        if (!isStatusError(err, 'NotFound') && !isStatusError(err, 'Conflict')) throw err;
      }
      entry.deleted = true;
      this.o.log.info('pod deleted after termination', { pod: `${pod.metadata?.namespace}/${name}` });
    }
  }

  /** Forgets a pod that is gone. */
  forget(uid: string): void {
    this.entries.delete(uid);
    this.o.writes.forget(podStatusKey(uid));
  }
}
