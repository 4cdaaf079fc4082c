// One pod's volumes through their life: set up before the containers start (retried by calling
// setUp again until ready), refreshed while the pod runs (configMap/secret/downwardAPI changes and
// token rotation reach the files through atomic writes), turned into CRI mounts per container, and
// torn down after the pod's containers are gone. Like upstream, only volumes some container mounts
// are set up.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { mkdir, readdir, realpath, rm, rmdir } from 'node:fs/promises';
import type { KeyValue, Mount } from '../cri/runtime-service.js';
import { messageOf } from './aggregate-error.js';
import { containerMounts, type MountableVolume } from './container-mounts.js';
import { VolumeProcessingError } from './persistent-volume-claim.js';
import { podDir, podPluginsDir, podVolumesDir } from './pod-volume-paths.js';
import {
  setUpFailedMessage,
  unableToMountMessage,
  type VolumeEvent,
  type VolumeFailure,
} from './volume-failures.js';
import type { VolumeHost } from './volume-host.js';
import { setUpVolume, VolumeSetUpError, type SetUpVolume } from './volume-plugins.js';

/** The outcome of one set-up (or resync) pass. */
export interface VolumeSetUpResult {
  /** Every volume a container mounts is set up: containers may start. */
  readonly ready: boolean;
  /** The volumes that failed in this pass. */
  readonly failures: readonly VolumeFailure[];
  /** FailedMount events to record for this pass, worded as upstream's. */
  readonly events: readonly VolumeEvent[];
}

/** A container's CRI mounts, or the message its start fails with. */
export type ContainerMountsResult =
  { readonly ok: true; readonly mounts: readonly Mount[] } | { readonly ok: false; readonly message: string };

/** Settings of a PodVolumeManager. */
export interface PodVolumeManagerOptions {
  readonly host: VolumeHost;
  readonly pod: Pod;
}

/** The names of the volumes some (init, regular or ephemeral) container mounts. */
export function mountedVolumeNames(pod: Pod): Set<string> {
  const spec = pod.spec;
  const names = new Set<string>();
  const containers = [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ];
  for (const c of containers) for (const m of c.volumeMounts ?? []) names.add(m.name);
  return names;
}

/** Manages one pod's volumes; calls are serialised, so the pod worker may call from anywhere. */
export class PodVolumeManager {
  private pod: Pod;
  private readonly host: VolumeHost;
  private readonly volumes = new Map<string, SetUpVolume>();
  private tail: Promise<unknown> = Promise.resolve();
  private tornDown = false;

  constructor(options: PodVolumeManagerOptions) {
    this.host = options.host;
    this.pod = options.pod;
  }

  /** The pod's UID (its volumes live under <root>/pods/<uid>). */
  get podUid(): string {
    return this.pod.metadata?.uid ?? '';
  }

  /** Takes a newer version of the pod (labels and annotations feed downwardAPI files at the next resync). */
  updatePod(pod: Pod): void {
    this.pod = pod;
  }

  /** Sets up every mounted volume not set up yet; call again (with backoff) until `ready`. */
  setUp(signal?: AbortSignal): Promise<VolumeSetUpResult> {
    return this.serialised(() => this.pass(false, signal));
  }

  /**
   * setUp, plus rewriting the files of configMap, secret, downwardAPI and projected volumes from
   * current data (renewing tokens due for rotation). Upstream does this about once a minute.
   */
  resync(signal?: AbortSignal): Promise<VolumeSetUpResult> {
    return this.serialised(() => this.pass(true, signal));
  }

  /** The set-up volumes by name, as mounts see them. */
  mountableVolumes(): ReadonlyMap<string, MountableVolume> {
    return new Map(this.volumes);
  }

  /** The CRI mounts of `container`; `env` is its resolved environment (for subPathExpr). */
  containerMounts(container: Container, env: readonly KeyValue[]): Promise<ContainerMountsResult> {
    return this.serialised(async () => {
      try {
        return { ok: true, mounts: await containerMounts(container, this.mountableVolumes(), env) };
      } catch (err) {
        return { ok: false, message: messageOf(err) };
      }
    });
  }

  /**
   * The FailedMount event upstream records when the volumes were not ready within its 2 minute
   * wait (the pod worker then retries the pod later).
   */
  mountTimeoutEvent(): VolumeEvent {
    const unmounted = [...mountedVolumeNames(this.pod)].filter((n) => !this.volumes.has(n));
    return {
      type: 'Warning',
      reason: 'FailedMount',
      message: unableToMountMessage(unmounted, [], 'context deadline exceeded'),
    };
  }

