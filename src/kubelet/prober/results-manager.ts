import type { Cancel } from '../../base/clock.js';
import type { ProbeKind } from './probe-kind.js';

/** A container's standing for one probe kind: what the pod worker acts on. */
export type ProbeResult = 'success' | 'failure' | 'unknown';

/** A changed result, as subscribers receive it. */
export interface ProbeResultUpdate {
  readonly kind: ProbeKind;
  /** The status containerID ("containerd://..."). */
  readonly containerId: string;
  readonly podUid: string;
  readonly result: ProbeResult;
}

/** Called for every change; must not block (it runs inside the probe worker). */
export type ProbeResultListener = (update: ProbeResultUpdate) => void;

/**
 * The latest result of one probe kind per container (upstream's results.Manager). Setting a value
 * that differs from the cached one (or is the first) notifies subscribers; removing is silent.
 */
export class ResultsManager {
  private readonly cache = new Map<string, ProbeResult>();
  private readonly listeners = new Set<ProbeResultListener>();

  constructor(readonly kind: ProbeKind) {}

  /** The cached result for a container, if any. */
  get(containerId: string): ProbeResult | undefined {
    return this.cache.get(containerId);
  }

  /** Caches `result` and notifies subscribers when it changed. */
  set(containerId: string, result: ProbeResult, podUid: string): void {
    if (this.cache.get(containerId) === result) return;
    this.cache.set(containerId, result);
    const update: ProbeResultUpdate = { kind: this.kind, containerId, podUid, result };
    for (const listener of [...this.listeners]) listener(update);
  }

  /** Forgets a container (its worker stopped or it was replaced). */
  remove(containerId: string): void {
    this.cache.delete(containerId);
  }

  /** Number of containers with a result. */
  get size(): number {
    return this.cache.size;
  }

  /** Registers a listener for changes; returns its removal. */
  subscribe(listener: ProbeResultListener): Cancel {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
