import type { Pod } from 'kubernetes-types/core/v1.js';
import { formatGoDuration } from '../../base/go-duration.js';
import { formatRfc3339, parseRfc3339 } from '../../base/rfc3339.js';
import {
  containerRestartBackoff,
  isInBackoffSince,
  nextBackoff,
  type BackoffPolicy,
} from '../container-backoff.js';
import type { ContainerRun } from '../container-statuses.js';
import type { PodConditionStatus } from '../pod-conditions.js';
import type { PodRuntimeStatus } from '../pod-status.js';
import { fakeContainerId } from './fake-ids.js';
import { simBehaviour, type SimBehaviour } from './sim-annotations.js';
import { isRunning, runtimeStatusOf, simContainersOf, type SimContainer } from './sim-container.js';

/** How long the simulated runtime takes for each step. */
export interface SimPodTiming {
  /** Sandbox, image pull and container creation: how long a new pod shows ContainerCreating. */
  readonly startMs: number;
  /** How long each init container runs before it completes. */
  readonly initContainerMs: number;
  /** Cap on graceful termination: containers stop after min(grace period, this). */
  readonly maxTerminationMs: number;
}

/** Defaults: half a second to start, half a second per init container, at most a second to stop. */
export const defaultSimPodTiming: SimPodTiming = {
  startMs: 500,
  initContainerMs: 500,
  maxTerminationMs: 1000,
};

/** Pod IPs from the node's podCIDR. */
export interface SimPodIpam {
  allocate(): string | undefined;
  release(ip: string): void;
}

/** Settings of a SimPod. */
export interface SimPodOptions {
  readonly pod: Pod;
  readonly now: number;
  readonly ipam: SimPodIpam;
  readonly timing?: SimPodTiming;
  readonly backoff?: BackoffPolicy;
  readonly newContainerId?: () => string;
}

type Stage = 'starting' | 'initializing' | 'running' | 'finished';

interface Due {
  readonly at: number;
  readonly apply: (at: number) => void;
}

/**
 * One pod on a simulated node: the kubelet's pod worker and the container runtime in one
 * time-driven state machine. Nothing here sleeps: `advance(now)` applies every event due by `now` in
 * time order (sandbox ready, init containers completing, exits per sim.k8ts.io/exit-after, restarts
 * after crash-loop backoff, probes passing, the end of graceful termination) and `nextDeadline()`
 * says when to call it again. `version` grows whenever the reported status would change.
 */
export class SimPod {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** Grows with every change of what the status would report. */
  version = 1;
  /** Conditions of the last status generated (the status manager's cache, for transition times). */
  lastConditions: PodConditionStatus[] | undefined;
  /** status.startTime: when the kubelet first saw the pod. */
  readonly startTime: string;
  // Only what the machine needs from the spec: holding the spec itself would pin the first cached
  // version of every pod in memory next to the informer's current one.
  private readonly restartPolicy: string;
  private readonly hostNetwork: boolean;
  private readonly timing: SimPodTiming;
  private readonly backoffPolicy: BackoffPolicy;
  private readonly ipam: SimPodIpam;
  private readonly newId: () => string;
  private readonly init: SimContainer[];
  private readonly main: SimContainer[];
  private behaviour: SimBehaviour;
  private stage: Stage = 'starting';
  private sandboxAt: number | undefined;
  private sandboxReady = false;
  private podIPs: string[] = [];
  /** The pool still counts podIPs as taken (the status keeps showing them after the sandbox went). */
  private ipHeld = false;
  private initIndex = 0;
  private killAt: number | undefined;
  private deletionRequested = false;
  private terminal = false;

