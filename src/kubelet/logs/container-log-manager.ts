// Container log rotation (upstream's pkg/kubelet/logs ContainerLogManager): every 10 s each running
// container's log is checked; one of --container-log-max-size or more is renamed to
// `N.log.<timestamp>` and the runtime asked to reopen it (ReopenContainerLog creates a fresh
// `N.log`). Before that, older rotated files are gzipped (the newest stays plain, for readers that
// are still on it), leftovers of failed rotations removed, and the oldest deleted so that at most
// --container-log-max-files files remain, the live one included.
import { rename, rm, stat } from 'node:fs/promises';
import { systemClock, type Cancel, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { RuntimeService } from '../cri/runtime-service.js';
import {
  compressLog,
  compressSuffix,
  rotatedFilesOf,
  rotationSuffix,
  splitUnusedLogs,
} from './rotated-logs.js';

/** Upstream's defaults: 10Mi, 5 files, every 10 s. */
export const defaultContainerLogMaxSize = 10 * 1024 * 1024;
export const defaultContainerLogMaxFiles = 5;
export const defaultContainerLogMonitorIntervalMs = 10_000;

/** Settings of a ContainerLogManager. */
export interface ContainerLogManagerOptions {
  readonly runtime: Pick<RuntimeService, 'listContainers' | 'containerStatus' | 'reopenContainerLog'>;
  /** --container-log-max-size in bytes (default 10 MiB); negative turns rotation off. */
  readonly maxSizeBytes?: number;
  /** --container-log-max-files (default 5; at least 2), the live file included. */
  readonly maxFiles?: number;
  /** How often logs are checked (default 10 s). */
  readonly monitorIntervalMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** The rotation flags as the kubelet options carry them. */
export type ContainerLogRotation = Pick<
  ContainerLogManagerOptions,
  'maxSizeBytes' | 'maxFiles' | 'monitorIntervalMs'
>;

/** Rotates the logs of running containers on a timer. */
export class ContainerLogManager {
  private readonly maxSize: number;
  private readonly maxFiles: number;
  private readonly clock: Clock;
  private cancel: Cancel | undefined;
  private pass: Promise<void> | undefined;
  private stopped = false;

  /** Throws upstream's error for fewer than 2 files. */
  constructor(private readonly options: ContainerLogManagerOptions) {
    this.maxSize = options.maxSizeBytes ?? defaultContainerLogMaxSize;
    this.maxFiles = options.maxFiles ?? defaultContainerLogMaxFiles;
    if (!Number.isInteger(this.maxFiles) || this.maxFiles <= 1)
      throw new Error(`invalid MaxFiles ${this.maxFiles}, must be > 1`);
    this.clock = options.clock ?? systemClock;
  }

  /** Starts the periodic checks (nothing happens when rotation is off). */
  start(): void {
    if (this.maxSize < 0 || this.stopped) return;
    const tick = () => {
      this.pass = this.rotateLogs().finally(() => {
        this.pass = undefined;
        if (!this.stopped)
          this.cancel = this.clock.after(
            this.options.monitorIntervalMs ?? defaultContainerLogMonitorIntervalMs,
            tick,
          );
      });
    };
    this.cancel = this.clock.after(
      this.options.monitorIntervalMs ?? defaultContainerLogMonitorIntervalMs,
      tick,
    );
  }

  /** Stops the checks; resolves once a check in progress finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    await this.pass;
  }

  /** One pass over the running containers (what each tick does). */
  async rotateLogs(): Promise<void> {
    if (this.maxSize < 0) return;
    let containers;
    try {
      ({ containers } = await this.options.runtime.listContainers({}));
    } catch (err) {
      this.options.logger?.warn('failed to list containers for log rotation', { err });
      return;
    }
    // Only running containers write; an exited one keeps its last file whole.
    for (const c of containers) {
      if (this.stopped) return;
      if (c.state !== 'CONTAINER_RUNNING') continue;
      await this.checkContainer(c.id).catch((err: unknown) =>
        this.options.logger?.warn('failed to rotate container log', { containerID: c.id, err }),
      );
    }
  }

  private async checkContainer(id: string): Promise<void> {
    const { runtime, logger } = this.options;
    const { status } = await runtime.containerStatus({ containerId: id });
    const logPath = status.logPath;
    if (logPath === '') return;
    let size: number;
    try {
      size = (await stat(logPath)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // Lost (a rotation that failed half way, or removed by hand): have the runtime start a new one.
      await runtime.reopenContainerLog(id);
      try {
        size = (await stat(logPath)).size;
      } catch {
        logger?.debug('container log missing after reopen', { containerID: id, path: logPath });
        return;
      }
    }
    if (size < this.maxSize) return;
    await this.rotate(id, logPath);
  }

  private async rotate(id: string, logPath: string): Promise<void> {
    const { inUse, unused } = splitUnusedLogs(await rotatedFilesOf(logPath));
    for (const f of unused) await rm(f, { force: true });
    // The live file and the one about to be rotated count too: keep maxFiles-2 older ones.
    const keep = Math.max(0, this.maxFiles - 2);
    const excess = inUse.length - keep;
    for (const f of inUse.slice(0, Math.max(0, excess))) await rm(f, { force: true });
    for (const f of inUse.slice(Math.max(0, excess))) if (!f.endsWith(compressSuffix)) await compressLog(f);
    const rotated = `${logPath}.${rotationSuffix(this.clock.now())}`;
    await rename(logPath, rotated);
    try {
      await this.options.runtime.reopenContainerLog(id);
    } catch (err) {
      // Put it back so the next pass can try again (a kubelet dying here loses nothing either).
      await rename(rotated, logPath).catch((renameErr: unknown) =>
        this.options.logger?.error('failed to restore a rotated log', {
          containerID: id,
          path: rotated,
          err: renameErr,
        }),
      );
      throw err;
    }
    this.options.logger?.debug('rotated container log', { containerID: id, path: rotated });
  }
}
