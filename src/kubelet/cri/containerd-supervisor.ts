// Starts and keeps alive a containerd of our own (the all-in-one default): generated config under
// one directory, ready once its socket answers CRI Version, restarted with backoff when it dies,
// stopped by its PID. Containers do not depend on it: their shims outlive a containerd restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { systemClock, type Cancel, type Clock } from '../../base/clock.js';
import { createLogger, type Logger } from '../../base/logger.js';
import { CriClient } from './cri-client.js';
import {
  containerdPaths,
  renderContainerdConfig,
  type ContainerdConfigOptions,
  type ContainerdPaths,
} from './containerd-config.js';
import { CAP_SYS_RESOURCE, hasCapability } from './linux-capabilities.js';
import { writeRegistryHosts, type RegistriesConfig } from './registry-hosts.js';
import type { VersionResponse } from './runtime-service.js';

/** Constructor options; config fields not given take the defaults of containerd-config.ts. */
export interface ContainerdSupervisorOptions extends Omit<ContainerdConfigOptions, 'restrictOomScoreAdj'> {
  /** Default: only when this process lacks CAP_SYS_RESOURCE. */
  readonly restrictOomScoreAdj?: boolean;
  /** Mirrors and plain-http registries (registries.yaml contents). */
  readonly registries?: RegistriesConfig;
  /** The containerd executable (default "containerd" on the PATH). */
  readonly binary?: string;
  /** How long start() waits for the socket to answer (default 20 s). */
  readonly startTimeoutMs?: number;
  /** First restart delay after a crash, doubled per crash up to maxRestartDelayMs (defaults 1 s, 30 s). */
  readonly restartDelayMs?: number;
  readonly maxRestartDelayMs?: number;
  /** Called after containerd came back from a crash, e.g. to relist at once. */
  readonly onRestarted?: (pid: number) => void;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

// A run this long counts as healthy: the next crash starts the backoff from the beginning again.
const healthyRunMs = 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** One supervised containerd. */
export class ContainerdSupervisor {
  /** Where its files are; `paths.socket` is the CRI endpoint. */
  readonly paths: ContainerdPaths;
  private readonly options: ContainerdSupervisorOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private crashes = 0;
  private stopping = false;
  // Only a containerd that once started successfully is restarted; a failing start() is the caller's.
  private supervising = false;
  private cancelRestart: Cancel | undefined;
  private lastVersion: VersionResponse | undefined;

  constructor(options: ContainerdSupervisorOptions) {
    this.options = options;
    this.paths = containerdPaths(options.dir);
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? createLogger('containerd-supervisor');
  }

  /** The CRI endpoint (unix socket path). */
  get endpoint(): string {
    return this.paths.socket;
  }

  /** PID of the running containerd, if any. */
  get pid(): number | undefined {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null
      ? child.pid
      : undefined;
  }

  /** The Version answer of the last successful start. */
  get version(): VersionResponse | undefined {
    return this.lastVersion;
  }

  /** Writes the config, starts containerd and resolves once it answers CRI Version. */
  async start(): Promise<VersionResponse> {
    this.stopping = false;
    await mkdir(this.paths.dir, { recursive: true });
    const restrict = this.options.restrictOomScoreAdj ?? !hasCapability(CAP_SYS_RESOURCE);
    await writeFile(
      this.paths.config,
      renderContainerdConfig({ ...this.options, restrictOomScoreAdj: restrict }),
    );
    await writeRegistryHosts(this.paths.certsDir, this.options.registries ?? {});
    await this.killStale();
    try {
      const version = await this.launch();
      this.supervising = true;
      return version;
    } catch (err) {
      this.child?.kill('SIGKILL');
      this.child = undefined;
      throw err;
    }
  }

