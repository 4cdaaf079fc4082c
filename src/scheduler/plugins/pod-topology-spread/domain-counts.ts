import type { NodeInfo } from '../../framework/node-info.js';

/** What one node adds to its domain: the domain and the count. */
export type NodeCount = (node: NodeInfo) => { readonly domain: string; readonly count: number } | undefined;

/**
 * Matching pods per topology domain over every node, kept from one scheduling cycle to the next.
 * PreScore asks this of every node for every pod placed, while a cycle changes a node or two:
 * a node whose state (name and generation) is the one counted last time is not counted again.
 * The caller keys a DomainCounts by everything `count` depends on besides the node.
 */
export class DomainCounts {
  private names: string[] = [];
  private generations: number[] = [];
  private domains: (string | undefined)[] = [];
  private counts: number[] = [];
  private readonly totals = new Map<string, number>();

  /** Brings the totals up to date with `nodes` and returns them (read-only, domain → pods). */
  update(nodes: readonly NodeInfo[], count: NodeCount): ReadonlyMap<string, number> {
    if (nodes.length !== this.names.length) this.reset(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.generation === this.generations[i] && node.name === this.names[i]) continue;
      const before = this.domains[i];
      if (before !== undefined) this.add(before, -this.counts[i]!);
      const now = count(node);
      this.names[i] = node.name;
      this.generations[i] = node.generation;
      this.domains[i] = now?.domain;
      this.counts[i] = now?.count ?? 0;
      if (now !== undefined) this.add(now.domain, now.count);
    }
    return this.totals;
  }

  private add(domain: string, n: number): void {
    this.totals.set(domain, (this.totals.get(domain) ?? 0) + n);
  }

  private reset(size: number): void {
    this.names = new Array<string>(size).fill('');
    this.generations = new Array<number>(size).fill(-1);
    this.domains = new Array<string | undefined>(size).fill(undefined);
    this.counts = new Array<number>(size).fill(0);
    this.totals.clear();
  }
}