  constructor(options: SimPodOptions) {
    const pod = options.pod;
    this.uid = pod.metadata?.uid ?? '';
    this.namespace = pod.metadata?.namespace ?? '';
    this.name = pod.metadata?.name ?? '';
    this.restartPolicy = pod.spec?.restartPolicy ?? 'Always';
    this.hostNetwork = pod.spec?.hostNetwork === true;
    this.timing = options.timing ?? defaultSimPodTiming;
    this.backoffPolicy = options.backoff ?? containerRestartBackoff;
    this.ipam = options.ipam;
    this.newId = options.newContainerId ?? fakeContainerId;
    const { init, main } = simContainersOf(pod.spec ?? {});
    this.init = init;
    this.main = main;
    this.behaviour = simBehaviour(pod.metadata?.annotations);
    this.startTime = pod.status?.startTime ?? formatRfc3339(options.now);
    this.sandboxAt = options.now + this.timing.startMs;
    this.observeDeletion(pod, options.now);
  }

  /**
   * Takes over a pod a previous simulator run left Running with every container running (a kubelet
   * restart re-adopting its containers): same container IDs, start times and pod IP. Returns
   * undefined for anything else, which then starts afresh.
   */
  static adopt(options: SimPodOptions & { readonly reserveIp: (ip: string) => boolean }): SimPod | undefined {
    const { pod } = options;
    const status = pod.status;
    if (status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) return undefined;
    const sim = new SimPod(options);
    const statuses = status.containerStatuses ?? [];
    const ip = status.podIP;
    if (sim.main.length === 0 || (!pod.spec?.hostNetwork && (ip === undefined || !options.reserveIp(ip))))
      return undefined;
    for (const c of sim.main) {
      const s = statuses.find((x) => x.name === c.name);
      const running = s?.state?.running;
      if (s === undefined || running === undefined || !s.containerID) {
        if (ip !== undefined) options.ipam.release(ip);
        return undefined;
      }
      const startedAt = running.startedAt ? parseRfc3339(running.startedAt).getTime() : options.now;
      c.current = { id: s.containerID, image: c.image.image, imageId: c.image.imageId, startedAt };
      c.restartCount = s.restartCount ?? 0;
      const last = s.lastState?.terminated;
      if (last?.containerID)
        c.previous = {
          id: last.containerID,
          image: c.image.image,
          imageId: c.image.imageId,
          startedAt: last.startedAt ? parseRfc3339(last.startedAt).getTime() : startedAt,
          finishedAt: last.finishedAt ? parseRfc3339(last.finishedAt).getTime() : startedAt,
          exitCode: last.exitCode,
          ...(last.reason !== undefined ? { reason: last.reason } : {}),
        };
      sim.scheduleRun(c, startedAt);
      // Probes that passed before the restart pass again at once.
      if (s.ready) c.readyAt = undefined;
      if (s.started) c.startedAt = undefined;
    }
    for (const c of sim.init) {
      const s = (status.initContainerStatuses ?? []).find((x) => x.name === c.name);
      const t = s?.state?.terminated;
      if (t?.containerID && c.kind === 'init') {
        const startedAt = t.startedAt ? parseRfc3339(t.startedAt).getTime() : options.now;
        c.current = {
          id: t.containerID,
          image: c.image.image,
          imageId: c.image.imageId,
          startedAt,
          finishedAt: t.finishedAt ? parseRfc3339(t.finishedAt).getTime() : startedAt,
          exitCode: t.exitCode,
          reason: t.reason ?? 'Completed',
        };
      } else if (c.kind === 'sidecar' && s?.state?.running && s.containerID) {
        c.current = {
          id: s.containerID,
          image: c.image.image,
          imageId: c.image.imageId,
          startedAt: options.now,
        };
      } else {
        c.current = {
          ...sim.newRun(c, options.now),
          finishedAt: options.now,
          exitCode: 0,
          reason: 'Completed',
        };
      }
    }
    sim.podIPs = ip !== undefined && !pod.spec?.hostNetwork ? [ip] : [];
    sim.ipHeld = sim.podIPs.length > 0;
    sim.sandboxReady = true;
    sim.sandboxAt = undefined;
    sim.initIndex = sim.init.length;
    sim.stage = 'running';
    sim.lastConditions = status.conditions ?? [];
    return sim;
  }

  /** True once the pod finished for good: every container stopped and will not restart, or it was deleted. */
  get isTerminal(): boolean {
    return this.terminal;
  }

