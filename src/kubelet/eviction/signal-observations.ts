// A summary turned into one observation per signal (upstream makeSignalObservations): how much is
// available, out of what capacity, and when it was measured. Memory capacity is available +
// working set, which is how a percentage threshold on memory gets its base.
import type { EvictionSignal } from './signals.js';
import type { FsObservation, StatsSummary } from './stats-provider.js';

/** One signal's observation. */
export interface SignalObservation {
  readonly available: number;
  readonly capacity: number;
  readonly time: number;
}

/** Signal → observation; a signal without data is absent. */
export type SignalObservations = ReadonlyMap<EvictionSignal, SignalObservation>;

function addFs(
  out: Map<EvictionSignal, SignalObservation>,
  fs: FsObservation | undefined,
  bytes: EvictionSignal,
  inodes: EvictionSignal,
): void {
  if (fs === undefined) return;
  out.set(bytes, { available: fs.availableBytes, capacity: fs.capacityBytes, time: fs.time });
  if (fs.inodes !== undefined && fs.inodesFree !== undefined)
    out.set(inodes, { available: fs.inodesFree, capacity: fs.inodes, time: fs.time });
}

/** The observations a summary supports. */
export function signalObservations(summary: StatsSummary): SignalObservations {
  const out = new Map<EvictionSignal, SignalObservation>();
  for (const [signal, m] of [
    ['memory.available', summary.memory],
    ['allocatableMemory.available', summary.allocatableMemory],
  ] as const) {
    if (m !== undefined)
      out.set(signal, {
        available: m.availableBytes,
        capacity: m.availableBytes + m.workingSetBytes,
        time: m.time,
      });
  }
  addFs(out, summary.nodeFs, 'nodefs.available', 'nodefs.inodesFree');
  // Without a dedicated image filesystem images live on the node's: imagefs then mirrors nodefs,
  // as cAdvisor reports the same device for both.
  addFs(out, summary.imageFs ?? summary.nodeFs, 'imagefs.available', 'imagefs.inodesFree');
  if (summary.pids !== undefined) {
    const p = summary.pids;
    out.set('pid.available', { available: p.maxPid - p.running, capacity: p.maxPid, time: p.time });
  }
  return out;
}
