// The --pod-manifest-path source (upstream config/file.go): the path is a directory of manifests
// (hidden files skipped, subdirectories not entered, names sorted) or a single file. It is read at
// start, again shortly after any change the directory watch reports, and every 20 s regardless
// (--file-check-frequency) since watches miss things on some filesystems. Each read produces the
// full set; the callback hears about it only when the set changed. A bad manifest is reported and
// skipped, never fatal; a missing path is an empty set.
import { watch, type FSWatcher } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { systemClock, type Cancel, type Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import { configFirstSeenAnnotation } from './pod-source.js';
import { staticPodFromManifest } from './static-pod-manifest.js';

/** Options of StaticPodSource. */
export interface StaticPodSourceOptions {
  /** --pod-manifest-path: a directory or one file. */
  readonly path: string;
  readonly nodeName: string;
  /** Called with the full set of static pods whenever it changed (and once after the first read). */
  readonly onPods: (pods: readonly Pod[]) => void;
  /** Called for each manifest that cannot be used. */
  readonly onInvalid?: (file: string, error: Error) => void;
  /** --file-check-frequency (default 20 s). */
  readonly checkIntervalMs?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** Delay between a watch event and the re-read, so a burst of writes becomes one read. */
const settleMs = 100;

/** RFC 3339 with nanoseconds, trailing zeros trimmed (Go's time.RFC3339Nano), in UTC. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac === '' ? 'Z' : `.${frac}Z`));
}

/** Reads, watches and re-reads the static pod manifests. */
export class StaticPodSource {
  private readonly clock: Clock;
  private readonly firstSeen = new Map<string, string>();
  private watcher: FSWatcher | undefined;
  private timer: Cancel | undefined;
  private pending: Cancel | undefined;
  private lastKey: string | undefined;
  private current: readonly Pod[] = [];
  private reading: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: StaticPodSourceOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** The static pods from the last read. */
  get pods(): readonly Pod[] {
    return this.current;
  }

  /** True once the first read finished (upstream's "source ready"). */
  get synced(): boolean {
    return this.lastKey !== undefined;
  }

  /** Reads the manifests, reports them, and starts watching. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.refresh();
    this.startWatch();
    this.schedule();
  }

  /** Stops watching. */
  stop(): void {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = undefined;
    this.timer?.();
    this.pending?.();
  }

  /** Reads the manifests now (serialised with other reads) and reports a changed set. */
  refresh(): Promise<void> {
    const run = async () => {
      const pods = await this.readAll();
      // Whole pods: a manifest with its own metadata.uid keeps that UID across edits.
      const key = JSON.stringify(pods);
      const live = new Set(pods.map((p) => p.metadata?.uid ?? ''));
      for (const uid of [...this.firstSeen.keys()]) if (!live.has(uid)) this.firstSeen.delete(uid);
      this.current = pods;
      if (key === this.lastKey) return;
      this.lastKey = key;
      this.options.onPods(pods);
    };
    const next = this.reading.then(run, run);
    this.reading = next.catch(() => {});
    return next;
  }

  private async readAll(): Promise<Pod[]> {
    const root = this.options.path;
    const s = await stat(root).catch(() => undefined);
    if (s === undefined) {
      this.options.logger?.debug('pod manifest path does not exist', { path: root });
      return [];
    }
    let files: string[];
    if (s.isDirectory()) {
      const names = (await readdir(root).catch(() => [] as string[]))
        .filter((n) => !n.startsWith('.'))
        .sort();
      files = [];
      for (const name of names) {
        const full = path.join(root, name);
        const fs = await stat(full).catch(() => undefined);
        if (fs?.isFile()) files.push(full);
        else if (fs?.isDirectory())
          this.options.logger?.warn('not recursing into a directory in the manifest path', { path: full });
      }
    } else {
      files = [root];
    }
    const pods: Pod[] = [];
    for (const file of files) {
      try {
        const pod = staticPodFromManifest(await readFile(file, 'utf8'), {
          nodeName: this.options.nodeName,
          file,
        });
        pods.push(this.withFirstSeen(pod));
      } catch (err) {
        // A file removed between listing and reading is simply gone.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        this.options.logger?.warn('could not process manifest file', { path: file, err });
        this.options.onInvalid?.(file, err as Error);
      }
    }
    return pods;
  }

  private withFirstSeen(pod: Pod): Pod {
    const uid = pod.metadata?.uid ?? '';
    let seen = this.firstSeen.get(uid);
    if (seen === undefined) {
      seen = rfc3339Nano(this.clock.now());
      this.firstSeen.set(uid, seen);
    }
    return {
      ...pod,
      metadata: {
        ...pod.metadata,
        annotations: { ...pod.metadata?.annotations, [configFirstSeenAnnotation]: seen },
      },
    };
  }

  private startWatch(): void {
    // Watch the directory (or the file's directory, to see it replaced); retried on each periodic
    // pass while the path does not exist yet.
    if (this.watcher !== undefined || this.stopped) return;
    const target = this.options.path;
    try {
      this.watcher = watch(target, { persistent: false }, () => this.soon());
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      this.watcher = undefined;
    }
  }

  private soon(): void {
    if (this.pending !== undefined || this.stopped) return;
    this.pending = this.clock.after(settleMs, () => {
      this.pending = undefined;
      this.refresh().catch((err: unknown) =>
        this.options.logger?.warn('reading static pods failed', { err }),
      );
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.after(this.options.checkIntervalMs ?? 20_000, () => {
      this.startWatch();
      this.refresh()
        .catch((err: unknown) => this.options.logger?.warn('reading static pods failed', { err }))
        .finally(() => this.schedule());
    });
  }
}