  /** Unmounts and removes every volume of the pod and forgets its tokens. Idempotent. */
  tearDown(): Promise<void> {
    return this.serialised(async () => {
      this.tornDown = true;
      this.volumes.clear();
      await tearDownPodVolumes(this.host, this.podUid);
    });
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => {});
    return run;
  }

  private async pass(refresh: boolean, signal?: AbortSignal): Promise<VolumeSetUpResult> {
    if (this.tornDown) throw new Error(`the volumes of pod ${this.podUid} were torn down`);
    const pod = this.pod;
    const uid = this.podUid;
    for (const dir of [
      podDir(this.host.rootDir, uid),
      podVolumesDir(this.host.rootDir, uid),
      podPluginsDir(this.host.rootDir, uid),
    ]) {
      await mkdir(dir, { recursive: true, mode: 0o750 });
    }
    const wanted = mountedVolumeNames(pod);
    const failures: VolumeFailure[] = [];
    const work = (pod.spec?.volumes ?? [])
      .filter((v) => wanted.has(v.name))
      .map(async (volume) => {
        const existing = this.volumes.get(volume.name);
        try {
          if (existing === undefined)
            this.volumes.set(volume.name, await setUpVolume(this.host, pod, volume, signal));
          else if (refresh && existing.refresh) await existing.refresh(pod, signal);
        } catch (err) {
          if (signal?.aborted) throw err;
          failures.push(this.failure(volume.name, existing?.specName, err));
        }
      });
    await Promise.all(work);
    // Volumes set up concurrently; report them in the pod's order, as upstream's serial populator does.
    const order = new Map((pod.spec?.volumes ?? []).map((v, i) => [v.name, i]));
    failures.sort((a, b) => order.get(a.volumeName)! - order.get(b.volumeName)!);
    return { ready: [...wanted].every((n) => this.volumes.has(n)), failures, events: this.events(failures) };
  }

  private failure(name: string, specName: string | undefined, err: unknown): VolumeFailure {
    const error = messageOf(err);
    if (err instanceof VolumeProcessingError)
      return { volumeName: name, stage: 'process', error, message: error };
    const spec = err instanceof VolumeSetUpError ? err.specName : (specName ?? name);
    return { volumeName: name, stage: 'setup', error, message: setUpFailedMessage(spec, error) };
  }

  private events(failures: readonly VolumeFailure[]): VolumeEvent[] {
    const events: VolumeEvent[] = failures
      .filter((f) => f.stage === 'setup')
      .map((f) => ({ type: 'Warning', reason: 'FailedMount', message: f.message }));
    const unprocessed = failures.filter((f) => f.stage === 'process');
    if (unprocessed.length > 0) {
      const unmounted = [...mountedVolumeNames(this.pod)].filter((n) => !this.volumes.has(n));
      const message = unableToMountMessage(
        unmounted,
        unprocessed.map((f) => f.volumeName),
        unprocessed.map((f) => f.error).join('; '),
      );
      events.push({ type: 'Warning', reason: 'FailedMount', message });
    }
    return events;
  }
}

async function isEmptyDir(dir: string): Promise<boolean> {
  return (await readdir(dir).catch(() => ['?'])).length === 0;
}

/**
 * Unmounts everything mounted below a pod's volumes directory (deepest first), then removes its
 * volumes and plugins directories, and the pod directory when nothing else is left in it. Never
 * removes anything while a mount remains below (a local PersistentVolume's data would go with it).
 * Works from the disk alone, so it also cleans up after pods a restarted kubelet no longer knows.
 */
export async function tearDownPodVolumes(host: VolumeHost, podUid: string): Promise<void> {
  const volumesDir = podVolumesDir(host.rootDir, podUid);
  const real = await realpath(volumesDir).catch(() => undefined);
  if (real !== undefined) {
    const below = (await host.mounter.mountPoints()).filter((m) => m.path.startsWith(`${real}/`));
    below.sort((a, b) => b.path.length - a.path.length);
    for (const m of below) await host.mounter.unmount(m.path);
    const left = (await host.mounter.mountPoints()).filter((m) => m.path.startsWith(`${real}/`));
    if (left.length > 0)
      throw new Error(`volumes of pod ${podUid} are still mounted: ${left.map((m) => m.path).join(', ')}`);
    await rm(volumesDir, { recursive: true, force: true });
  }
  await rm(podPluginsDir(host.rootDir, podUid), { recursive: true, force: true });
  const dir = podDir(host.rootDir, podUid);
  if (await isEmptyDir(dir)) await rmdir(dir).catch(() => {});
  host.tokens.forgetPod(podUid);
}
