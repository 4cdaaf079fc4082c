// What a pod worker does with its pod (upstream's Kubelet.SyncPod, SyncTerminatingPod and
// SyncTerminatedPod): keep a static pod's mirror in the API, set up volumes and sync the runtime
// while the pod runs; once it finished (every container done for good) stop what is left; once
// terminating (deleted, evicted) report it, kill it with the effective grace period, report its
// terminal status (and delete it for good when the API deleted it); once gone remove every trace.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { ImagePuller } from './kuberuntime/image-puller.js';
import type { PodSyncState } from './kuberuntime/pod-sync-state.js';
import type { RuntimeManager } from './kuberuntime/runtime-manager.js';
import type { RuntimePod } from './kuberuntime/runtime-pod.js';
import { podRuntimeStatus } from './kuberuntime/runtime-status.js';
import { podLogDirectory } from './kuberuntime/sandbox-config.js';
import { removeTerminationMessages } from './kuberuntime/termination-message.js';
import { carryOverPodStatus } from './pod-status-carry-over.js';
import { generatePodStatus, rejectedPodStatus, type KubeletPodStatus } from './pod-status.js';
import { podRef, type KubeletEventSink } from './prober/container-event.js';
import type { ProberManager } from './prober/prober-manager.js';
import type { StatusManager } from './status-manager.js';
import { mountedVolumeNames, PodVolumeManager, tearDownPodVolumes } from './volumes/pod-volume-manager.js';
import { isStaticPod } from './static-pods/pod-source.js';
import { podDir } from './volumes/pod-volume-paths.js';
import type { VolumeHost } from './volumes/volume-host.js';

/** What a PodSyncer works with. */
export interface PodSyncerOptions {
  readonly runtime: RuntimeManager;
  readonly runtimeName: string;
  readonly statuses: StatusManager;
  readonly prober: ProberManager;
  readonly images: ImagePuller;
  /** Volume support; without it pods that mount volumes wait with FailedMount. */
  readonly volumeHost: VolumeHost | undefined;
  readonly onEvent: KubeletEventSink;
  readonly hostIPs: readonly string[];
  readonly rootDir: string;
  readonly podLogsRoot: string;
  /** Keeps a static pod's mirror pod in the API (create, or replace a stale one). */
  readonly syncMirrorPod?: (staticPod: Pod) => Promise<void>;
  readonly clock: Clock;
  readonly log: Logger;
}

/** How a terminating pod is stopped and reported. */
export interface TerminationRequest {
  /** The effective grace period (never below 1 s): every container's stop gets it. */
  readonly gracePeriodSeconds: number;
  /** Applied in order to the terminal status (an eviction's phase, reason, message, condition). */
  readonly statusFns: readonly ((status: KubeletPodStatus) => KubeletPodStatus)[];
  /** Report statuses (false for an API pod already gone). */
  readonly writeStatus: boolean;
  /** The API deleted the pod: delete it with grace 0 once the terminal status is written. */
  readonly deleteFromApi: boolean;
}

// A pod whose volumes are not ready is tried again this soon.
const volumeRetryMs = 2_000;

/** The per-pod sync steps; pod workers call them one at a time per pod. */
export class PodSyncer {
  constructor(private readonly o: PodSyncerOptions) {}

