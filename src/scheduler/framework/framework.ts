import { systemClock, type Clock } from '../../base/clock.js';
import { createLogger, type Logger } from '../../base/logger.js';
import type { KubeClient } from '../../client/index.js';
import { extensionPoints, type ExtensionPoint, type Profile } from '../config/types.js';
import type { ClusterEventWithHint } from './cluster-event.js';
import type { CycleState } from './cycle-state.js';
import type { Handle, NodeInfoLister, NominatedPodsView, PodEventRecorder } from './handle.js';
import type {
  AnyPlugin,
  BindPlugin,
  FilterPlugin,
  NominatingInfo,
  PermitPlugin,
  PostBindPlugin,
  PostFilterPlugin,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreScorePlugin,
  QueueSortPlugin,
  ReservePlugin,
  ScorePlugin,
} from './interfaces.js';
import type { ClusterListers } from './listers.js';
import type { NodeInfo } from './node-info.js';
import type { NodeToStatus } from './node-to-status.js';
import { enabledPluginNames, expandExtensionPoint, scoreWeights } from './plugin-expansion.js';
import type { PodInfo } from './pod-info.js';
import type { QueuedPodInfo } from './queued-pod-info.js';
import type { PluginRegistry } from './registry.js';
import { Status, isSuccess } from './status.js';
import { WaitingPod, WaitingPods } from './waiting-pods.js';
import { maxNodeScore } from './normalize-score.js';

/** Where the framework reports how long each extension point took. */
export interface FrameworkMetrics {
  extensionPoint(point: string, code: string, profile: string, seconds: number): void;
}

/** What a Framework is built from: one profile (already merged with the defaults) and its context. */
export interface FrameworkOptions {
  readonly profile: Profile;
  readonly registry: PluginRegistry;
  /** The scheduler's snapshot; updated between cycles, never during one. */
  readonly snapshot: NodeInfoLister;
  readonly listers: ClusterListers;
  readonly client?: KubeClient;
  readonly nominator?: NominatedPodsView;
  readonly recorder?: PodEventRecorder;
  readonly metrics?: FrameworkMetrics;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** What RunPreFilterPlugins found. */
export interface PreFilterRun {
  /** Rejection or error; undefined when every PreFilter passed. */
  readonly status: Status | undefined;
  /** The nodes worth filtering, when some plugin narrowed them. */
  readonly nodeNames: ReadonlySet<string> | undefined;
  /** Plugins that narrowed the nodes. */
  readonly narrowedBy: readonly string[];
}

const noNominated: NominatedPodsView = { nominatedPodsForNode: () => [] };
const silentRecorder: PodEventRecorder = { event: () => {} };

function now(): number {
  return performance.now();
}

/**
 * The plugins of one profile and the code that runs them at each extension point (upstream's
 * frameworkImpl). Plugins are built once from the registry with the profile's args.
 */
export class Framework {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly handle: Handle;
  readonly waitingPods = new WaitingPods();
  private readonly instances = new Map<string, AnyPlugin>();
  private readonly points = new Map<ExtensionPoint, AnyPlugin[]>();
  private readonly weights: Map<string, number>;
  private readonly metrics: FrameworkMetrics | undefined;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly scratch: number[][] = [];
  private readonly preEnqueuePlugins: PreEnqueuePlugin[];
  private readonly preFilterPlugins: PreFilterPlugin[];
  private readonly filterPlugins: FilterPlugin[];
  private readonly postFilterPlugins: PostFilterPlugin[];
  private readonly preScorePlugins: PreScorePlugin[];
  private readonly scorePlugins: ScorePlugin[];
  private readonly reservePlugins: ReservePlugin[];
  private readonly permitPlugins: PermitPlugin[];
  private readonly preBindPlugins: PreBindPlugin[];
  private readonly bindPlugins: BindPlugin[];
  private readonly postBindPlugins: PostBindPlugin[];
  private readonly queueSort: QueueSortPlugin | undefined;

