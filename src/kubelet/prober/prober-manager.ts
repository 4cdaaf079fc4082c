import type { Container, ContainerStatus, Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { Cancel, Clock } from '../../base/clock.js';
import { TimerQueue } from '../timer-queue.js';
import type { KubeletEventSink } from './container-event.js';
import type { ContainerExec } from './container-exec.js';
import type { PodStatusProvider } from './pod-status-provider.js';
import { probeKinds, probeOf, type ProbeKind } from './probe-kind.js';
import { ProbeWorker } from './probe-worker.js';
import { Prober } from './prober.js';
import { ResultsManager, type ProbeResultListener } from './results-manager.js';

/** What a ProberManager is built from. */
export interface ProberManagerOptions {
  readonly clock: Clock;
  /** Runs exec probes (the CRI runtime service satisfies it). */
  readonly exec: ContainerExec;
  /** The pods' latest API statuses (the status manager). */
  readonly statuses: PodStatusProvider;
  /** Receives Unhealthy and ProbeWarning events. */
  readonly onEvent?: KubeletEventSink;
  /** Source of the first-probe jitter (default Math.random). */
  readonly random?: () => number;
}

/** Why a container must be restarted because of its probes, with the Killing event's message. */
export interface ProbeRestart {
  readonly reason: 'LivenessProbe' | 'StartupProbe';
  readonly message: string;
}

function isRestartableInit(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/** The containers that get probe workers: regular ones and sidecars (restartable init containers). */
function probedContainers(pod: Pod): Container[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter(isRestartableInit)];
}

/**
 * The kubelet's probe manager: one worker per (pod, container, probe kind), and the three result
 * caches the pod worker acts on. Subscribe for changes: a readiness change updates Ready, a startup
 * change Started, and a liveness or startup "failure" asks for a restart (`restartFor`).
 */
export class ProberManager {
  /** Liveness results per containerID. */
  readonly liveness = new ResultsManager('liveness');
  /** Readiness results per containerID. */
  readonly readiness = new ResultsManager('readiness');
  /** Startup results per containerID. */
  readonly startup = new ResultsManager('startup');
  private readonly workers = new Map<string, ProbeWorker>();
  private readonly timers: TimerQueue<ProbeWorker>;
  private readonly clock: Clock;
  private readonly statuses: PodStatusProvider;
  private readonly prober: Prober;
  private readonly startedAt: number;
  private readonly random: () => number;

  constructor(options: ProberManagerOptions) {
    this.clock = options.clock;
    this.statuses = options.statuses;
    this.random = options.random ?? Math.random;
    this.startedAt = options.clock.now();
    this.prober = new Prober({
      exec: options.exec,
      clock: options.clock,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    this.timers = new TimerQueue<ProbeWorker>({ clock: options.clock, onDue: (w, now) => w.onDue(now) });
  }

  private resultsFor(kind: ProbeKind): ResultsManager {
    return kind === 'liveness' ? this.liveness : kind === 'readiness' ? this.readiness : this.startup;
  }

  private static key(podUid: string, containerName: string, kind: ProbeKind): string {
    return `${podUid}/${containerName}/${kind}`;
  }

  /** Subscribes to changes of all three kinds; returns the unsubscribe. */
  subscribe(listener: ProbeResultListener): Cancel {
    const cancels = [this.liveness, this.readiness, this.startup].map((m) => m.subscribe(listener));
    return () => cancels.forEach((c) => c());
  }

  /** Starts workers for the pod's probes; a pod already added is left as it is. */
  addPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    for (const c of probedContainers(pod)) {
      for (const kind of probeKinds) {
        if (probeOf(c, kind) === undefined) continue;
        const key = ProberManager.key(uid, c.name, kind);
        // Upstream stops at the first existing worker: a pod's workers are created all at once.
        if (this.workers.has(key)) return;
        const worker = new ProbeWorker(
          {
            clock: this.clock,
            timers: this.timers,
            prober: this.prober,
            statuses: this.statuses,
            startedAt: this.startedAt,
            random: this.random,
            onExit: (w) => {
              if (this.workers.get(w.key) === w) this.workers.delete(w.key);
            },
          },
          this.resultsFor(kind),
          pod,
          c,
          kind,
        );
        this.workers.set(key, worker);
        worker.start();
      }
    }
  }

  /** Stops the liveness and startup workers of a terminating pod (readiness keeps reporting). */
  stopLivenessAndStartup(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    for (const c of pod.spec?.containers ?? []) {
      for (const kind of ['liveness', 'startup'] as const)
        this.workers.get(ProberManager.key(uid, c.name, kind))?.stop();
    }
  }

  /** Stops every worker of the pod. */
  removePod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    for (const c of probedContainers(pod)) {
      for (const kind of probeKinds) this.workers.get(ProberManager.key(uid, c.name, kind))?.stop();
    }
  }

  /** Stops the workers of every pod not in `desiredPodUids`. */
  cleanupPods(desiredPodUids: ReadonlySet<string>): void {
    for (const worker of [...this.workers.values()]) {
      if (!desiredPodUids.has(worker.pod.metadata?.uid ?? '')) worker.stop();
    }
  }

  /** True while a worker of that kind exists for the container. */
  hasWorker(podUid: string, containerName: string, kind: ProbeKind): boolean {
    return this.workers.has(ProberManager.key(podUid, containerName, kind));
  }

  /** Number of running workers. */
  get workerCount(): number {
    return this.workers.size;
  }

  /**
   * A running container is started once its startup probe succeeded, or at once without one; a
   * container that is not running is not started.
   */
  isContainerStarted(podUid: string, containerName: string, containerId: string, running: boolean): boolean {
    if (!running) return false;
    const result = this.startup.get(containerId);
    if (result !== undefined) return result === 'success';
    return !this.hasWorker(podUid, containerName, 'startup');
  }

  /**
   * A started, running container is ready once its readiness probe succeeded, or at once without
   * one. While the probe has no result yet this asks its worker to probe right away.
   */
  isContainerReady(podUid: string, containerName: string, containerId: string, running: boolean): boolean {
    if (!running) return false;
    if (this.readiness.get(containerId) === 'success') return true;
    const worker = this.workers.get(ProberManager.key(podUid, containerName, 'readiness'));
    if (worker === undefined) return true;
    worker.trigger();
    return false;
  }

  /**
   * Whether probes want the container restarted: liveness failed ("Container X failed liveness
   * probe") or startup failed ("Container X failed startup probe").
   */
  restartFor(containerName: string, containerId: string): ProbeRestart | undefined {
    if (this.liveness.get(containerId) === 'failure')
      return { reason: 'LivenessProbe', message: `Container ${containerName} failed liveness probe` };
    if (this.startup.get(containerId) === 'failure')
      return { reason: 'StartupProbe', message: `Container ${containerName} failed startup probe` };
    return undefined;
  }

  /**
   * `status` with `started` and `ready` filled in from the probes (upstream's UpdatePodStatus):
   * regular containers and sidecars from their probes, other init containers ready once they
   * exited 0. Containers not started keep their `ready` as given.
   */
  updatePodStatus(pod: Pod, status: PodStatus): PodStatus {
    const uid = pod.metadata?.uid ?? '';
    const probed = (s: ContainerStatus): ContainerStatus => {
      const running = s.state?.running !== undefined;
      const id = s.containerID ?? '';
      const started = this.isContainerStarted(uid, s.name, id, running);
      if (!started) return { ...s, started };
      return { ...s, started, ready: this.isContainerReady(uid, s.name, id, running) };
    };
    const init = (s: ContainerStatus): ContainerStatus => {
      const spec = pod.spec?.initContainers?.find((c) => c.name === s.name);
      if (spec === undefined) return s;
      if (isRestartableInit(spec)) return probed(s);
      const running = s.state?.running !== undefined;
      const started = this.isContainerStarted(uid, s.name, s.containerID ?? '', running);
      return { ...s, started, ready: s.state?.terminated?.exitCode === 0 };
    };
    return {
      ...status,
      ...(status.containerStatuses ? { containerStatuses: status.containerStatuses.map(probed) } : {}),
      ...(status.initContainerStatuses
        ? { initContainerStatuses: status.initContainerStatuses.map(init) }
        : {}),
    };
  }

  /** Stops every worker and the timer. */
  close(): void {
    for (const worker of [...this.workers.values()]) worker.stop();
    this.timers.close();
  }
}
