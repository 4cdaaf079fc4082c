// Eviction signals (upstream eviction/api): each names something the node can run out of, the
// resource reclaimed by evicting pods for it, and the node condition it raises. All are
// "available" quantities compared with LessThan.

/** An eviction signal as --eviction-hard/--eviction-soft spell it. */
export type EvictionSignal =
  | 'memory.available'
  | 'allocatableMemory.available'
  | 'nodefs.available'
  | 'nodefs.inodesFree'
  | 'imagefs.available'
  | 'imagefs.inodesFree'
  | 'pid.available';

/** What evicting a pod frees for a signal. */
export type ReclaimedResource = 'memory' | 'ephemeral-storage' | 'inodes' | 'pids';

/** The node conditions eviction drives. */
export type PressureCondition = 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';

/** Signal → the resource reclaimed for it (upstream signalToResource). */
export const signalResource: Readonly<Record<EvictionSignal, ReclaimedResource>> = {
  'memory.available': 'memory',
  'allocatableMemory.available': 'memory',
  'nodefs.available': 'ephemeral-storage',
  'nodefs.inodesFree': 'inodes',
  'imagefs.available': 'ephemeral-storage',
  'imagefs.inodesFree': 'inodes',
  'pid.available': 'pids',
};

/** Signal → the node condition it raises (upstream signalToNodeCondition). */
export const signalCondition: Readonly<Record<EvictionSignal, PressureCondition>> = {
  'memory.available': 'MemoryPressure',
  'allocatableMemory.available': 'MemoryPressure',
  'nodefs.available': 'DiskPressure',
  'nodefs.inodesFree': 'DiskPressure',
  'imagefs.available': 'DiskPressure',
  'imagefs.inodesFree': 'DiskPressure',
  'pid.available': 'PIDPressure',
};

/** True for a signal name the kubelet knows. */
export function isEvictionSignal(name: string): name is EvictionSignal {
  return Object.prototype.hasOwnProperty.call(signalResource, name);
}

/** True for the two memory signals, which are always dealt with first. */
export function isMemorySignal(signal: EvictionSignal): boolean {
  return signal === 'memory.available' || signal === 'allocatableMemory.available';
}
