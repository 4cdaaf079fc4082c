import type { Cancel, Clock } from '../../base/clock.js';
import type { WaitingPodView } from './handle.js';
import type { PodInfo } from './pod-info.js';
import { Status } from './status.js';

/**
 * A pod held in Permit until every plugin that said Wait allows it, one rejects it, or a plugin's
 * timeout passes (upstream's waitingPod). `result` settles once with undefined (allowed) or the
 * rejection status.
 */
export class WaitingPod implements WaitingPodView {
  readonly podInfo: PodInfo;
  readonly result: Promise<Status | undefined>;
  private readonly pending = new Map<string, Cancel>();
  private settle!: (s: Status | undefined) => void;
  private settled = false;

  constructor(podInfo: PodInfo, timeouts: ReadonlyMap<string, number>, clock: Clock) {
    this.podInfo = podInfo;
    this.result = new Promise((resolve) => (this.settle = resolve));
    for (const [plugin, ms] of timeouts) {
      const cancel = clock.after(ms, () =>
        this.reject(plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`),
      );
      this.pending.set(plugin, cancel);
    }
  }

  /** Plugins still to allow the pod. */
  get pendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  allow(plugin: string): void {
    const cancel = this.pending.get(plugin);
    if (cancel === undefined) return;
    cancel();
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.finish(undefined);
  }

  reject(plugin: string, message: string): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
    this.finish(Status.unschedulable(message).withPlugin(plugin));
  }

  private finish(s: Status | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(s);
  }
}

/** The pods waiting in Permit, by uid. */
export class WaitingPods {
  private readonly pods = new Map<string, WaitingPod>();

  add(pod: WaitingPod): void {
    this.pods.set(pod.podInfo.uid, pod);
  }

  get(uid: string): WaitingPod | undefined {
    return this.pods.get(uid);
  }

  remove(uid: string): void {
    this.pods.delete(uid);
  }

  /** Every waiting pod. */
  list(): WaitingPod[] {
    return [...this.pods.values()];
  }
}
