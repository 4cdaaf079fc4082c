// The kubelet's eviction manager: thresholds from flags, observations from a StatsProvider,
// pressure conditions, admission under pressure, ranking and one eviction per round.
export { directoryUsage, type DirectoryUsage } from './directory-usage.js';
export {
  EvictionManager,
  type EvictionManagerOptions,
  type EvictionRequest,
  type NodeReclaimer,
} from './eviction-manager.js';
export { evictionMessage } from './eviction-message.js';
export { localStorageViolations, type LocalStorageViolation } from './local-storage-eviction.js';
export { NodeStatsProvider, type NodeStatsProviderOptions } from './node-stats-provider.js';
export { admitUnderPressure, type AdmitResult } from './pod-admission.js';
export { rankDiskPressure, rankerFor, rankMemoryPressure, rankPidPressure } from './pod-ranking.js';
export {
  signalObservations,
  type SignalObservation,
  type SignalObservations,
} from './signal-observations.js';
export type { EvictionSignal, PressureCondition, ReclaimedResource } from './signals.js';
export {
  FakeStatsProvider,
  type ContainerUsage,
  type FsObservation,
  type MemoryObservation,
  type PodUsage,
  type StatsProvider,
  type StatsSummary,
  type VolumeUsage,
} from './stats-provider.js';
export {
  defaultEvictionHard,
  isHardThreshold,
  parseThresholdConfig,
  type Threshold,
  type ThresholdConfig,
  type ThresholdValue,
} from './threshold-config.js';
