import { GoDurationError, parseGoDuration } from '../base/go-duration.js';
import type { NodeLifecycleSettings } from '../controllers/node-lifecycle/index.js';
import type { FlagSpec, FlagValues } from './command.js';

/**
 * The node lifecycle controller's timing flags, named and defaulted as kube-controller-manager
 * 1.32 has them; `k8ts controller-manager` and `k8ts server` both take them.
 */
export const nodeLifecycleFlags: Readonly<Record<string, FlagSpec>> = {
  'node-monitor-grace-period': {
    type: 'string',
    placeholder: 'DURATION',
    default: '50s',
    description: 'how long a running node may stop heartbeating before it is marked unhealthy',
  },
  'node-monitor-period': {
    type: 'string',
    placeholder: 'DURATION',
    default: '5s',
    description: 'how often the node lifecycle controller checks node health',
  },
  'node-startup-grace-period': {
    type: 'string',
    placeholder: 'DURATION',
    default: '1m0s',
    description: 'how long a starting node may stay silent before it is marked unhealthy',
  },
};

// Flag name → the NodeLifecycleSettings field it sets.
const settingOf = {
  'node-monitor-grace-period': 'nodeMonitorGracePeriodMs',
  'node-monitor-period': 'nodeMonitorPeriodMs',
  'node-startup-grace-period': 'nodeStartupGracePeriodMs',
} as const;

/**
 * The node lifecycle settings from parsed flags (Go durations); throws with pflag's message, e.g.
 * `invalid argument "soon" for "--node-monitor-grace-period" flag: time: invalid duration "soon"`.
 */
export function nodeLifecycleSettings(flags: FlagValues): NodeLifecycleSettings {
  const settings: { -readonly [K in keyof NodeLifecycleSettings]: NodeLifecycleSettings[K] } = {};
  for (const [flag, field] of Object.entries(settingOf)) {
    const value = flags[flag];
    if (typeof value !== 'string') continue;
    try {
      settings[field] = parseGoDuration(value);
    } catch (err) {
      if (!(err instanceof GoDurationError)) throw err;
      throw new Error(`invalid argument ${JSON.stringify(value)} for "--${flag}" flag: ${err.message}`, {
        cause: err,
      });
    }
  }
  return settings;
}
