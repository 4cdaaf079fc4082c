import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { parseGoDuration } from '../../base/go-duration.js';
import { defaultConfiguration, defaultPlugins, defaultSchedulerName } from './defaults.js';
import { mergePlugins } from './merge-plugins.js';
import type { PluginConfig, Plugins, Profile, SchedulerConfiguration } from './types.js';

/** The config API version this scheduler reads. */
export const configApiVersion = 'kubescheduler.config.k8s.io/v1';

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown, field: string, fallback: number): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new Error(`${field}: must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function duration(v: unknown, field: string, fallbackMs: number): number {
  if (v === undefined || v === null) return fallbackMs;
  if (typeof v !== 'string') throw new Error(`${field}: must be a duration such as "15s"`);
  return parseGoDuration(v);
}

function profileOf(raw: unknown, i: number): Profile {
  if (!isObject(raw)) throw new Error(`profiles[${i}]: must be an object`);
  const schedulerName = raw['schedulerName'] ?? defaultSchedulerName;
  if (typeof schedulerName !== 'string' || schedulerName === '')
    throw new Error(`profiles[${i}].schedulerName: Required value`);
  const pct = raw['percentageOfNodesToScore'];
  if (pct !== undefined && (typeof pct !== 'number' || pct < 0 || pct > 100))
    throw new Error(
      `profiles[${i}].percentageOfNodesToScore: Invalid value: ${String(pct)}: not in valid range [0-100]`,
    );
  const pluginConfig = raw['pluginConfig'];
  if (pluginConfig !== undefined && !Array.isArray(pluginConfig))
    throw new Error(`profiles[${i}].pluginConfig: must be a list`);
  const seen = new Set<string>();
  for (const [j, pc] of (pluginConfig ?? []).entries()) {
    if (!isObject(pc) || typeof pc['name'] !== 'string')
      throw new Error(`profiles[${i}].pluginConfig[${j}].name: Required value`);
    if (seen.has(pc['name']))
      throw new Error(`profiles[${i}].pluginConfig[${j}]: Duplicate value: "${pc['name']}"`);
    seen.add(pc['name']);
  }
  return {
    schedulerName,
    ...(pct !== undefined ? { percentageOfNodesToScore: pct } : {}),
    plugins: mergePlugins(defaultPlugins(), raw['plugins'] as Plugins | undefined),
    pluginConfig: (pluginConfig ?? []) as PluginConfig[],
  };
}

/**
 * A KubeSchedulerConfiguration object (already parsed) with upstream's defaults applied and its
 * fields checked; throws an Error naming the offending field.
 */
export function completeConfiguration(raw: unknown): SchedulerConfiguration {
  const d = defaultConfiguration();
  if (raw === undefined || raw === null) return d;
  if (!isObject(raw)) throw new Error('the configuration must be an object');
  if (raw['apiVersion'] !== configApiVersion)
    throw new Error(
      `no kind "KubeSchedulerConfiguration" is registered for version "${String(raw['apiVersion'])}"`,
    );
  if (raw['kind'] !== 'KubeSchedulerConfiguration')
    throw new Error(`unexpected kind "${String(raw['kind'])}"`);
  const pct = num(raw['percentageOfNodesToScore'], 'percentageOfNodesToScore', 0);
  if (pct < 0 || pct > 100)
    throw new Error(`percentageOfNodesToScore: Invalid value: ${pct}: not in valid range [0-100]`);
  const initial = num(raw['podInitialBackoffSeconds'], 'podInitialBackoffSeconds', 1);
  const max = num(raw['podMaxBackoffSeconds'], 'podMaxBackoffSeconds', 10);
  if (initial <= 0)
    throw new Error(`podInitialBackoffSeconds: Invalid value: ${initial}: must be greater than 0`);
  if (max < initial)
    throw new Error(
      `podMaxBackoffSeconds: Invalid value: ${max}: must be greater than or equal to PodInitialBackoffSeconds`,
    );
  const rawProfiles = raw['profiles'];
  if (rawProfiles !== undefined && !Array.isArray(rawProfiles)) throw new Error('profiles: must be a list');
  const profiles = (rawProfiles ?? [{}]).map(profileOf);
  if (profiles.length === 0) profiles.push(profileOf({}, 0));
  const names = new Set<string>();
  for (const [i, p] of profiles.entries()) {
    if (names.has(p.schedulerName))
      throw new Error(`profiles[${i}].schedulerName: Duplicate value: "${p.schedulerName}"`);
    names.add(p.schedulerName);
  }
  const le = isObject(raw['leaderElection']) ? raw['leaderElection'] : {};
  const cc = isObject(raw['clientConnection']) ? raw['clientConnection'] : {};
  return {
    profiles,
    percentageOfNodesToScore: pct,
    podInitialBackoffMs: initial * 1000,
    podMaxBackoffMs: max * 1000,
    leaderElection: {
      leaderElect: typeof le['leaderElect'] === 'boolean' ? le['leaderElect'] : d.leaderElection.leaderElect,
      leaseDurationMs: duration(
        le['leaseDuration'],
        'leaderElection.leaseDuration',
        d.leaderElection.leaseDurationMs,
      ),
      renewDeadlineMs: duration(
        le['renewDeadline'],
        'leaderElection.renewDeadline',
        d.leaderElection.renewDeadlineMs,
      ),
      retryPeriodMs: duration(
        le['retryPeriod'],
        'leaderElection.retryPeriod',
        d.leaderElection.retryPeriodMs,
      ),
      resourceNamespace:
        typeof le['resourceNamespace'] === 'string' ? le['resourceNamespace'] : 'kube-system',
      resourceName: typeof le['resourceName'] === 'string' ? le['resourceName'] : 'kube-scheduler',
    },
    clientConnection: {
      qps: num(cc['qps'], 'clientConnection.qps', d.clientConnection.qps),
      burst: num(cc['burst'], 'clientConnection.burst', d.clientConnection.burst),
      ...(typeof cc['kubeconfig'] === 'string' && cc['kubeconfig'] !== ''
        ? { kubeconfig: cc['kubeconfig'] }
        : {}),
    },
  };
}

/** Parses a KubeSchedulerConfiguration document (YAML or JSON). */
export function parseConfiguration(text: string): SchedulerConfiguration {
  return completeConfiguration(parse(text) as unknown);
}

/** Reads and parses the --config file. */
export async function loadConfigurationFile(path: string): Promise<SchedulerConfiguration> {
  return parseConfiguration(await readFile(path, 'utf8'));
}
