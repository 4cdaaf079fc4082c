import type { Backend } from '../../storage/backend.js';
import { AllocationBitmap } from './allocation-bitmap.js';
import { AllocationError, rangeFullReason } from './allocation-error.js';
import { formatIpv4, parseIpv4, parseIpv4Cidr } from './ipv4-cidr.js';
import type { LeakTracker } from './leak-tracker.js';
import { pickFreeOffset, serviceIpStaticBand, staticBandSize } from './pick-free-offset.js';
import { serviceIpRangeKey } from './range-allocation-document.js';
import { repairRange } from './repair-range.js';
import type { RangeCodec, RangeRepairReport, RangeUse } from './repair-range.js';
import { RangeStore } from './range-store.js';
import type { RangeUsage } from './range-store.js';

/** The Service CIDR when --service-cluster-ip-range is not given (k3s's default). */
export const defaultServiceCidr = '10.43.0.0/16';

/** Where the ClusterIP bitmap lives and which CIDR it covers. */
export interface ServiceIpAllocatorOptions {
  readonly backend: Backend;
  /** --service-cluster-ip-range, an IPv4 CIDR with a prefix of at least /12 (default 10.43.0.0/16). */
  readonly cidr?: string;
  /** Storage key (default /registry/ranges/serviceips). */
  readonly key?: string;
  /** Source of randomness in [0, 1) for dynamic picks (default Math.random). */
  readonly random?: () => number;
}

/**
 * Service ClusterIPs out of one IPv4 CIDR, persisted as a bitmap in one storage key and changed
 * only by compare-and-swap, so no two Services (even through different apiservers) get the same
 * address. The network and broadcast addresses are never handed out. Errors are AllocationErrors
 * carrying upstream's exact messages.
 */
export class ServiceIpAllocator {
  /** The configured CIDR in canonical form. */
  readonly cidr: string;
  /** Number of allocatable addresses. */
  readonly size: number;
  /** Address of offset 0: the one after the network address. */
  private readonly base: number;
  private readonly band: number;
  private readonly random: () => number;
  private readonly store: RangeStore;
  private readonly codec: RangeCodec<string>;

  constructor(options: ServiceIpAllocatorOptions) {
    const requested = options.cidr ?? defaultServiceCidr;
    const network = parseIpv4Cidr(requested);
    if (network === undefined) {
      throw new RangeError(`invalid service-cluster-ip-range ${JSON.stringify(requested)}: not an IPv4 CIDR`);
    }
    // Upstream's limit: a larger block would make the bitmap (one storage value) too big.
    if (network.prefixLength < 12) {
      throw new RangeError(
        'specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12',
      );
    }
    this.cidr = network.text;
    this.base = network.network + 1;
    this.size = Math.max(0, network.totalSize - 2);
    this.band = staticBandSize(network.totalSize, serviceIpStaticBand);
    this.random = options.random ?? Math.random;
    this.codec = {
      offsetOf: (ip) => this.offsetOf(ip),
      itemAt: (offset) => formatIpv4(this.base + offset),
    };
    this.store = new RangeStore({
      backend: options.backend,
      key: options.key ?? serviceIpRangeKey,
      range: this.cidr,
      size: this.size,
      migrate: (storedRange, data) => this.migrate(storedRange, data),
    });
  }

  /** The first address of the range (10.43.0.1 by default), reserved for the `kubernetes` Service. */
  firstServiceIp(): string {
    return formatIpv4(this.base);
  }

  /** Reserves `ip`; throws AllocationError NotInRange or Allocated (field spec.clusterIPs). */
  async allocate(ip: string): Promise<void> {
    const offset = this.offsetOf(ip);
    if (offset === undefined) {
      const reason = `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`;
      throw this.fieldError('NotInRange', ip, reason);
    }
    await this.store.update(({ bitmap }) => {
      if (!bitmap.set(offset)) throw this.fieldError('Allocated', ip, 'provided IP is already allocated');
      return { next: bitmap, result: undefined };
    });
  }

  /** Reserves a free address, preferring those above the static band; throws AllocationError Full. */
  async allocateNext(): Promise<string> {
    return this.store.update(({ bitmap }) => {
      const offset = pickFreeOffset(bitmap, this.band, this.random);
      if (offset === undefined) {
        throw new AllocationError({
          code: 'Full',
          reason: rangeFullReason,
          detail: `failed to allocate a serviceIP: ${rangeFullReason}`,
        });
      }
      bitmap.set(offset);
      return { next: bitmap, result: formatIpv4(this.base + offset) };
    });
  }

  /** Frees `ip`; true when it was allocated. Addresses outside the range are ignored, like upstream. */
  async release(ip: string): Promise<boolean> {
    const offset = this.offsetOf(ip);
    if (offset === undefined) return false;
    return this.store.update(({ bitmap }) =>
      bitmap.clear(offset) ? { next: bitmap, result: true } : { result: false },
    );
  }

  /** True when `ip` is currently allocated (read from storage). */
  async has(ip: string): Promise<boolean> {
    const offset = this.offsetOf(ip);
    return offset !== undefined && (await this.store.read()).has(offset);
  }

  /** Every allocated address, ascending (read from storage). */
  async allocated(): Promise<string[]> {
    const bitmap = await this.store.read();
    return [...bitmap.offsets()].map((offset) => formatIpv4(this.base + offset));
  }

  /** How many addresses are taken and free (read from storage). */
  async usage(): Promise<RangeUsage> {
    const bitmap = await this.store.read();
    return { used: bitmap.count, free: bitmap.free };
  }

  /** Makes the stored bitmap hold exactly `uses` (plus leaks `leaks` still holds); see repairAllocations. */
  repair(uses: readonly RangeUse<string>[], leaks?: LeakTracker): Promise<RangeRepairReport<string>> {
    return repairRange(this.store, this.codec, uses, leaks);
  }

  private offsetOf(ip: string): number | undefined {
    const value = parseIpv4(ip);
    if (value === undefined) return undefined;
    const offset = value - this.base;
    return offset >= 0 && offset < this.size ? offset : undefined;
  }

  private fieldError(code: 'NotInRange' | 'Allocated', ip: string, reason: string): AllocationError {
    return new AllocationError({
      code,
      reason,
      detail: `failed to allocate IP ${ip}: ${reason}`,
      field: 'spec.clusterIPs',
      value: [ip],
    });
  }

  // After a restart with another CIDR, addresses that are still inside the new one stay allocated;
  // the rest belong to Services repair reports as out of range. (Apiservers sharing a store must
  // agree on the CIDR: with two values each would keep translating the other's writes.)
  private migrate(storedRange: string, data: Uint8Array): AllocationBitmap {
    const old = parseIpv4Cidr(storedRange);
    if (old === undefined) {
      throw new Error(
        `range allocation for ${this.cidr} was stored for ${JSON.stringify(storedRange)}, not a CIDR`,
      );
    }
    const oldBitmap = AllocationBitmap.fromBytes(Math.max(0, old.totalSize - 2), data);
    const bitmap = new AllocationBitmap(this.size);
    for (const oldOffset of oldBitmap.offsets()) {
      const offset = this.offsetOf(formatIpv4(old.network + 1 + oldOffset));
      if (offset !== undefined) bitmap.set(offset);
    }
    return bitmap;
  }
}
