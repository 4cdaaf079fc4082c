// The QoS tier cgroups (upstream qosContainerManager): kubepods/burstable and kubepods/besteffort.
// BestEffort always weighs the minimum 2 shares; Burstable weighs the sum of its pods' cpu
// requests, recomputed every minute and whenever the kubelet is about to create a pod cgroup, so
// the tier's weight tracks the pods in it. Guaranteed pods sit in kubepods itself, which node
// allocatable sizes.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { systemClock, type Cancel, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { CgroupLayout } from './cgroup-layout.js';
import type { CgroupFs } from './cgroupfs.js';
import { milliCpuToShares, minShares } from './cpu-conversions.js';
import { podRequests } from './pod-resources.js';
import { podQosClass } from './qos-class.js';
import { milliOf } from './resource-amounts.js';

/** How often the tiers are re-weighed without being asked (upstream's periodicQOSCgroupUpdateInterval). */
export const qosUpdateIntervalMs = 60_000;

/** The Burstable tier's cpu.shares for the given pods: the sum of their Burstable pods' cpu requests. */
export function burstableCpuShares(pods: readonly Pod[]): number {
  let milli = 0;
  for (const pod of pods) {
    if (podQosClass(pod) !== 'Burstable') continue;
    milli += milliOf(podRequests(pod).get('cpu'));
  }
  return milliCpuToShares(milli);
}

/** Options of QosCgroupManager. */
export interface QosCgroupManagerOptions {
  readonly fs: CgroupFs;
  readonly layout: CgroupLayout;
  /** The pods the kubelet considers active (admitted and not terminated). */
  readonly activePods: () => readonly Pod[];
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Creates the QoS tiers and keeps their cpu weights current. */
export class QosCgroupManager {
  private readonly clock: Clock;
  private cancelTimer: Cancel | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: QosCgroupManagerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Creates (or, after a restart, re-applies) both tiers, then re-weighs them every minute. */
  async start(): Promise<void> {
    const { fs, layout } = this.options;
    for (const [cgroup, resources] of [
      [layout.burstable, {}],
      [layout.besteffort, { cpuShares: minShares }],
    ] as const) {
      if (await fs.exists(cgroup)) await fs.update(cgroup, resources);
      else await fs.create(cgroup, resources);
    }
    await this.updateCgroups();
    this.schedule();
  }

  /** Stops the periodic update. */
  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** Re-weighs the tiers from the active pods now; calls are serialised. */
  updateCgroups(): Promise<void> {
    const run = async () => {
      const { fs, layout } = this.options;
      await fs.update(layout.besteffort, { cpuShares: minShares });
      await fs.update(layout.burstable, { cpuShares: burstableCpuShares(this.options.activePods()) });
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => {});
    return next;
  }

  private schedule(): void {
    this.cancelTimer = this.clock.after(qosUpdateIntervalMs, () => {
      this.updateCgroups()
        .catch((err: unknown) => this.options.logger?.warn('updating QoS cgroups failed', { err }))
        .finally(() => {
          if (this.cancelTimer !== undefined) this.schedule();
        });
    });
  }
}
