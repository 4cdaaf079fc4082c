import { FakeClock } from '../../base/clock.js';
import { createLogger } from '../../base/logger.js';
import { Snapshot } from '../cache/snapshot.js';
import { defaultPlugins } from '../config/defaults.js';
import { mergePlugins } from '../config/merge-plugins.js';
import type { PluginConfig, Plugins } from '../config/types.js';
import { Framework } from '../framework/framework.js';
import type { NominatedPodsView } from '../framework/handle.js';
import { staticListers, type ClusterListers } from '../framework/listers.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PluginRegistry } from '../framework/registry.js';
import { inTreeRegistry } from '../plugins/registry.js';

/** What testFramework builds from. */
export interface TestFrameworkOptions {
  readonly nodes?: readonly NodeInfo[];
  /** Merged into the default plugins (default: the defaults). */
  readonly plugins?: Plugins;
  readonly pluginConfig?: readonly PluginConfig[];
  readonly listers?: Partial<ClusterListers>;
  readonly nominator?: NominatedPodsView;
  readonly registry?: PluginRegistry;
  readonly schedulerName?: string;
}

/** A Framework over a snapshot of fixed nodes, with the in-tree plugins and no API client. */
export function testFramework(options: TestFrameworkOptions = {}): {
  fwk: Framework;
  snapshot: Snapshot;
  clock: FakeClock;
} {
  const snapshot = Snapshot.of(options.nodes ?? []);
  const clock = new FakeClock();
  const fwk = new Framework({
    profile: {
      schedulerName: options.schedulerName ?? 'default-scheduler',
      plugins: mergePlugins(defaultPlugins(), options.plugins),
      pluginConfig: options.pluginConfig ?? [],
    },
    registry: options.registry ?? inTreeRegistry(),
    snapshot,
    listers: staticListers(options.listers),
    ...(options.nominator ? { nominator: options.nominator } : {}),
    clock,
    log: createLogger('test', { level: 'error' }),
  });
  return { fwk, snapshot, clock };
}
