import type { PluginRef, Plugins, Profile, SchedulerConfiguration } from './types.js';

/** The name of the default profile, and of pods' default scheduler. */
export const defaultSchedulerName = 'default-scheduler';

/**
 * The default plugins of every profile (upstream 1.32's getDefaultPlugins), all under multiPoint:
 * each runs at every extension point it implements, in this order, with these score weights.
 * NodeVolumeLimits and VolumeZone are not implemented here.
 */
export const defaultMultiPoint: readonly PluginRef[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'VolumeBinding' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** The default plugin sets. */
export function defaultPlugins(): Plugins {
  return { multiPoint: { enabled: defaultMultiPoint } };
}

/** The default profile. */
export function defaultProfile(): Profile {
  return { schedulerName: defaultSchedulerName, plugins: defaultPlugins() };
}

/** The configuration used without --config. */
export function defaultConfiguration(): SchedulerConfiguration {
  return {
    profiles: [defaultProfile()],
    percentageOfNodesToScore: 0,
    podInitialBackoffMs: 1000,
    podMaxBackoffMs: 10_000,
    leaderElection: {
      leaderElect: true,
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      resourceNamespace: 'kube-system',
      resourceName: 'kube-scheduler',
    },
    clientConnection: { qps: 50, burst: 100 },
  };
}
