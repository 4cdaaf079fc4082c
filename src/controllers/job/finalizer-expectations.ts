// The pod UIDs whose tracking-finalizer removal a Job still waits to observe (upstream's
// uidTrackingExpectations): until then those pods are not counted twice.

/** Per Job key, the set of pod UIDs with a pending finalizer removal. */
export class FinalizerExpectations {
  private readonly byKey = new Map<string, Set<string>>();

  /** The UIDs awaited for `key` (a copy). */
  expected(key: string): Set<string> {
    return new Set(this.byKey.get(key));
  }

  /** Awaits the finalizer removal of these pods. */
  expectRemoved(key: string, uids: readonly string[]): void {
    const set = this.byKey.get(key) ?? new Set<string>();
    for (const uid of uids) set.add(uid);
    this.byKey.set(key, set);
  }

  /** The removal for `uid` was seen, or will not happen. */
  observed(key: string, uid: string): void {
    const set = this.byKey.get(key);
    if (set === undefined) return;
    set.delete(uid);
    if (set.size === 0) this.byKey.delete(key);
  }

  /** Forgets a deleted Job. */
  delete(key: string): void {
    this.byKey.delete(key);
  }
}