  /** Stops containerd (SIGTERM, SIGKILL after `timeoutMs`) and stops supervising it. Containers keep running. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    this.supervising = false;
    this.cancelRestart?.();
    this.cancelRestart = undefined;
    const child = this.child;
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const killed = this.clock.after(timeoutMs, () => child.kill('SIGKILL'));
      await exited;
      killed();
    }
    this.child = undefined;
    await rm(this.paths.pidFile, { force: true });
    await rm(this.paths.socket, { force: true });
  }

  // A containerd left from an earlier run of ours (the process crashed) would share socket and root
  // with the new one; containerd does not refuse that, so end it first. Its containers survive.
  private async killStale(): Promise<void> {
    let pid: number;
    try {
      pid = Number((await readFile(this.paths.pidFile, 'utf8')).trim());
    } catch {
      return;
    }
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && cmdline(pid).includes(this.paths.config)) {
      this.log.warn('stopping containerd left from an earlier run', { pid });
      process.kill(pid, 'SIGTERM');
      const deadline = this.clock.now() + 10_000;
      while (isAlive(pid) && this.clock.now() < deadline) await this.clock.sleep(50);
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    await rm(this.paths.socket, { force: true });
  }

  private async launch(): Promise<VersionResponse> {
    const logFd = openSync(this.paths.log, 'a');
    let child: ChildProcess;
    try {
      // detached = its own session, so a terminal's signals do not reach it; $! problems of shell
      // launching (spike pitfall 12) cannot happen because spawn gives the daemon's own PID.
      child = spawn(this.options.binary ?? 'containerd', ['--config', this.paths.config], {
        cwd: this.paths.dir,
        detached: true,
        stdio: ['ignore', logFd, logFd],
      });
    } finally {
      closeSync(logFd);
    }
    this.child = child;
    this.startedAt = this.clock.now();
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      // Kept for the child's lifetime: an unhandled 'error' event would take the whole process down.
      child.on('error', (err) => {
        reject(err);
        this.log.error('containerd process error', { err });
      });
    });
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    await spawned;
    await writeFile(this.paths.pidFile, `${child.pid}\n`);
    const version = await this.waitReady(child);
    this.lastVersion = version;
    this.log.info('containerd ready', { pid: child.pid, version: version.runtimeVersion });
    return version;
  }

  private async waitReady(child: ChildProcess): Promise<VersionResponse> {
    const deadline = this.clock.now() + (this.options.startTimeoutMs ?? 20_000);
    const client = new CriClient({ endpoint: this.paths.socket, requestTimeoutMs: 1000 });
    try {
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(
            `containerd exited during start (${child.exitCode ?? child.signalCode}): ${this.logTail()}`,
          );
        if (existsSync(this.paths.socket)) {
          try {
            return await client.version('v1');
          } catch {
            // not serving yet
          }
        }
        if (this.clock.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`containerd did not answer on ${this.paths.socket} in time: ${this.logTail()}`);
        }
        await this.clock.sleep(25);
      }
    } finally {
      client.close();
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.supervising || this.stopping || child !== this.child) return;
    this.log.error('containerd exited', { pid: child.pid, code, signal });
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.cancelRestart !== undefined || this.stopping) return;
    if (this.clock.now() - this.startedAt > healthyRunMs) this.crashes = 0;
    const base = this.options.restartDelayMs ?? 1000;
    const delay = Math.min(this.options.maxRestartDelayMs ?? 30_000, base * 2 ** this.crashes);
    this.crashes++;
    this.log.info('restarting containerd', { delayMs: delay, crashes: this.crashes });
    this.cancelRestart = this.clock.after(delay, () => {
      this.cancelRestart = undefined;
      if (this.stopping) return;
      this.launch().then(
        (version) => {
          this.lastVersion = version;
          if (this.child?.pid !== undefined) this.options.onRestarted?.(this.child.pid);
        },
        (err: unknown) => {
          this.log.error('containerd restart failed', { err });
          this.child?.kill('SIGKILL');
          this.scheduleRestart();
        },
      );
    });
  }

  private logTail(): string {
    try {
      return readFileSync(this.paths.log, 'utf8').split('\n').slice(-8).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
