// What the kubelet remembers about one pod between syncs, beyond what the runtime holds: why each
// container waits (ErrImagePull, CrashLoopBackOff, ...), the crash-loop backoff per container, its
// volumes, and the earliest time a sync is due again.
import type { BackoffEntry } from '../container-backoff.js';
import type { PodVolumeManager } from '../volumes/pod-volume-manager.js';

/** Why the kubelet holds a container back, as its waiting state shows. */
export interface WaitingReason {
  readonly reason: string;
  readonly message: string;
}

/** One pod's kubelet-side state. */
export class PodSyncState {
  /** Waiting reasons by container name; cleared when the container starts. */
  readonly waiting = new Map<string, WaitingReason>();
  /** Crash-loop backoff by container name. */
  readonly backoff = new Map<string, BackoffEntry>();
  /** The pod's volumes, once set up was first attempted. */
  volumes: PodVolumeManager | undefined;
  /** The earliest time a sync should run again (a backoff ending, a retry), if any. */
  wakeAt: number | undefined;

  /** Asks for a sync at `at` (the earliest request wins). */
  wakeBy(at: number): void {
    if (this.wakeAt === undefined || at < this.wakeAt) this.wakeAt = at;
  }
}
