import type { Backend } from '../../storage/backend.js';
import { AllocationBitmap } from './allocation-bitmap.js';
import { AllocationError, rangeFullReason } from './allocation-error.js';
import type { LeakTracker } from './leak-tracker.js';
import { nodePortStaticBand, pickFreeOffset, staticBandSize } from './pick-free-offset.js';
import { parsePortRange } from './port-range.js';
import type { PortRange } from './port-range.js';
import { nodePortRangeKey } from './range-allocation-document.js';
import { RangeStore } from './range-store.js';
import type { RangeUsage } from './range-store.js';
import { repairRange } from './repair-range.js';
import type { RangeCodec, RangeRepairReport, RangeUse } from './repair-range.js';

/** The NodePort range when --service-node-port-range is not given (upstream's default). */
export const defaultNodePortRange = '30000-32767';

/** Where the NodePort bitmap lives and which ports it covers. */
export interface NodePortAllocatorOptions {
  readonly backend: Backend;
  /** --service-node-port-range: "low-high", "base+extra" or one port (default 30000-32767). */
  readonly range?: string;
  /** Storage key (default /registry/ranges/servicenodeports). */
  readonly key?: string;
  /** Source of randomness in [0, 1) for dynamic picks (default Math.random). */
  readonly random?: () => number;
}

/** Optional context for a requested port's error. */
export interface NodePortRequest {
  /** Field path for the Invalid cause, e.g. "spec.ports[1].nodePort"; without it the message is upstream's bare reason. */
  readonly field?: string;
}

/**
 * Service NodePorts out of one port range, persisted as a bitmap in one storage key and changed
 * only by compare-and-swap, so no two Services (even through different apiservers) get the same
 * port. Errors are AllocationErrors carrying upstream's exact messages.
 */
export class NodePortAllocator {
  /** The configured range in canonical form ("30000-32767"). */
  readonly range: string;
  /** Number of ports in the range. */
  readonly size: number;
  private readonly ports: PortRange;
  private readonly band: number;
  private readonly random: () => number;
  private readonly store: RangeStore;
  private readonly codec: RangeCodec<number>;

  constructor(options: NodePortAllocatorOptions) {
    const requested = options.range ?? defaultNodePortRange;
    const ports = parsePortRange(requested);
    if (ports === undefined) {
      throw new RangeError(`invalid service-node-port-range ${JSON.stringify(requested)}`);
    }
    this.ports = ports;
    this.range = ports.text;
    this.size = ports.size;
    this.band = staticBandSize(ports.size, nodePortStaticBand);
    this.random = options.random ?? Math.random;
    this.codec = { offsetOf: (port) => this.offsetOf(port), itemAt: (offset) => ports.base + offset };
    this.store = new RangeStore({
      backend: options.backend,
      key: options.key ?? nodePortRangeKey,
      range: this.range,
      size: this.size,
      migrate: (storedRange, data) => this.migrate(storedRange, data),
    });
  }

  /** Reserves `port`; throws AllocationError NotInRange or Allocated. */
  async allocate(port: number, request: NodePortRequest = {}): Promise<void> {
    const offset = this.offsetOf(port);
    if (offset === undefined) {
      const reason = `provided port is not in the valid range. The range of valid ports is ${this.range}`;
      throw this.portError('NotInRange', port, reason, request);
    }
    await this.store.update(({ bitmap }) => {
      if (!bitmap.set(offset)) {
        throw this.portError('Allocated', port, 'provided port is already allocated', request);
      }
      return { next: bitmap, result: undefined };
    });
  }

  /** Reserves a free port, preferring those above the static band; throws AllocationError Full. */
  async allocateNext(): Promise<number> {
    return this.store.update(({ bitmap }) => {
      const offset = pickFreeOffset(bitmap, this.band, this.random);
      if (offset === undefined) {
        throw new AllocationError({
          code: 'Full',
          reason: rangeFullReason,
          detail: `failed to allocate a nodePort: ${rangeFullReason}`,
        });
      }
      bitmap.set(offset);
      return { next: bitmap, result: this.ports.base + offset };
    });
  }

  /** Frees `port`; true when it was allocated. Ports outside the range are ignored, like upstream. */
  async release(port: number): Promise<boolean> {
    const offset = this.offsetOf(port);
    if (offset === undefined) return false;
    return this.store.update(({ bitmap }) =>
      bitmap.clear(offset) ? { next: bitmap, result: true } : { result: false },
    );
  }

  /** True when `port` is currently allocated (read from storage). */
  async has(port: number): Promise<boolean> {
    const offset = this.offsetOf(port);
    return offset !== undefined && (await this.store.read()).has(offset);
  }

  /** Every allocated port, ascending (read from storage). */
  async allocated(): Promise<number[]> {
    const bitmap = await this.store.read();
    return [...bitmap.offsets()].map((offset) => this.ports.base + offset);
  }

  /** How many ports are taken and free (read from storage). */
  async usage(): Promise<RangeUsage> {
    const bitmap = await this.store.read();
    return { used: bitmap.count, free: bitmap.free };
  }

  /** Makes the stored bitmap hold exactly `uses` (plus leaks `leaks` still holds); see repairAllocations. */
  repair(uses: readonly RangeUse<number>[], leaks?: LeakTracker): Promise<RangeRepairReport<number>> {
    return repairRange(this.store, this.codec, uses, leaks);
  }

  private offsetOf(port: number): number | undefined {
    if (!Number.isInteger(port)) return undefined;
    const offset = port - this.ports.base;
    return offset >= 0 && offset < this.size ? offset : undefined;
  }

  private portError(
    code: 'NotInRange' | 'Allocated',
    port: number,
    reason: string,
    request: NodePortRequest,
  ): AllocationError {
    return new AllocationError({
      code,
      reason,
      detail: reason,
      ...(request.field === undefined ? {} : { field: request.field, value: port }),
    });
  }

  // After a restart with another range, ports still inside the new one stay allocated; the rest
  // belong to Services repair reports as out of range.
  private migrate(storedRange: string, data: Uint8Array): AllocationBitmap {
    const old = parsePortRange(storedRange);
    if (old === undefined) {
      throw new Error(
        `range allocation for ${this.range} was stored for ${JSON.stringify(storedRange)}, not a port range`,
      );
    }
    const oldBitmap = AllocationBitmap.fromBytes(old.size, data);
    const bitmap = new AllocationBitmap(this.size);
    for (const oldOffset of oldBitmap.offsets()) {
      const offset = this.offsetOf(old.base + oldOffset);
      if (offset !== undefined) bitmap.set(offset);
    }
    return bitmap;
  }
}
