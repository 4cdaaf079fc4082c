// The kubelet's pod sources merged (upstream's config mux and pod manager): pods bound to this node
// from the API, and static pods from --pod-manifest-path. Static pods run; mirror pods — the API's
// read-only copies of static pods — never do: a change to one only wakes its static pod's worker,
// whose sync keeps the mirror current. Housekeeping (every 2 s, as upstream's) deletes mirror pods
// whose static pod is gone and nudges static pods that still lack a mirror.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Cancel, Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { PodWorkers } from './pod-workers.js';
import { kubeletConditionsDrifted } from './pod-status-drift.js';
import type { StatusManager } from './status-manager.js';
import { isMirrorPodOf, type MirrorPodClient } from './static-pods/mirror-pods.js';
import { isMirrorPod, isStaticPod, podFullName } from './static-pods/pod-source.js';

/** Options of PodSources. */
export interface PodSourcesOptions {
  readonly workers: PodWorkers;
  readonly statuses: StatusManager;
  /** Creates and deletes mirror pods; without it static pods run unseen by the API. */
  readonly mirrors?: MirrorPodClient;
  readonly clock: Clock;
  readonly log: Logger;
  /** How often housekeeping runs (default 2 s). */
  readonly housekeepingMs?: number;
}

/** API pods and static pods, feeding the pod workers. */
export class PodSources {
  private readonly mirrorsByName = new Map<string, Pod>();
  private readonly staticPods = new Map<string, Pod>();
  private timer: Cancel | undefined;
  private housekeeping: Promise<void> = Promise.resolve();

  constructor(private readonly o: PodSourcesOptions) {}

  /** An API pod bound to this node was added or changed. */
  onApiPod(pod: Pod): void {
    if (!isMirrorPod(pod)) {
      this.o.workers.onPod(pod);
      return;
    }
    const name = podFullName(pod);
    const before = this.mirrorsByName.get(name);
    this.mirrorsByName.set(name, pod);
    const staticPod = this.staticPodNamed(name);
    if (staticPod === undefined) return;
    const uid = staticPod.metadata?.uid ?? '';
    const mine = this.o.statuses.generated(uid);
    // A new mirror needs the current status; so does one whose kubelet conditions someone rewrote.
    if (
      before?.metadata?.uid !== pod.metadata?.uid ||
      (mine !== undefined && kubeletConditionsDrifted(pod.status?.conditions, mine.conditions))
    )
      this.o.statuses.invalidate(uid);
    this.o.workers.wake(uid);
  }

  /** An API pod bound to this node is gone. */
  onApiPodDeleted(pod: Pod): void {
    if (!isMirrorPod(pod)) {
      this.o.workers.onPodDeleted(pod);
      return;
    }
    const name = podFullName(pod);
    if (this.mirrorsByName.get(name)?.metadata?.uid === pod.metadata?.uid) this.mirrorsByName.delete(name);
    const staticPod = this.staticPodNamed(name);
    if (staticPod !== undefined) this.o.workers.wake(staticPod.metadata?.uid ?? '');
  }

  /** The full set of static pods (StaticPodSource's onPods): new ones start, vanished ones stop. */
  onStaticPods(pods: readonly Pod[]): void {
    const next = new Map(pods.map((p) => [p.metadata?.uid ?? '', p]));
    for (const [uid, old] of this.staticPods) if (!next.has(uid)) this.o.workers.onPodDeleted(old);
    this.staticPods.clear();
    for (const [uid, pod] of next) {
      this.staticPods.set(uid, pod);
      this.o.workers.onPod(pod);
    }
  }

  /** The current mirror pod of a static pod, if the API has one. */
  mirrorPodOf(staticPod: Pod): Pod | undefined {
    return this.mirrorsByName.get(podFullName(staticPod));
  }

  /** SyncPod's mirror step for one static pod. */
  async syncMirrorPod(staticPod: Pod): Promise<void> {
    if (this.o.mirrors === undefined) return;
    await this.o.mirrors.syncMirrorPod(staticPod, this.mirrorPodOf(staticPod));
  }

  /** Starts housekeeping. */
  start(): void {
    const loop = () => {
      this.housekeeping = this.runHousekeeping().finally(() => {
        if (this.timer !== undefined) this.timer = this.o.clock.after(this.o.housekeepingMs ?? 2_000, loop);
      });
    };
    this.timer = this.o.clock.after(this.o.housekeepingMs ?? 2_000, loop);
  }

  /** Stops housekeeping; resolves once a pass in flight ended. */
  async stop(): Promise<void> {
    this.timer?.();
    this.timer = undefined;
    await this.housekeeping;
  }

  /** One housekeeping pass (upstream HandlePodCleanups' mirror pod steps). */
  async runHousekeeping(): Promise<void> {
    const mirrors = this.o.mirrors;
    if (mirrors === undefined) return;
    const statics = [...this.staticPods.values()];
    // A static pod still stopping keeps its mirror until its final status is written there.
    const terminating = new Set<string>();
    for (const uid of this.o.workers.uids()) {
      const pod = this.o.workers.pod(uid);
      if (
        pod !== undefined &&
        isStaticPod(pod) &&
        !this.staticPods.has(uid) &&
        !this.o.workers.isTerminated(uid)
      )
        terminating.add(podFullName(pod));
    }
    try {
      await mirrors.deleteOrphanedMirrorPods([...this.mirrorsByName.values()], statics, (name) =>
        terminating.has(name),
      );
    } catch (err) {
      this.o.log.warn('deleting orphaned mirror pods failed', { err });
    }
    for (const p of statics) {
      const mirror = this.mirrorPodOf(p);
      if (mirror === undefined || !isMirrorPodOf(mirror, p)) this.o.workers.wake(p.metadata?.uid ?? '');
    }
  }

  private staticPodNamed(fullName: string): Pod | undefined {
    for (const p of this.staticPods.values()) if (podFullName(p) === fullName) return p;
    return undefined;
  }
}