  constructor(options: FrameworkOptions) {
    const profile = options.profile;
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    this.metrics = options.metrics;
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? createLogger('scheduler').child(profile.schedulerName);
    const plugins = profile.plugins ?? {};
    this.handle = {
      snapshot: options.snapshot,
      listers: options.listers,
      client: options.client,
      nominator: options.nominator ?? noNominated,
      recorder: options.recorder ?? silentRecorder,
      clock: this.clock,
      log: this.log,
      profileName: profile.schedulerName,
      runFilterPluginsWithNominatedPods: (s, p, n) => this.runFilterPluginsWithNominatedPods(s, p, n),
      runPreFilterExtensionAddPod: (s, p, a, n) => this.runPreFilterExtensionAddPod(s, p, a, n),
      runPreFilterExtensionRemovePod: (s, p, r, n) => this.runPreFilterExtensionRemovePod(s, p, r, n),
      getWaitingPod: (uid) => this.waitingPods.get(uid),
    };
    const args = new Map<string, Readonly<Record<string, unknown>> | undefined>();
    for (const pc of profile.pluginConfig ?? []) {
      if (args.has(pc.name)) throw new Error(`repeated config for plugin ${pc.name}`);
      args.set(pc.name, pc.args);
    }
    for (const name of enabledPluginNames(plugins)) {
      const factory = options.registry.get(name);
      if (factory === undefined) throw new Error(`plugin "${name}" does not exist`);
      const plugin = factory(args.get(name), this.handle);
      this.instances.set(name, plugin);
    }
    for (const point of extensionPoints) {
      const names = expandExtensionPoint(point, plugins, this.instances);
      this.points.set(
        point,
        names.map((n) => this.instances.get(n)!),
      );
    }
    this.weights = scoreWeights(plugins);
    const at = <T>(p: ExtensionPoint) => (this.points.get(p) ?? []) as unknown as T[];
    this.preEnqueuePlugins = at('preEnqueue');
    this.preFilterPlugins = at('preFilter');
    this.filterPlugins = at('filter');
    this.postFilterPlugins = at('postFilter');
    this.preScorePlugins = at('preScore');
    this.scorePlugins = at('score');
    this.reservePlugins = at('reserve');
    this.permitPlugins = at('permit');
    this.preBindPlugins = at('preBind');
    this.bindPlugins = at('bind');
    this.postBindPlugins = at('postBind');
    const sorts = at<QueueSortPlugin>('queueSort');
    if (sorts.length > 1) throw new Error('only one queue sort plugin can be enabled');
    this.queueSort = sorts[0];
    if (this.bindPlugins.length === 0) throw new Error('at least one bind plugin is needed');
  }

  /** The plugin instance named `name`, if enabled. */
  plugin(name: string): AnyPlugin | undefined {
    return this.instances.get(name);
  }

  /** The names of the plugins at an extension point, in run order. */
  pluginsAt(point: ExtensionPoint): string[] {
    return (this.points.get(point) ?? []).map((p) => p.name);
  }

  /** The score weight of a plugin. */
  scoreWeight(name: string): number {
    return this.weights.get(name) ?? 1;
  }

  /** The name of the QueueSort plugin ("" when none). */
  get queueSortName(): string {
    return this.queueSort?.name ?? '';
  }

  /** QueueSort's ordering; FIFO by timestamp when no plugin is enabled. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return this.queueSort !== undefined ? this.queueSort.less(a, b) : a.timestamp < b.timestamp;
  }

  /** The events each plugin registered (plugins that register none react to every event). */
  eventsToRegister(): Map<string, readonly ClusterEventWithHint[] | undefined> {
    const out = new Map<string, readonly ClusterEventWithHint[] | undefined>();
    for (const [name, p] of this.instances)
      out.set(name, p.eventsToRegister ? p.eventsToRegister() : undefined);
    return out;
  }

  /** True when the profile has PostFilter plugins (preemption). */
  get hasPostFilterPlugins(): boolean {
    return this.postFilterPlugins.length > 0;
  }

  /** True when the profile has Filter plugins. */
  get hasFilterPlugins(): boolean {
    return this.filterPlugins.length > 0;
  }

  /** True when the profile has Score plugins. */
  get hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }

  /** Runs PreEnqueue; the first rejection keeps the pod out of the active queue. */
  runPreEnqueuePlugins(pod: PodInfo): Status | undefined {
    for (const pl of this.preEnqueuePlugins) {
      let s: Status | undefined;
      try {
        s = pl.preEnqueue(pod);
      } catch (err) {
        s = Status.fromError(err);
      }
      if (!isSuccess(s)) return s!.withPlugin(pl.name);
    }
    return undefined;
  }

