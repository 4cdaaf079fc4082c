import { cidrContains, cidrSize, formatIpv4, parseCidr, parseIpv4, type Ipv4Cidr } from './ipv4.js';

/**
 * Pod IPs of one node, as CNI host-local hands them out from the node's podCIDR: the network
 * address and the bridge gateway (.1) are reserved, the broadcast address is never used, and
 * allocation continues after the last address given so a freed IP is not reused at once.
 */
export class PodIpPool {
  /** The podCIDR this pool serves. */
  readonly cidr: string;
  private readonly range: Ipv4Cidr;
  private readonly used = new Set<number>();
  private last: number;

  constructor(cidr: string) {
    this.cidr = cidr;
    this.range = parseCidr(cidr);
    this.last = 1;
  }

  /** Number of IPs in use. */
  get size(): number {
    return this.used.size;
  }

  /** A free IP, or undefined when the range is full. */
  allocate(): string | undefined {
    const size = cidrSize(this.range);
    const first = 2;
    const lastUsable = size - 2;
    const span = lastUsable - first + 1;
    if (span <= 0) return undefined;
    for (let n = 1; n <= span; n++) {
      const offset = first + ((this.last - first + n + span) % span);
      if (this.used.has(offset)) continue;
      this.used.add(offset);
      this.last = offset;
      return formatIpv4(this.range.base + offset);
    }
    return undefined;
  }

  /** Marks an IP taken (a pod adopted after a restart); false when it lies outside the range. */
  reserve(ip: string): boolean {
    const offset = this.offsetOf(ip);
    if (offset === undefined) return false;
    this.used.add(offset);
    return true;
  }

  /** Frees an IP. */
  release(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset !== undefined) this.used.delete(offset);
  }

  private offsetOf(ip: string): number | undefined {
    let n: number;
    try {
      n = parseIpv4(ip);
    } catch {
      return undefined;
    }
    return cidrContains(this.range, n) ? n - this.range.base : undefined;
  }
}