  /** True when the kubelet may delete the pod object: deletion was asked and the containers have stopped. */
  get readyToDelete(): boolean {
    return this.deletionRequested && this.terminal;
  }

  /** The pod IPs (empty until the sandbox is ready, and for hostNetwork pods). */
  get ips(): readonly string[] {
    return this.podIPs;
  }

  /** Takes in a newer version of the pod object: its sim annotations and a deletion request. */
  update(pod: Pod, now: number): void {
    const before = this.behaviour;
    this.behaviour = simBehaviour(pod.metadata?.annotations);
    if (before.ready !== this.behaviour.ready) this.version++;
    if (before.exitAfterMs !== this.behaviour.exitAfterMs || before.exitCode !== this.behaviour.exitCode) {
      // A run already under way adopts a newly set exit time, but never exits in the past.
      for (const c of this.main) {
        if (!isRunning(c)) continue;
        const after = this.behaviour.exitAfterMs;
        c.exitAt = after === undefined ? undefined : Math.max(now, c.current!.startedAt + after);
      }
    }
    this.observeDeletion(pod, now);
  }

  /** The earliest time something changes by itself; undefined when nothing will. */
  nextDeadline(): number | undefined {
    const due = this.nextDue();
    return due?.at;
  }

  /** Applies every event due by `now`, in time order; true when the status changed. */
  advance(now: number): boolean {
    const start = this.version;
    for (let guard = 0; guard < 10_000; guard++) {
      const due = this.nextDue();
      if (due === undefined || due.at > now) break;
      due.apply(due.at);
    }
    return this.version !== start;
  }

  /** What the kubelet reports from the runtime, for generatePodStatus. */
  runtimeStatus(): PodRuntimeStatus {
    const ready = this.behaviour.ready;
    return {
      sandboxReady: this.sandboxReady,
      podIPs: this.podIPs,
      initContainers: this.init.map((c) => runtimeStatusOf(c, ready)),
      containers: this.main.map((c) => runtimeStatusOf(c, ready)),
    };
  }

  /** Frees what the pod holds on its node (its IP) when the object vanished without a graceful end. */
  release(): void {
    if (this.ipHeld) for (const ip of this.podIPs) this.ipam.release(ip);
    this.ipHeld = false;
  }

  private observeDeletion(pod: Pod, now: number): void {
    const meta = pod.metadata;
    if (!meta?.deletionTimestamp || this.deletionRequested) return;
    this.deletionRequested = true;
    this.version++;
    if (this.terminal) return;
    const graceMs = Math.max(0, (meta.deletionGracePeriodSeconds ?? 30) * 1000);
    this.killAt = now + Math.min(graceMs, this.timing.maxTerminationMs);
    // A pod being deleted is never restarted (ShouldContainerBeRestarted).
    for (const c of [...this.init, ...this.main]) {
      c.restartAt = undefined;
      c.waiting = undefined;
    }
  }

  private nextDue(): Due | undefined {
    let best: Due | undefined;
    const consider = (at: number | undefined, apply: (at: number) => void) => {
      if (at !== undefined && (best === undefined || at < best.at)) best = { at, apply };
    };
    if (this.terminal) return undefined;
    consider(this.killAt, (t) => this.kill(t));
    if (this.stage === 'starting') consider(this.sandboxAt, (t) => this.sandboxCreated(t));
    for (const c of [...this.init, ...this.main]) {
      if (c.exitAt !== undefined) consider(c.exitAt, (t) => this.exited(c, t));
      if (c.restartAt !== undefined) consider(c.restartAt, (t) => this.restart(c, t));
      if (c.startedAt !== undefined)
        consider(c.startedAt, () => {
          c.startedAt = undefined;
          this.version++;
        });
      if (c.readyAt !== undefined && c.startedAt === undefined)
        consider(c.readyAt, () => {
          c.readyAt = undefined;
          this.version++;
        });
    }
    return best;
  }