  /** One sync of a running pod; resolves true when the pod reached a terminal phase. */
  async sync(pod: Pod, state: PodSyncState): Promise<boolean> {
    const uid = pod.metadata?.uid ?? '';
    if (isStaticPod(pod) && this.o.syncMirrorPod !== undefined)
      await this.o.syncMirrorPod(pod).catch((err: unknown) =>
        this.o.log.warn('failed syncing the mirror pod', {
          pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`,
          err,
        }),
      );
    if (!(await this.volumesReady(pod, state))) {
      const view = await this.o.runtime.runtimePod(uid);
      this.o.statuses.setPodStatus(pod, await this.status(pod, state, view, false));
      return false;
    }
    this.o.prober.addPod(pod);
    // The first status (startTime, Pending) goes out before a slow image pull, as upstream's does.
    // The runtime view it was made from is still current: the sync plans from it too.
    let before: RuntimePod | undefined;
    if (this.o.statuses.generated(uid) === undefined) {
      before = await this.o.runtime.runtimePod(uid);
      this.o.statuses.setPodStatus(pod, await this.status(pod, state, before, false));
    }
    await this.o.runtime.syncPod(pod, state, before);
    const view = await this.o.runtime.runtimePod(uid);
    const status = await this.status(pod, state, view, false);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      // Done for good: stop sidecars and the sandbox, stop probing, report the terminal status.
      await this.o.runtime.killPod(pod, view);
      this.o.prober.removePod(pod);
      const final = await this.status(pod, state, await this.o.runtime.runtimePod(uid), true);
      this.o.statuses.setPodStatus(pod, final);
      return true;
    }
    this.o.statuses.setPodStatus(pod, status);
    return false;
  }

  /**
   * A terminating pod (upstream SyncTerminatingPod + SyncTerminatedPod): its status is reported at
   * once with its containers as they are, then it is killed with the request's grace period, and
   * the terminal status (containers terminated, the request's changes applied) follows.
   */
  async terminate(pod: Pod, state: PodSyncState, request: TerminationRequest): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    this.o.prober.stopLivenessAndStartup(pod);
    if (request.writeStatus) {
      const now = await this.status(pod, state, await this.o.runtime.runtimePod(uid), false);
      this.o.statuses.setPodStatus(pod, now);
    }
    await this.o.runtime.killPod(pod, undefined, request.gracePeriodSeconds);
    this.o.prober.removePod(pod);
    let status = await this.status(pod, state, await this.o.runtime.runtimePod(uid), true);
    for (const fn of request.statusFns) status = fn(status);
    await this.tearDownVolumes(pod, state);
    if (request.writeStatus)
      this.o.statuses.setPodStatus(pod, status, { deleteAfterWrite: request.deleteFromApi });
  }

  /** A pod refused at admission: a Warning event and a Failed status saying why (upstream rejectPod). */
  reject(pod: Pod, reason: string, message: string): void {
    this.o.onEvent({ involvedObject: podRef(pod), type: 'Warning', reason, message });
    this.o.statuses.setPodStatus(pod, rejectedPodStatus(pod, reason, message, this.o.clock.now()));
  }

  /** A pod gone from the API: stop anything still running and remove every trace of it. */
  async cleanUp(pod: Pod, state: PodSyncState | undefined): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    this.o.prober.removePod(pod);
    await this.o.runtime.killPod(pod);
    await this.o.runtime.removePod(pod);
    if (state !== undefined) await this.tearDownVolumes(pod, state);
    else if (this.o.volumeHost !== undefined) await tearDownPodVolumes(this.o.volumeHost, uid);
    await this.removeFiles(pod);
    this.o.statuses.forget(uid);
    this.o.images.forgetPod(uid);
  }

  /** Removes what is left of a pod the API no longer knows, found only in the runtime by its uid. */
  async cleanUpOrphan(uid: string, name: string, namespace: string): Promise<void> {
    const pod: Pod = { metadata: { uid, name, namespace } };
    await this.o.runtime.killPod(pod, undefined, 0);
    await this.o.runtime.removePod(pod);
    if (this.o.volumeHost !== undefined) await tearDownPodVolumes(this.o.volumeHost, uid);
    await this.removeFiles(pod);
  }

  private async removeFiles(pod: Pod): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    await removeTerminationMessages(this.o.rootDir, uid);
    await rm(path.join(podDir(this.o.rootDir, uid), 'etc-hosts'), { force: true });
    await rm(podLogDirectory(this.o.podLogsRoot, pod), { recursive: true, force: true });
    // Empty once volumes are gone; rm refuses nothing here, so only remove when nothing is mounted.
    if (this.o.volumeHost === undefined)
      await rm(podDir(this.o.rootDir, uid), { recursive: true, force: true });
  }

  private async tearDownVolumes(pod: Pod, state: PodSyncState): Promise<void> {
    if (state.volumes !== undefined) await state.volumes.tearDown();
    else if (this.o.volumeHost !== undefined)
      await tearDownPodVolumes(this.o.volumeHost, pod.metadata?.uid ?? '');
    state.volumes = undefined;
  }

  private async volumesReady(pod: Pod, state: PodSyncState): Promise<boolean> {
    if (mountedVolumeNames(pod).size === 0) return true;
    const host = this.o.volumeHost;
    if (host === undefined) {
      this.o.onEvent({
        involvedObject: podRef(pod),
        type: 'Warning',
        reason: 'FailedMount',
        message: 'volumes are not supported by this kubelet',
      });
      state.wakeBy(this.o.clock.now() + 60_000);
      return false;
    }
    if (state.volumes === undefined) state.volumes = new PodVolumeManager({ host, pod });
    else state.volumes.updatePod(pod);
    const result = await state.volumes.setUp();
    for (const e of result.events)
      this.o.onEvent({ involvedObject: podRef(pod), type: e.type, reason: e.reason, message: e.message });
    if (!result.ready) state.wakeBy(this.o.clock.now() + volumeRetryMs);
    return result.ready;
  }

  private async status(
    pod: Pod,
    state: PodSyncState,
    view: RuntimePod,
    terminal: boolean,
  ): Promise<KubeletPodStatus> {
    const uid = pod.metadata?.uid ?? '';
    const prober = this.o.prober;
    const runtime = await podRuntimeStatus(pod, view, this.o.runtimeName, state, {
      isStarted: (podUid, name, id, running) => prober.isContainerStarted(podUid, name, id, running),
      isReady: (podUid, name, id, running) => prober.isContainerReady(podUid, name, id, running),
    });
    const previous = this.o.statuses.generated(uid);
    const generated = generatePodStatus({
      pod,
      runtime,
      hostIPs: this.o.hostIPs,
      now: this.o.clock.now(),
      ...(previous !== undefined
        ? {
            previous: {
              conditions: previous.conditions.map((c) => ({
                type: c.type,
                status: c.status,
                ...(c.lastTransitionTime !== undefined ? { lastTransitionTime: c.lastTransitionTime } : {}),
              })),
              ...(previous.startTime !== undefined ? { startTime: previous.startTime } : {}),
            },
          }
        : {}),
      terminal,
    });
    return carryOverPodStatus(generated, previous, pod.status);
  }
}
