// Dead container and sandbox garbage collection (upstream kuberuntime containerGC). Containers
// that are not running are grouped per (pod UID, container name) — an "evict unit" — oldest last;
// everything of pods the kubelet is done with goes, each unit keeps its newest maxPerPodContainer,
// and a node-wide maxContainers trims further, oldest first. Sandboxes without containers that are
// not ready go too, except each live pod's newest one; and the log directories of removed pods.
import { readdir, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { Container, PodSandbox, RuntimeService } from '../cri/runtime-service.js';
import { defaultContainerGcPolicy, validateContainerGcPolicy, type ContainerGcPolicy } from './gc-policy.js';

/** What the pod workers know about a pod UID (upstream PodStateProvider). */
export interface PodStateProvider {
  /** The pod is deleted and terminated, or evicted (or unknown once all sources synced): remove everything. */
  shouldPodContentBeRemoved(uid: string): boolean;
  /** The pod is terminated (or unknown once all sources synced): its runtime objects may go. */
  shouldPodRuntimeBeRemoved(uid: string): boolean;
}

/** Options of ContainerGc. */
export interface ContainerGcOptions {
  readonly runtime: RuntimeService;
  readonly podState: PodStateProvider;
  /** All pod sources (API, static files) have synced at least once; before that nothing is "deleted". */
  readonly sourcesReady: () => boolean;
  readonly policy?: Partial<ContainerGcPolicy>;
  /** Pod log directories (<ns>_<name>_<uid>), removed with their pods. */
  readonly podLogsRoot?: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface DeadContainer {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly unknown: boolean;
}

const podUidLabel = 'io.kubernetes.pod.uid';
const nsPerMs = 1_000_000;

// Newest first.
const byCreatedDesc = (a: { createdAt: number }, b: { createdAt: number }) => b.createdAt - a.createdAt;

/** Removes dead containers and sandboxes per policy. */
export class ContainerGc {
  readonly policy: ContainerGcPolicy;
  private readonly clock: Clock;

  constructor(private readonly options: ContainerGcOptions) {
    this.policy = { ...defaultContainerGcPolicy, ...options.policy };
    validateContainerGcPolicy(this.policy);
    this.clock = options.clock ?? systemClock;
  }

  /** One GC pass (upstream GarbageCollect with evictNonDeletedPods=false). */
  garbageCollect(): Promise<void> {
    return this.run(false);
  }

  /** Also removes what terminated but not yet deleted pods hold (the eviction manager's reclaim). */
  deleteAllUnusedContainers(): Promise<void> {
    return this.run(true);
  }

  private async run(evictNonDeletedPods: boolean): Promise<void> {
    const failures: string[] = [];
    const note = (err: unknown) => failures.push((err as Error).message);
    const allSourcesReady = this.options.sourcesReady();
    await this.evictContainers(allSourcesReady, evictNonDeletedPods).catch(note);
    await this.evictSandboxes(evictNonDeletedPods).catch(note);
    await this.evictPodLogDirectories(allSourcesReady).catch(note);
    if (failures.length > 0) throw new Error(failures.join('; '));
  }

  private removable(uid: string, evictNonDeletedPods: boolean): boolean {
    const s = this.options.podState;
    return s.shouldPodContentBeRemoved(uid) || (evictNonDeletedPods && s.shouldPodRuntimeBeRemoved(uid));
  }

  private async evictContainers(allSourcesReady: boolean, evictNonDeletedPods: boolean): Promise<void> {
    const { runtime } = this.options;
    const [{ containers }, { items: sandboxes }] = await Promise.all([
      runtime.listContainers(),
      runtime.listPodSandbox(),
    ]);
    const sandboxUid = new Map(sandboxes.map((s) => [s.id, s.metadata.uid]));
    const newestAllowed = (this.clock.now() - this.policy.minAgeMs) * nsPerMs;
    const units = new Map<string, DeadContainer[]>();
    for (const c of containers) {
      if (c.state === 'CONTAINER_RUNNING' || c.createdAt > newestAllowed) continue;
      const uid = podUidOf(c, sandboxUid);
      const key = JSON.stringify([uid, c.metadata.name]);
      const unit = units.get(key) ?? [];
      unit.push({
        id: c.id,
        name: c.metadata.name,
        createdAt: c.createdAt,
        unknown: c.state === 'CONTAINER_UNKNOWN',
      });
      units.set(key, unit);
    }
    if (allSourcesReady) {
      for (const [key, unit] of units) {
        const [uid] = JSON.parse(key) as [string, string];
        if (!this.removable(uid, evictNonDeletedPods)) continue;
        await this.removeOldest(unit, unit.length);
        units.delete(key);
      }
    }
    if (this.policy.maxPerPodContainer >= 0) await this.enforcePerUnit(units, this.policy.maxPerPodContainer);
    const max = this.policy.maxContainers;
    if (max >= 0 && count(units) > max) {
      // Leave an equal share per unit (at least one), then trim the oldest node-wide.
      await this.enforcePerUnit(units, Math.max(1, Math.floor(max / units.size)));
      const left = count(units);
      if (left > max) {
        const flat = [...units.values()].flat().sort(byCreatedDesc);
        await this.removeOldest(flat, left - max);
      }
    }
  }

  private async enforcePerUnit(units: Map<string, DeadContainer[]>, keep: number): Promise<void> {
    for (const [key, unit] of units) {
      const excess = unit.length - keep;
      if (excess <= 0) continue;
      const removed = new Set((await this.removeOldest(unit, excess)).map((c) => c.id));
      units.set(
        key,
        unit.filter((c) => !removed.has(c.id)),
      );
    }
  }

  // Removes the `n` oldest of `list` (sorted newest first in place); returns what it tried to remove.
  private async removeOldest(list: DeadContainer[], n: number): Promise<DeadContainer[]> {
    list.sort(byCreatedDesc);
    const doomed = list.slice(list.length - n);
    for (const c of [...doomed].reverse()) {
      if (c.unknown) {
        // A container in unknown state could still be running: kill it first, skip it if that fails.
        try {
          await this.options.runtime.stopContainer({ containerId: c.id, timeout: 0 });
        } catch (err) {
          this.options.logger?.warn('failed to kill a container in unknown state', {
            containerID: c.id,
            err,
          });
          continue;
        }
      }
      await this.removeContainer(c.id);
    }
    return doomed;
  }

  // RemoveContainer leaves the log file to the kubelet: remove it and its rotations too.
  private async removeContainer(id: string): Promise<void> {
    const { runtime } = this.options;
    const logPath = await runtime
      .containerStatus({ containerId: id })
      .then((r) => r.status.logPath)
      .catch(() => '');
    try {
      await runtime.removeContainer(id);
    } catch (err) {
      this.options.logger?.warn('failed to remove container', { containerID: id, err });
      return;
    }
    if (logPath === '') return;
    const dir = path.dirname(logPath);
    const base = path.basename(logPath);
    for (const name of await readdir(dir).catch(() => [] as string[]))
      if (name === base || name.startsWith(`${base}.`)) await unlink(path.join(dir, name)).catch(() => {});
  }

  private async evictSandboxes(evictNonDeletedPods: boolean): Promise<void> {
    const { runtime } = this.options;
    const [{ containers }, { items: sandboxes }] = await Promise.all([
      runtime.listContainers(),
      runtime.listPodSandbox(),
    ]);
    const withContainers = new Set(containers.map((c) => c.podSandboxId));
    const byPod = new Map<string, { sandbox: PodSandbox; active: boolean }[]>();
    for (const s of sandboxes) {
      const list = byPod.get(s.metadata.uid) ?? [];
      list.push({ sandbox: s, active: s.state === 'SANDBOX_READY' || withContainers.has(s.id) });
      byPod.set(s.metadata.uid, list);
    }
    for (const [uid, list] of byPod) {
      list.sort((a, b) => b.sandbox.createdAt - a.sandbox.createdAt);
      // A live pod keeps its newest sandbox; a removed pod keeps none (its newest may still be active).
      const keep = this.removable(uid, evictNonDeletedPods) ? 0 : 1;
      for (const { sandbox, active } of list.slice(keep).reverse()) {
        if (active) continue;
        try {
          // GC normally comes after the kubelet stopped the sandbox; make sure before removing.
          await runtime.stopPodSandbox(sandbox.id);
          await runtime.removePodSandbox(sandbox.id);
        } catch (err) {
          this.options.logger?.warn('failed to remove sandbox', { sandboxID: sandbox.id, err });
        }
      }
    }
  }

  private async evictPodLogDirectories(allSourcesReady: boolean): Promise<void> {
    const root = this.options.podLogsRoot;
    if (root === undefined || !allSourcesReady) return;
    for (const name of await readdir(root).catch(() => [] as string[])) {
      const uid = name.split('_').at(-1) ?? '';
      if (!this.options.podState.shouldPodContentBeRemoved(uid)) continue;
      await rm(path.join(root, name), { recursive: true, force: true });
    }
  }
}

function podUidOf(c: Container, sandboxUid: ReadonlyMap<string, string>): string {
  return c.labels[podUidLabel] ?? sandboxUid.get(c.podSandboxId) ?? '';
}

function count(units: ReadonlyMap<string, readonly DeadContainer[]>): number {
  let n = 0;
  for (const u of units.values()) n += u.length;
  return n;
}