  private sandboxCreated(t: number): void {
    if (!this.hostNetwork) {
      const ip = this.ipam.allocate();
      // No free IP: sandbox creation fails and is retried, as a CNI error would be.
      if (ip === undefined) {
        this.sandboxAt = t + Math.max(1000, this.timing.startMs);
        return;
      }
      this.podIPs = [ip];
      this.ipHeld = true;
    }
    this.sandboxAt = undefined;
    this.sandboxReady = true;
    this.version++;
    this.stage = 'initializing';
    this.startNextInit(t);
  }

  private startNextInit(t: number): void {
    while (this.initIndex < this.init.length) {
      const c = this.init[this.initIndex]!;
      this.start(c, t);
      if (c.kind === 'init') return;
      this.initIndex++; // a sidecar keeps running while the next init container starts
    }
    this.stage = 'running';
    for (const c of this.main) this.start(c, t);
  }

  private newRun(c: SimContainer, t: number): ContainerRun {
    return { id: this.newId(), image: c.image.image, imageId: c.image.imageId, startedAt: t };
  }

  private start(c: SimContainer, t: number): void {
    c.current = this.newRun(c, t);
    this.scheduleRun(c, t);
    this.version++;
  }

  private scheduleRun(c: SimContainer, t: number): void {
    const started = c.current!.startedAt;
    c.exitAt =
      c.kind === 'init'
        ? t + this.timing.initContainerMs
        : c.kind === 'main' && this.behaviour.exitAfterMs !== undefined
          ? Math.max(t, started + this.behaviour.exitAfterMs)
          : undefined;
    c.startedAt = c.startupDelayMs > 0 ? started + c.startupDelayMs : undefined;
    c.readyAt = c.readyDelayMs > 0 ? started + c.readyDelayMs : undefined;
  }

  private exited(c: SimContainer, t: number): void {
    const code = c.kind === 'main' ? this.behaviour.exitCode : 0;
    c.current = { ...c.current!, finishedAt: t, exitCode: code, reason: code === 0 ? 'Completed' : 'Error' };
    c.exitAt = undefined;
    c.readyAt = undefined;
    c.startedAt = undefined;
    this.version++;
    if (c.kind === 'init') {
      this.initIndex++;
      this.startNextInit(t);
      return;
    }
    const policy = this.restartPolicy;
    const restart = policy === 'Always' || (policy === 'OnFailure' && code !== 0);
    if (restart) {
      if (isInBackoffSince(c.backoff, t, t, this.backoffPolicy)) {
        c.waiting = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${formatGoDuration(c.backoff!.backoffMs)} restarting failed container=${c.name} pod=${this.name}_${this.namespace}(${this.uid})`,
        };
        c.restartAt = t + c.backoff!.backoffMs;
      } else {
        this.restart(c, t);
      }
      return;
    }
    if (this.main.every((m) => !isRunning(m) && m.restartAt === undefined)) this.finish(t);
  }

  private restart(c: SimContainer, t: number): void {
    c.backoff = nextBackoff(c.backoff, c.current?.finishedAt ?? t, t, this.backoffPolicy);
    c.previous = c.current;
    c.restartCount++;
    c.waiting = undefined;
    c.restartAt = undefined;
    this.start(c, t);
  }

  /** Graceful termination ends: whatever runs exits 0, the sandbox goes, the pod is terminal. */
  private kill(t: number): void {
    for (const c of [...this.init, ...this.main]) {
      if (isRunning(c)) c.current = { ...c.current!, finishedAt: t, exitCode: 0, reason: 'Completed' };
      c.exitAt = undefined;
      c.restartAt = undefined;
      c.readyAt = undefined;
      c.startedAt = undefined;
      c.waiting = undefined;
    }
    this.killAt = undefined;
    this.finish(t);
  }

  private finish(t: number): void {
    // Sidecars stop with the pod.
    for (const c of this.init) {
      if (isRunning(c)) c.current = { ...c.current!, finishedAt: t, exitCode: 0, reason: 'Completed' };
      c.readyAt = undefined;
      c.startedAt = undefined;
    }
    this.stage = 'finished';
    this.terminal = true;
    this.sandboxReady = false;
    this.sandboxAt = undefined;
    this.release();
    this.version++;
  }
}
