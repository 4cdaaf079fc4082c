// The generic PLEG: containerd 1.6 sends no container events, so the kubelet lists every sandbox
// and container once a second and wakes the worker of each pod whose runtime state changed
// (a container started, exited, or vanished; a sandbox came or went), as upstream's relist does.
import type { Cancel, Clock } from '../base/clock.js';
import type { Logger } from '../base/logger.js';
import type { RuntimeService } from './cri/runtime-service.js';
import { podUidOf } from './kuberuntime/runtime-labels.js';

/** Settings of a GenericPleg. */
export interface GenericPlegOptions {
  readonly runtime: RuntimeService;
  readonly clock: Clock;
  readonly log: Logger;
  /** Called with the uid of each pod whose runtime state changed. */
  readonly onPodChanged: (podUid: string) => void;
  /** Relist period (default 1 s). */
  readonly periodMs?: number;
}

/** Polls the runtime and turns differences into pod wake-ups. */
export class GenericPleg {
  private readonly o: GenericPlegOptions;
  private previous = new Map<string, string>();
  private cancel: Cancel | undefined;
  private stopped = false;
  private lastRelist = 0;
  /** Relists done. */
  relists = 0;

  constructor(options: GenericPlegOptions) {
    this.o = options;
  }

  /** When the last successful relist finished (0 before any): the kubelet's PLEG health. */
  get lastRelistAt(): number {
    return this.lastRelist;
  }

  /** Starts relisting (the first relist runs at once). */
  start(): void {
    this.stopped = false;
    void this.tick();
  }

  /** Stops relisting. */
  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  /** One relist: compares every pod's sandboxes and containers with the last one. */
  async relist(): Promise<void> {
    const [sandboxes, containers] = await Promise.all([
      this.o.runtime.listPodSandbox({}),
      this.o.runtime.listContainers({}),
    ]);
    const parts = new Map<string, string[]>();
    const add = (uid: string, part: string) => {
      if (uid === '') return;
      let list = parts.get(uid);
      if (list === undefined) parts.set(uid, (list = []));
      list.push(part);
    };
    for (const s of sandboxes.items) add(podUidOf(s.labels), `s:${s.id}:${s.state}`);
    for (const c of containers.containers) add(podUidOf(c.labels), `c:${c.id}:${c.state}`);
    const current = new Map<string, string>();
    for (const [uid, list] of parts) current.set(uid, list.sort().join(','));
    const changed: string[] = [];
    for (const [uid, sig] of current) if (this.previous.get(uid) !== sig) changed.push(uid);
    for (const uid of this.previous.keys()) if (!current.has(uid)) changed.push(uid);
    this.previous = current;
    this.relists++;
    this.lastRelist = this.o.clock.now();
    for (const uid of changed) this.o.onPodChanged(uid);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.relist();
    } catch (err) {
      this.o.log.warn('PLEG relist failed', { err });
    }
    if (this.stopped) return;
    this.cancel = this.o.clock.after(this.o.periodMs ?? 1000, () => void this.tick());
  }
}
