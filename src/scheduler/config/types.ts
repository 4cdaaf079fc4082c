// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) as the scheduler uses it, after
// defaulting: durations in milliseconds, every profile present.

/** A plugin named in a plugin set, with its score weight (0 = unset). */
export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}

/** Enabled and disabled plugins of one extension point ("*" disables every default). */
export interface PluginSet {
  readonly enabled?: readonly PluginRef[];
  readonly disabled?: readonly PluginRef[];
}

/** The extension points a profile can configure. */
export const extensionPoints = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;

/** One extension point's name as the config spells it. */
export type ExtensionPoint = (typeof extensionPoints)[number];

/** The plugins of a profile: per extension point, plus multiPoint (every point a plugin implements). */
export type Plugins = { readonly [K in ExtensionPoint | 'multiPoint']?: PluginSet };

/** Args for one plugin, as given under pluginConfig. */
export interface PluginConfig {
  readonly name: string;
  readonly args?: Readonly<Record<string, unknown>>;
}

/** One scheduling profile: a schedulerName and its plugins. */
export interface Profile {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore?: number;
  readonly plugins?: Plugins;
  readonly pluginConfig?: readonly PluginConfig[];
}

/** Leader election settings (componentbaseconfig.LeaderElectionConfiguration). */
export interface LeaderElectionSettings {
  readonly leaderElect: boolean;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly resourceNamespace: string;
  readonly resourceName: string;
}

/** The defaulted configuration. */
export interface SchedulerConfiguration {
  readonly profiles: readonly Profile[];
  /** 0 means upstream's adaptive percentage. */
  readonly percentageOfNodesToScore: number;
  readonly podInitialBackoffMs: number;
  readonly podMaxBackoffMs: number;
  readonly leaderElection: LeaderElectionSettings;
  readonly clientConnection: { readonly qps: number; readonly burst: number; readonly kubeconfig?: string };
}
