import { cidrContains, cidrSize, formatCidr, parseCidr, type Ipv4Cidr } from './ipv4.js';

/** Settings of a PodCidrAllocator. */
export interface PodCidrAllocatorOptions {
  /** The cluster's pod network, e.g. "10.42.0.0/16". */
  readonly clusterCidr: string;
  /** Prefix length of each node's range (default 24). */
  readonly nodeMaskSize?: number;
}

/**
 * Hands out node podCIDRs from the cluster CIDR, lowest free first — the range allocator of the
 * node-ipam controller, which the simulator stands in for until that controller exists.
 */
export class PodCidrAllocator {
  private readonly cluster: Ipv4Cidr;
  private readonly mask: number;
  private readonly count: number;
  private readonly used = new Set<number>();
  private next = 0;

  constructor(options: PodCidrAllocatorOptions) {
    this.cluster = parseCidr(options.clusterCidr);
    this.mask = options.nodeMaskSize ?? 24;
    if (this.mask < this.cluster.prefix || this.mask > 30)
      throw new RangeError(
        `node mask /${this.mask} does not fit cluster CIDR ${formatCidr(this.cluster)} (it must be between /${this.cluster.prefix} and /30)`,
      );
    this.count = 2 ** (this.mask - this.cluster.prefix);
  }

  /** How many node ranges the cluster CIDR holds. */
  get capacity(): number {
    return this.count;
  }

  /** Records a range some node already has, so it is never handed out again. */
  markUsed(cidr: string): void {
    const index = this.indexOf(cidr);
    if (index !== undefined) this.used.add(index);
  }

  /** Returns a range to the pool. */
  release(cidr: string): void {
    const index = this.indexOf(cidr);
    if (index !== undefined) this.used.delete(index);
  }

  /** The lowest free range, or undefined when the cluster CIDR is exhausted. */
  allocate(): string | undefined {
    for (let n = 0; n < this.count; n++) {
      const index = (this.next + n) % this.count;
      if (this.used.has(index)) continue;
      this.used.add(index);
      this.next = index + 1;
      const size = 2 ** (32 - this.mask);
      return formatCidr({ base: this.cluster.base + index * size, prefix: this.mask });
    }
    return undefined;
  }

  private indexOf(text: string): number | undefined {
    let cidr: Ipv4Cidr;
    try {
      cidr = parseCidr(text);
    } catch {
      return undefined;
    }
    if (cidr.prefix !== this.mask || !cidrContains(this.cluster, cidr.base)) return undefined;
    return (cidr.base - this.cluster.base) / cidrSize(cidr);
  }
}