  /**
   * Runs PreFilter. An UnschedulableAndUnresolvable rejection stops at once; an Unschedulable one
   * lets the rest run (so their state exists for preemption) and is returned at the end.
   */
  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterRun {
    const start = now();
    let status: Status | undefined;
    let nodeNames: Set<string> | undefined;
    const narrowedBy: string[] = [];
    try {
      for (const pl of this.preFilterPlugins) {
        let r;
        try {
          r = pl.preFilter(state, pod, nodes);
        } catch (err) {
          r = { status: Status.fromError(err) };
        }
        const s = r?.status;
        if (s?.code === 'Skip') {
          state.skipFilterPlugins.add(pl.name);
          continue;
        }
        if (!isSuccess(s)) {
          const withPlugin = s!.withPlugin(pl.name);
          if (s!.code === 'UnschedulableAndUnresolvable') {
            status = withPlugin;
            return { status, nodeNames, narrowedBy };
          }
          if (s!.code === 'Unschedulable') {
            status = withPlugin;
            continue;
          }
          status = new Status(
            'Error',
            [`running PreFilter plugin "${pl.name}": ${s!.message()}`],
            pl.name,
            s!.error,
          );
          return { status, nodeNames: undefined, narrowedBy: [] };
        }
        if (r?.nodeNames !== undefined) {
          narrowedBy.push(pl.name);
          nodeNames =
            nodeNames === undefined
              ? new Set(r.nodeNames)
              : new Set([...nodeNames].filter((n) => r.nodeNames!.has(n)));
          if (nodeNames.size === 0) {
            const sorted = [...narrowedBy].sort();
            const msg =
              sorted.length === 1
                ? `node(s) didn't satisfy plugin ${sorted[0]}`
                : `node(s) didn't satisfy plugin(s) [${sorted.join(' ')}] simultaneously`;
            status = Status.unresolvable(msg);
            return { status, nodeNames, narrowedBy };
          }
        }
      }
      return { status, nodeNames, narrowedBy };
    } finally {
      state.filterPlugins = this.filterPlugins.filter((p) => !state.skipFilterPlugins.has(p.name));
      this.observe('PreFilter', status, start);
    }
  }

