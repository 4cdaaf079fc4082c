// A CPU rate needs two readings: cAdvisor keeps the recent samples of every cgroup from its
// housekeeping (every 10 s for the kubelet) and reports usageNanoCores as the change between them.
// This sampler does the same for the cgroups it is told about, keeping each cgroup's last two
// samples, and turns a fresh cumulative reading into a rate against the newest sample at least one
// second older (a shorter window would be mostly noise).
import type { Cancel, Clock } from '../../base/clock.js';

/** One cumulative CPU reading. */
export interface CpuSample {
  /** ms since the epoch. */
  readonly time: number;
  /** Cumulative CPU time in nanoseconds. */
  readonly usageCoreNanoSeconds: number;
}

/** Options of CpuUsageSampler. */
export interface CpuUsageSamplerOptions {
  /** The cgroups to sample now (the machine, system containers, pods, containers). */
  readonly cgroups: () => Promise<readonly string[]>;
  /** One cgroup's cumulative CPU time; undefined when it cannot be read. */
  readonly read: (cgroup: string) => Promise<CpuSample | undefined>;
  readonly clock: Clock;
  /** Housekeeping period (default 10 s, the kubelet's cAdvisor housekeeping interval). */
  readonly intervalMs?: number;
  /** The shortest window a rate is computed over (default 1 s). */
  readonly minWindowMs?: number;
  readonly onError?: (err: unknown) => void;
}

/** Samples cgroups' CPU time periodically and derives usageNanoCores. */
export class CpuUsageSampler {
  private readonly samples = new Map<string, CpuSample[]>();
  private timer: Cancel | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly o: CpuUsageSamplerOptions) {}

  /** Takes a first sample now and then one every interval. */
  start(): void {
    const loop = () => {
      if (this.stopped) return;
      void this.sampleNow().finally(() => {
        if (!this.stopped) this.timer = this.o.clock.after(this.o.intervalMs ?? 10_000, loop);
      });
    };
    loop();
  }

  /** Stops sampling; resolves once a round in progress finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.();
    await this.running;
  }

  /** One housekeeping round: every current cgroup sampled, cgroups that went away forgotten. */
  sampleNow(): Promise<void> {
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /** usageNanoCores of `cgroup` from a fresh reading; undefined without an old enough sample. */
  rate(cgroup: string, current: CpuSample): number | undefined {
    const minWindow = this.o.minWindowMs ?? 1000;
    const history = this.samples.get(cgroup) ?? [];
    for (let i = history.length - 1; i >= 0; i--) {
      const s = history[i]!;
      if (current.time - s.time < minWindow) continue;
      const used = current.usageCoreNanoSeconds - s.usageCoreNanoSeconds;
      // A counter that went down belongs to a new cgroup of the same name: no rate until resampled.
      if (used < 0) return undefined;
      return Math.round(used / ((current.time - s.time) / 1000));
    }
    return undefined;
  }

  private async round(): Promise<void> {
    try {
      const cgroups = new Set(await this.o.cgroups());
      for (const known of [...this.samples.keys()]) if (!cgroups.has(known)) this.samples.delete(known);
      await Promise.all(
        [...cgroups].map(async (cgroup) => {
          const sample = await this.o.read(cgroup);
          if (sample === undefined) return;
          const history = this.samples.get(cgroup) ?? [];
          history.push(sample);
          if (history.length > 2) history.shift();
          this.samples.set(cgroup, history);
        }),
      );
    } catch (err) {
      this.o.onError?.(err);
    }
  }
}
