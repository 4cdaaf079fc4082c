import { formatCidr, parseCidr, type Cidr } from './ip-cidr.js';

/** Upstream's error when a cluster CIDR has no free subnet left. */
export const noCIDRsRemainingMessage =
  'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

// Upstream refuses a node mask more than 16 bits longer than the cluster mask.
const maxMaskDiff = 16;

/**
 * The subnets of size /`nodeMaskSize` of one cluster CIDR, handed out in order from where the last
 * allocation stopped, wrapping around (upstream's cidrset).
 */
export class CidrSet {
  private readonly cluster: Cidr;
  private readonly nodeMaskSize: number;
  private readonly max: number;
  private readonly used = new Set<number>();
  private next = 0;

  constructor(clusterCidr: string, nodeMaskSize: number) {
    this.cluster = parseCidr(clusterCidr);
    if (nodeMaskSize < this.cluster.prefix || nodeMaskSize > this.cluster.bits)
      throw new Error(`node CIDR mask size ${nodeMaskSize} does not fit cluster CIDR ${clusterCidr}`);
    if (nodeMaskSize - this.cluster.prefix > maxMaskDiff)
      throw new Error('New CIDR set failed; the node CIDR size is too big');
    this.nodeMaskSize = nodeMaskSize;
    this.max = 2 ** (nodeMaskSize - this.cluster.prefix);
  }

  /** True when `cidr` is a node subnet of this set's family. */
  sameFamily(cidr: string): boolean {
    try {
      return parseCidr(cidr).bits === this.cluster.bits;
    } catch {
      return false;
    }
  }

  /** Number of subnets in use. */
  get allocated(): number {
    return this.used.size;
  }

  /** Takes the next free subnet; throws when none is left. */
  allocateNext(): string {
    for (let i = 0; i < this.max; i++) {
      const candidate = (this.next + i) % this.max;
      if (this.used.has(candidate)) continue;
      this.used.add(candidate);
      this.next = (candidate + 1) % this.max;
      return formatCidr(this.subnet(candidate));
    }
    throw new Error(noCIDRsRemainingMessage);
  }

  /** Marks the subnets `cidr` covers as used; throws when it is outside the cluster CIDR. */
  occupy(cidr: string): void {
    for (const i of this.indexes(cidr)) this.used.add(i);
  }

  /** Frees the subnets `cidr` covers. */
  release(cidr: string): void {
    for (const i of this.indexes(cidr)) this.used.delete(i);
  }

  private subnet(index: number): Cidr {
    const shift = BigInt(this.cluster.bits - this.nodeMaskSize);
    return {
      base: this.cluster.base + (BigInt(index) << shift),
      prefix: this.nodeMaskSize,
      bits: this.cluster.bits,
    };
  }

  private indexes(text: string): number[] {
    const cidr = parseCidr(text);
    const clusterHost = BigInt(this.cluster.bits - this.cluster.prefix);
    const inCluster =
      cidr.bits === this.cluster.bits &&
      cidr.prefix >= this.cluster.prefix &&
      cidr.base >> clusterHost === this.cluster.base >> clusterHost;
    if (!inCluster) throw new Error(`cidr ${text} is out of the range of CIDR allocator`);
    const shift = BigInt(this.cluster.bits - this.nodeMaskSize);
    const first = Number((cidr.base - this.cluster.base) >> shift);
    // A CIDR wider than a node subnet covers several of them.
    const count = cidr.prefix >= this.nodeMaskSize ? 1 : 2 ** (this.nodeMaskSize - cidr.prefix);
    return Array.from({ length: count }, (_, i) => first + i);
  }
}