  /** Tells the PreFilter extensions that `toAdd` now counts on `node` (a what-if for preemption). */
  runPreFilterExtensionAddPod(
    state: CycleState,
    pod: PodInfo,
    toAdd: PodInfo,
    node: NodeInfo,
  ): Status | undefined {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (ext === undefined) continue;
      const s = ext.addPod(state, pod, toAdd, node);
      if (!isSuccess(s)) return s;
    }
    return undefined;
  }

  /** Tells the PreFilter extensions that `toRemove` no longer counts on `node`. */
  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: PodInfo,
    toRemove: PodInfo,
    node: NodeInfo,
  ): Status | undefined {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (ext === undefined) continue;
      const s = ext.removePod(state, pod, toRemove, node);
      if (!isSuccess(s)) return s;
    }
    return undefined;
  }

  /** Runs Filter on one node; the first non-success status (with its plugin) is the answer. */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const filters = (state.filterPlugins as readonly FilterPlugin[] | undefined) ?? this.filterPlugins;
    for (let i = 0; i < filters.length; i++) {
      const pl = filters[i]!;
      let s: Status | undefined;
      try {
        s = pl.filter(state, pod, node);
      } catch (err) {
        s = Status.fromError(err);
      }
      if (s !== undefined && s.code !== 'Success') {
        if (s.code === 'Error')
          return new Status(
            'Error',
            [`running "${pl.name}" filter plugin: ${s.message()}`],
            pl.name,
            s.error,
          );
        return s.withPlugin(pl.name);
      }
    }
    return undefined;
  }

  /**
   * Filter with the pods nominated to the node that have at least the pod's priority counted as
   * running, then (if that passed and such pods exist) without them: the pod must fit both ways.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Status | undefined {
    const nominated = this.handle.nominator.nominatedPodsForNode(node.name);
    if (nominated.length > 0) {
      let stateOut: CycleState | undefined;
      let nodeOut: NodeInfo | undefined;
      for (const np of nominated) {
        if (np.priority < pod.priority || np.uid === pod.uid) continue;
        stateOut ??= state.clone();
        nodeOut ??= node.clone();
        nodeOut.addPod(np);
        const s = this.runPreFilterExtensionAddPod(stateOut, pod, np, nodeOut);
        if (!isSuccess(s)) return Status.fromError(new Error(s!.message()));
      }
      if (stateOut !== undefined && nodeOut !== undefined) {
        const first = this.runFilterPlugins(stateOut, pod, nodeOut);
        if (!isSuccess(first)) return first;
      }
    }
    return this.runFilterPlugins(state, pod, node);
  }

  /** Runs PostFilter plugins until one succeeds (or fails with an error). */
  async runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    statuses: NodeToStatus,
  ): Promise<{ nominatingInfo: NominatingInfo | undefined; status: Status | undefined }> {
    const start = now();
    const reasons: string[] = [];
    let rejectorPlugin = '';
    let result: { nominatingInfo: NominatingInfo | undefined; status: Status | undefined } = {
      nominatingInfo: undefined,
      status: undefined,
    };
    try {
      for (const pl of this.postFilterPlugins) {
        let out;
        try {
          out = await pl.postFilter(state, pod, statuses);
        } catch (err) {
          out = { status: Status.fromError(err) };
        }
        const s = out.status;
        if (isSuccess(s)) return (result = { nominatingInfo: out.nominatingInfo, status: s });
        if (s!.code === 'UnschedulableAndUnresolvable')
          return (result = { nominatingInfo: out.nominatingInfo, status: s!.withPlugin(pl.name) });
        if (!s!.isRejected()) return (result = { nominatingInfo: undefined, status: s!.withPlugin(pl.name) });
        reasons.push(...s!.reasons);
        if (rejectorPlugin === '') rejectorPlugin = pl.name;
        if (out.nominatingInfo !== undefined)
          result = { nominatingInfo: out.nominatingInfo, status: undefined };
      }
      result = {
        nominatingInfo: result.nominatingInfo,
        status: new Status('Unschedulable', reasons, rejectorPlugin),
      };
      return result;
    } finally {
      this.observe('PostFilter', result.status, start);
    }
  }

  /** Runs PreScore; plugins returning Skip are not scored this cycle. */
  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | undefined {
    const start = now();
    let status: Status | undefined;
    try {
      for (const pl of this.preScorePlugins) {
        let s: Status | undefined;
        try {
          s = pl.preScore(state, pod, nodes);
        } catch (err) {
          s = Status.fromError(err);
        }
        if (s?.code === 'Skip') {
          state.skipScorePlugins.add(pl.name);
          continue;
        }
        if (!isSuccess(s)) {
          status = new Status(
            'Error',
            [`running PreScore plugin "${pl.name}": ${s!.message()}`],
            pl.name,
            s!.error,
          );
          return status;
        }
      }
      return undefined;
    } finally {
      this.observe('PreScore', status, start);
    }
  }

  /**
   * Scores every node with every (non-skipped) Score plugin, normalizes each plugin's scores to
   * 0–100 and returns the weighted totals, aligned with `nodes`.
   */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): number[] | Status {
    const start = now();
    let status: Status | undefined;
    try {
      const totals = new Array<number>(nodes.length).fill(0);
      let k = 0;
      for (const pl of this.scorePlugins) {
        if (state.skipScorePlugins.has(pl.name)) continue;
        const scores = (this.scratch[k++] ??= []);
        scores.length = nodes.length;
        try {
          for (let i = 0; i < nodes.length; i++) scores[i] = pl.score(state, pod, nodes[i]!);
          if (pl.normalizeScore) {
            const s = pl.normalizeScore(state, pod, scores, nodes);
            if (!isSuccess(s)) {
              status = new Status('Error', [`running Normalize on Score plugins: ${s!.message()}`], pl.name);
              return status;
            }
          }
        } catch (err) {
          status = new Status(
            'Error',
            [`plugin "${pl.name}" failed with: ${(err as Error).message}`],
            pl.name,
          );
          return status;
        }
        const weight = this.scoreWeight(pl.name);
        for (let i = 0; i < nodes.length; i++) {
          const s = scores[i]!;
          if (s > maxNodeScore || s < 0) {
            status = new Status(
              'Error',
              [
                `applying score defaultWeights on Score plugins: plugin "${pl.name}" returns an invalid score ${s}, it should in the range of [0, ${maxNodeScore}] after normalizing`,
              ],
              pl.name,
            );
            return status;
          }
          totals[i]! += s * weight;
        }
      }
      return totals;
    } finally {
      this.observe('Score', status, start);
    }
  }

  /** Runs Reserve in order; on failure the caller runs Unreserve. */
  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Status | undefined {
    const start = now();
    let status: Status | undefined;
    try {
      for (const pl of this.reservePlugins) {
        let s: Status | undefined;
        try {
          s = pl.reserve(state, pod, nodeName);
        } catch (err) {
          s = Status.fromError(err);
        }
        if (!isSuccess(s)) {
          status = s!.isRejected()
            ? s!.withPlugin(pl.name)
            : new Status('Error', [`running Reserve plugin "${pl.name}": ${s!.message()}`], pl.name);
          return status;
        }
      }
      return undefined;
    } finally {
      this.observe('Reserve', status, start);
    }
  }

  /** Runs Unreserve in reverse order; failures are logged, never returned. */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    const start = now();
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) {
      const pl = this.reservePlugins[i]!;
      try {
        pl.unreserve(state, pod, nodeName);
      } catch (err) {
        this.log.error('unreserve failed', { plugin: pl.name, pod: pod.key, err });
      }
    }
    this.observe('Unreserve', undefined, start);
  }

  /** Runs Permit; a Wait from any plugin parks the pod in waitingPods and returns Wait. */
  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | undefined {
    const start = now();
    let status: Status | undefined;
    const timeouts = new Map<string, number>();
    try {
      for (const pl of this.permitPlugins) {
        let out;
        try {
          out = pl.permit(state, pod, nodeName);
        } catch (err) {
          out = { status: Status.fromError(err) };
        }
        const s = out.status;
        if (isSuccess(s)) continue;
        if (s!.isRejected()) return (status = s!.withPlugin(pl.name));
        if (s!.code === 'Wait') {
          // Upstream caps a permit wait at 15 minutes.
          timeouts.set(pl.name, Math.min(out.timeoutMs ?? 0, 15 * 60_000));
          continue;
        }
        return (status = new Status(
          'Error',
          [`running Permit plugin "${pl.name}": ${s!.message()}`],
          pl.name,
        ));
      }
      if (timeouts.size > 0) {
        this.waitingPods.add(new WaitingPod(pod, timeouts, this.clock));
        status = new Status('Wait', [
          `one or more plugins asked to wait and no plugin rejected pod "${pod.name}"`,
        ]);
      }
      return status;
    } finally {
      this.observe('Permit', status, start);
    }
  }

  /** Waits until a pod parked by Permit is allowed or rejected. */
  async waitOnPermit(pod: PodInfo): Promise<Status | undefined> {
    const waiting = this.waitingPods.get(pod.uid);
    if (waiting === undefined) return undefined;
    try {
      return await waiting.result;
    } finally {
      this.waitingPods.remove(pod.uid);
    }
  }

  /** Runs PreBind in order; the first failure stops the binding. */
  async runPreBindPlugins(
    state: CycleState,
    pod: PodInfo,
    nodeName: string,
    signal: AbortSignal,
  ): Promise<Status | undefined> {
    const start = now();
    let status: Status | undefined;
    try {
      for (const pl of this.preBindPlugins) {
        let s: Status | undefined;
        try {
          s = await pl.preBind(state, pod, nodeName, signal);
        } catch (err) {
          s = Status.fromError(err);
        }
        if (!isSuccess(s) && s!.code !== 'Skip') {
          status = s!.isRejected()
            ? s!.withPlugin(pl.name)
            : new Status(
                'Error',
                [`running PreBind plugin "${pl.name}": ${s!.message()}`],
                pl.name,
                s!.error,
              );
          return status;
        }
      }
      return undefined;
    } finally {
      this.observe('PreBind', status, start);
    }
  }

  /** Runs Bind plugins until one does not Skip. */
  async runBindPlugins(
    state: CycleState,
    pod: PodInfo,
    nodeName: string,
    signal: AbortSignal,
  ): Promise<Status | undefined> {
    const start = now();
    let status: Status | undefined = new Status('Skip');
    try {
      for (const pl of this.bindPlugins) {
        let s: Status | undefined;
        try {
          s = await pl.bind(state, pod, nodeName, signal);
        } catch (err) {
          s = Status.fromError(err);
        }
        if (s?.code === 'Skip') continue;
        if (!isSuccess(s)) {
          status = s!.isRejected()
            ? s!.withPlugin(pl.name)
            : new Status('Error', [`running Bind plugin "${pl.name}": ${s!.message()}`], pl.name, s!.error);
          return status;
        }
        status = undefined;
        return undefined;
      }
      return status;
    } finally {
      this.observe('Bind', status, start);
    }
  }

  /** Runs PostBind (informational). */
  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    const start = now();
    for (const pl of this.postBindPlugins) {
      try {
        pl.postBind(state, pod, nodeName);
      } catch (err) {
        this.log.error('postBind failed', { plugin: pl.name, pod: pod.key, err });
      }
    }
    this.observe('PostBind', undefined, start);
  }

  private observe(point: string, status: Status | undefined, start: number): void {
    this.metrics?.extensionPoint(point, status?.code ?? 'Success', this.profileName, (now() - start) / 1000);
  }
}
