/** Data a plugin keeps in the CycleState; `clone` gives preemption its own copy to change. */
export interface StateData {
  clone(): StateData;
}

/**
 * Per-scheduling-cycle scratch space shared by the plugins (upstream's CycleState): PreFilter and
 * PreScore compute once per pod what Filter and Score read per node.
 */
export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not called this cycle. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not called this cycle. */
  readonly skipScorePlugins = new Set<string>();
  /** The Filter plugins to run this cycle (those not skipped), set by the framework after PreFilter. */
  filterPlugins: readonly unknown[] | undefined = undefined;

  /** Reads the state stored under `key`. */
  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** Stores `value` under `key`. */
  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  /** A copy whose entries are the entries' own clones. */
  clone(): CycleState {
    const copy = new CycleState();
    for (const [k, v] of this.data) copy.data.set(k, v.clone());
    for (const p of this.skipFilterPlugins) copy.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) copy.skipScorePlugins.add(p);
    copy.filterPlugins = this.filterPlugins;
    return copy;
  }
}

/**
 * A reader for one key that remembers the last cycle's value: Score runs once per node with the
 * same CycleState, so the map lookup is done once per cycle instead of once per node. Use it only
 * for keys written before the first read of a cycle (PreScore state read by Score).
 */
export function cachedStateReader<T extends StateData>(key: string): (state: CycleState) => T | undefined {
  let last: CycleState | undefined;
  let value: T | undefined;
  return (state) => {
    if (state !== last) {
      last = state;
      value = state.read<T>(key);
    }
    return value;
  };
}
