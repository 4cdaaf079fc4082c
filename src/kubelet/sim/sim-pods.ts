import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { ResourceClient } from '../../client/index.js';
import type { Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import { generatePodStatus } from '../pod-status.js';
import { kubeletConditionsDrifted } from '../pod-status-drift.js';
import { TimerQueue } from '../timer-queue.js';
import type { WriteQueue } from '../write-queue.js';
import type { SimNodeAgent } from './sim-node-agent.js';
import { SimPod, type SimPodIpam, type SimPodTiming } from './sim-pod.js';

/** The informer index of pods by spec.nodeName. */
export const podsByNodeIndex = 'spec.nodeName';

/** The write-queue key of a pod's status ("p:" + namespace/name). */
export function podWriteKey(key: string): string {
  return `p:${key}`;
}

/** Settings of SimPods. */
export interface SimPodsOptions {
  readonly clock: Clock;
  readonly pods: ResourceClient<Pod>;
  /** The shared pod informer's lister (pods with a node), indexed by podsByNodeIndex. */
  readonly lister: Lister<Pod>;
  readonly writes: WriteQueue<string>;
  /** The agent of a simulated node; undefined for nodes the simulator does not own. */
  readonly agentOf: (nodeName: string) => SimNodeAgent | undefined;
  readonly timing: SimPodTiming;
  readonly logger: Logger;
}

interface Entry {
  readonly sim: SimPod;
  readonly node: string;
  writtenVersion: number;
  /** The resourceVersion of this simulator's last status write (0 before any). */
  writtenResourceVersion: number;
  deleteSent: boolean;
  /** Readiness-gate conditions last seen, so a change re-evaluates Ready. */
  gates: string;
}

/** Pod statuses go after every heartbeat (the lanes of SimNodes come first). */
export const podLane = 2;

const noIpam: SimPodIpam = { allocate: () => undefined, release: () => undefined };

function keyOf(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

function gateSignature(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '';
  const types = new Set(gates.map((g) => g.conditionType));
  return (pod.status?.conditions ?? [])
    .filter((c) => types.has(c.type))
    .map((c) => `${c.type}=${c.status}`)
    .join(',');
}

/**
 * The pod side of the simulated nodes: one SimPod per pod bound to a running simulated node, their
 * deadlines on one TimerQueue, and status writes through the shared WriteQueue (the last lane,
 * behind heartbeats). Finished pods shrink to their uid so 150,000 pods cost little once done.
 */
export class SimPods {
  private readonly o: SimPodsOptions;
  private readonly entries = new Map<string, Entry>();
  /** Pods this simulator finished (terminal status written, or deleted): never started again. */
  private readonly finished = new Set<string>();
  private readonly timers: TimerQueue<string>;
  /** Status writes and deletions done. */
  statusWrites = 0;
  deletions = 0;

  constructor(options: SimPodsOptions) {
    this.o = options;
    this.timers = new TimerQueue<string>({ clock: options.clock, onDue: (key, now) => this.due(key, now) });
  }

  /** Pods with a live state machine. */
  get active(): number {
    return this.entries.size;
  }

  /** Pods waiting for a timed event (starting, exiting, restarting, terminating). */
  get scheduled(): number {
    return this.timers.size;
  }

  /** A pod was added or changed. */
  onPod(pod: Pod): void {
    const agent = this.o.agentOf(pod.spec?.nodeName ?? '');
    if (agent === undefined) return;
    // A stopped (or not yet registered) kubelet sees nothing; resync() catches up when it runs.
    if (!agent.readyForPods) return;
    this.sync(keyOf(pod), pod, agent);
  }

  /** A pod is gone: free its IP and forget it. */
  onPodDeleted(pod: Pod): void {
    const key = keyOf(pod);
    const uid = pod.metadata?.uid ?? '';
    this.finished.delete(uid);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.sim.uid !== uid) return;
    this.drop(key, entry);
  }

  /** Re-reads every pod bound to `nodeName` (its kubelet started, resumed or got its pod network). */
  resync(nodeName: string): void {
    for (const pod of this.o.lister.byIndex(podsByNodeIndex, nodeName)) this.onPod(pod);
  }

  /** Writes the status (and, once terminated after a deletion, deletes the pod) for a "p:" key. */
  async write(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    const agent = this.o.agentOf(entry.node);
    if (agent === undefined || agent.stopped || agent.deleted) return;
    const { sim } = entry;
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const pod = this.o.lister.get(namespace, name);
    if (pod === undefined || pod.metadata?.uid !== sim.uid) return;
    const client = this.o.pods.namespace(namespace);
    if (entry.writtenVersion !== sim.version) {
      const version = sim.version;
      const status = generatePodStatus({
        pod,
        runtime: sim.runtimeStatus(),
        hostIPs: [agent.profile.internalIP],
        now: this.o.clock.now(),
        previous: {
          ...(sim.lastConditions ? { conditions: sim.lastConditions } : {}),
          startTime: sim.startTime,
        },
        terminal: sim.isTerminal,
      });
      sim.lastConditions = status.conditions;
      try {
        // A merge patch replaces the lists it carries (conditions, container statuses) whole; the uid
        // makes a patch meant for an earlier pod of the same name fail, as the kubelet's does.
        const written = await client.patch(
          name,
          'merge',
          { metadata: { uid: sim.uid }, status },
          { subresource: 'status' },
        );
        entry.writtenResourceVersion = Number(written.metadata?.resourceVersion ?? 0);
      } catch (err) {
        if (isStatusError(err, 'NotFound')) return this.drop(key, entry);
        throw err;
      }
      this.statusWrites++;
      entry.writtenVersion = version;
    }
    if (sim.readyToDelete && !entry.deleteSent && entry.writtenVersion === sim.version) {
      try {
        await client.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: sim.uid } });
        this.deletions++;
      } catch (err) {
        if (!isStatusError(err, 'NotFound') && !isStatusError(err, 'Conflict')) throw err;
      }
      entry.deleteSent = true;
    }
    if (sim.isTerminal && entry.writtenVersion === sim.version && (!sim.readyToDelete || entry.deleteSent))
      this.retire(key, entry);
  }

  /** Stops every timer. */
  close(): void {
    this.timers.close();
  }

  private sync(key: string, pod: Pod, agent: SimNodeAgent): void {
    const now = this.o.clock.now();
    const uid = pod.metadata?.uid ?? '';
    if (this.finished.has(uid)) return;
    let entry = this.entries.get(key);
    if (entry !== undefined && entry.sim.uid !== uid) {
      // The pod was replaced by one of the same name before we saw the deletion.
      this.drop(key, entry);
      entry = undefined;
    }
    if (entry === undefined) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return;
      const pool = agent.ipPool;
      const ipam: SimPodIpam = pod.spec?.hostNetwork || pool === undefined ? noIpam : pool;
      const sim =
        SimPod.adopt({
          pod,
          now,
          ipam,
          timing: this.o.timing,
          reserveIp: (ip) => pool?.reserve(ip) ?? false,
        }) ?? new SimPod({ pod, now, ipam, timing: this.o.timing });
      entry = {
        sim,
        node: agent.name,
        writtenVersion: 0,
        writtenResourceVersion: 0,
        deleteSent: false,
        gates: gateSignature(pod),
      };
      this.entries.set(key, entry);
    } else {
      entry.sim.update(pod, now);
      const gates = gateSignature(pod);
      if (gates !== entry.gates) {
        entry.gates = gates;
        entry.writtenVersion = -1;
      } else if (this.statusOverwritten(entry, pod)) {
        // Someone else changed what this kubelet reported — the node lifecycle controller marks
        // pods NotReady while their node is unreachable, e.g. stopped: report the real status again.
        entry.writtenVersion = -1;
      }
    }
    entry.sim.advance(now);
    this.afterChange(key, entry);
  }

  /**
   * True when `pod` is newer than this simulator's last status write, nothing newer is pending, and
   * its kubelet-owned conditions no longer say what was written. The resourceVersion check keeps
   * events that predate the write (a lagging watch) from looking like someone else's change.
   */
  private statusOverwritten(entry: Entry, pod: Pod): boolean {
    const { sim } = entry;
    if (entry.writtenVersion !== sim.version || sim.lastConditions === undefined) return false;
    if (!(Number(pod.metadata?.resourceVersion) > entry.writtenResourceVersion)) return false;
    return kubeletConditionsDrifted(pod.status?.conditions, sim.lastConditions);
  }

  private due(key: string, now: number): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    const agent = this.o.agentOf(entry.node);
    // A stopped node's pods wait; resync() advances them on resume.
    if (agent === undefined || !agent.readyForPods) return;
    entry.sim.advance(now);
    this.afterChange(key, entry);
  }

  private afterChange(key: string, entry: Entry): void {
    const { sim } = entry;
    if (entry.writtenVersion !== sim.version || (sim.readyToDelete && !entry.deleteSent))
      this.o.writes.enqueue(podWriteKey(key), podLane);
    const at = sim.nextDeadline();
    if (at === undefined) this.timers.cancel(key);
    else this.timers.schedule(key, at);
  }

  /** The pod is done and reported: keep only its uid. */
  private retire(key: string, entry: Entry): void {
    this.finished.add(entry.sim.uid);
    this.forget(key, entry);
  }

  private drop(key: string, entry: Entry): void {
    entry.sim.release();
    this.forget(key, entry);
  }

  private forget(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.timers.cancel(key);
    this.o.writes.forget(podWriteKey(key));
  }
}
