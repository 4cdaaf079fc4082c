import type { Backend, KeyValue } from '../../storage/backend.js';
import { AllocationBitmap } from './allocation-bitmap.js';
import { isAllocationError } from './allocation-error.js';
import { decodeRangeAllocation, encodeRangeAllocation } from './range-allocation-document.js';

/** What a RangeStore persists and how it reads a document written for another range. */
export interface RangeStoreOptions {
  readonly backend: Backend;
  /** The one storage key holding the whole range. */
  readonly key: string;
  /** This range as configured ("10.43.0.0/16", "30000-32767"). */
  readonly range: string;
  /** Number of allocatable items (bits). */
  readonly size: number;
  /**
   * Translates the bitmap of a document stored for a different range (a restart with a changed
   * flag) into this range's offsets, keeping every item that still fits. Throws if the stored
   * range cannot be understood.
   */
  readonly migrate: (storedRange: string, data: Uint8Array) => AllocationBitmap;
}

/** What a change function sees: a private copy of the bitmap and the range the stored document named. */
export interface RangeView {
  readonly bitmap: AllocationBitmap;
  /** The range of the stored document (undefined when the key does not exist yet). */
  readonly storedRange: string | undefined;
}

/** A change function's decision: the bitmap to store (absent: nothing to write) and its result. */
export interface RangeChange<T> {
  readonly next?: AllocationBitmap;
  readonly result: T;
}

/** How many items of a range are taken and free. */
export interface RangeUsage {
  readonly used: number;
  readonly free: number;
}

// Every failed compare-and-swap means another writer succeeded, so progress is guaranteed overall;
// the cap only turns a pathological livelock (or a broken backend) into an error instead of a hang.
const maxAttempts = 1000;

/**
 * A bitmap kept in one storage key and changed only by compare-and-swap on that key's mod
 * revision, so any number of apiservers sharing the store never hand out the same item twice. An
 * in-memory copy avoids a read before each write; it is replaced by the stored value whenever a
 * write conflicts. Changes made through one instance run one at a time.
 */
export class RangeStore {
  readonly key: string;
  readonly range: string;
  readonly size: number;
  private readonly backend: Backend;
  private readonly migrate: RangeStoreOptions['migrate'];
  private bitmap: AllocationBitmap;
  /** Mod revision our copy was read at; 0 when the key did not exist. */
  private modRevision = 0;
  private storedRange: string | undefined;
  private loaded = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: RangeStoreOptions) {
    this.backend = options.backend;
    this.key = options.key;
    this.range = options.range;
    this.size = options.size;
    this.migrate = options.migrate;
    this.bitmap = new AllocationBitmap(options.size);
  }

  /**
   * Runs `change` on the current bitmap and stores its `next` bitmap with compare-and-swap,
   * re-running it on fresh state after a conflict. A decision not to write, or an AllocationError
   * thrown by `change`, is returned only after confirming the copy it was based on is current, so
   * "already allocated" or "range is full" is never the verdict of a stale copy. `change` must be
   * pure: it may run several times.
   */
  update<T>(change: (view: RangeView) => RangeChange<T>): Promise<T> {
    return this.exclusive(() => this.updateNow(change));
  }

  /** A copy of the current bitmap, confirmed against storage. */
  read(): Promise<AllocationBitmap> {
    return this.exclusive(async () => {
      await this.refresh();
      return this.bitmap.clone();
    });
  }

  private async updateNow<T>(change: (view: RangeView) => RangeChange<T>): Promise<T> {
    if (!this.loaded) await this.refresh();
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      let decision: RangeChange<T>;
      try {
        decision = change({ bitmap: this.bitmap.clone(), storedRange: this.storedRange });
      } catch (err) {
        if (isAllocationError(err) && (await this.refresh())) continue;
        throw err;
      }
      if (decision.next === undefined) {
        if (await this.refresh()) continue;
        return decision.result;
      }
      if (await this.write(decision.next)) return decision.result;
    }
    throw new Error(`gave up updating ${this.key} after ${maxAttempts} conflicting writes`);
  }

  /** Re-reads the key; true when it differed from our copy (which now matches it). */
  private async refresh(): Promise<boolean> {
    const kv = await this.backend.get(this.key);
    const changed = !this.loaded || (kv?.modRevision ?? 0) !== this.modRevision;
    if (changed) this.adopt(kv);
    return changed;
  }

  private async write(next: AllocationBitmap): Promise<boolean> {
    const value = encodeRangeAllocation({ range: this.range, data: next.toBytes() });
    const result =
      this.modRevision === 0
        ? await this.backend.create(this.key, value)
        : await this.backend.update(this.key, value, this.modRevision);
    if (!result.succeeded) {
      this.adopt(result.current);
      return false;
    }
    this.bitmap = next;
    this.modRevision = result.kv.modRevision;
    this.storedRange = this.range;
    return true;
  }

  private adopt(kv: KeyValue | undefined): void {
    if (kv === undefined) {
      this.bitmap = new AllocationBitmap(this.size);
      this.modRevision = 0;
      this.storedRange = undefined;
    } else {
      const doc = decodeRangeAllocation(this.key, kv.value);
      this.bitmap =
        doc.range === this.range
          ? AllocationBitmap.fromBytes(this.size, doc.data)
          : this.migrate(doc.range, doc.data);
      this.modRevision = kv.modRevision;
      this.storedRange = doc.range;
    }
    this.loaded = true;
  }

  private exclusive<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op, op);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
