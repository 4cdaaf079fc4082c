// A memo for values computed from strings that recur, but without bound in number (field names,
// label keys, quantities): it forgets everything once full, so a stream of one-off strings costs
// memory up to the bound and leaves the recurring ones to be learned again.

/** A string-keyed memo holding at most `capacity` entries. */
export class BoundedMemo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  /** The value for `key`, computing and remembering it on a miss. */
  get(key: string, compute: (key: string) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = compute(key);
      if (this.values.size >= this.capacity) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}
