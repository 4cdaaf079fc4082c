// The kubelet's GC loops (upstream StartGarbageCollection): dead containers every minute, images
// every five minutes (skipped entirely when image GC can never act), each pass starting at once.
// An image GC failure is an event only when it repeats, since the first pass after start-up often
// fails before stats are in.
import { systemClock, type Cancel, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { ContainerGc } from './container-gc.js';
import type { ImageGcManager } from './image-gc-manager.js';

/** How often dead containers are collected (upstream ContainerGCPeriod). */
export const containerGcPeriodMs = 60_000;
/** How often images are collected (upstream ImageGCPeriod). */
export const imageGcPeriodMs = 5 * 60_000;

/** Options of GarbageCollector. */
export interface GarbageCollectorOptions {
  readonly containers: ContainerGc;
  readonly images: ImageGcManager;
  /** Emits an event on the Node (ContainerGCFailed, ImageGCFailed). */
  readonly recordNodeEvent?: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Runs container and image GC periodically; also the eviction manager's NodeReclaimer. */
export class GarbageCollector {
  private readonly clock: Clock;
  private readonly cancels: Cancel[] = [];
  private imageGcFailedBefore = false;
  private containerGcFailedBefore = false;

  constructor(private readonly options: GarbageCollectorOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Starts both loops. */
  start(): void {
    if (this.cancels.length > 0) return;
    this.every(containerGcPeriodMs, () => this.collectContainers());
    if (this.options.images.disabled) {
      this.options.logger?.info('image GC disabled: high threshold is 100 and there is no maximum age');
      return;
    }
    const beganGc = this.clock.now();
    this.every(imageGcPeriodMs, () => this.collectImages(beganGc));
  }

  /** Stops both loops. */
  stop(): void {
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  /** The eviction manager's reclaim: dead containers of terminated pods too. */
  deleteAllUnusedContainers(): Promise<void> {
    return this.options.containers.deleteAllUnusedContainers();
  }

  /** The eviction manager's reclaim: every unused image old enough. */
  deleteUnusedImages(): Promise<void> {
    return this.options.images.deleteUnusedImages();
  }

  private async collectContainers(): Promise<void> {
    try {
      await this.options.containers.garbageCollect();
      this.containerGcFailedBefore = false;
    } catch (err) {
      this.options.logger?.error('container garbage collection failed', { err });
      if (!this.containerGcFailedBefore)
        this.options.recordNodeEvent?.('Warning', 'ContainerGCFailed', (err as Error).message);
      this.containerGcFailedBefore = true;
    }
  }

  private async collectImages(beganGc: number): Promise<void> {
    try {
      await this.options.images.garbageCollect(beganGc);
      this.imageGcFailedBefore = false;
    } catch (err) {
      if (this.imageGcFailedBefore)
        this.options.recordNodeEvent?.('Warning', 'ImageGCFailed', (err as Error).message);
      this.options.logger?.warn('image garbage collection failed', {
        err,
        repeated: this.imageGcFailedBefore,
      });
      this.imageGcFailedBefore = true;
    }
  }

  // Like wait.Until: run now, then `periodMs` after each run ends, until stopped.
  private every(periodMs: number, run: () => Promise<void>): void {
    const state: { stopped: boolean; timer: Cancel | undefined } = { stopped: false, timer: undefined };
    const loop = () => {
      void run().finally(() => {
        if (!state.stopped) state.timer = this.clock.after(periodMs, loop);
      });
    };
    this.cancels.push(() => {
      state.stopped = true;
      state.timer?.();
    });
    loop();
  }
}
