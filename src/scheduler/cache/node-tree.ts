import type { Node } from 'kubernetes-types/core/v1.js';

/** The zone a node is in: "region:\0:zone" from the topology labels (upstream's utilnode.GetZoneKey). */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/**
 * Node names grouped by zone (upstream's nodeTree). list() interleaves the zones — one node of each
 * zone in turn — so a scheduling cycle that stops after some nodes has seen every zone.
 */
export class NodeTree {
  private readonly zones: string[] = [];
  private readonly tree = new Map<string, string[]>();
  private count = 0;

  /** Number of nodes. */
  get numNodes(): number {
    return this.count;
  }

  /** Adds a node (no-op when present). */
  add(node: Node): void {
    const zone = zoneKey(node);
    const name = node.metadata?.name ?? '';
    let names = this.tree.get(zone);
    if (names === undefined) {
      names = [];
      this.tree.set(zone, names);
      this.zones.push(zone);
    }
    if (names.includes(name)) return;
    names.push(name);
    this.count++;
  }

  /** Removes a node; false when absent. */
  remove(node: Node): boolean {
    const zone = zoneKey(node);
    const names = this.tree.get(zone);
    const name = node.metadata?.name ?? '';
    const i = names?.indexOf(name) ?? -1;
    if (names === undefined || i < 0) return false;
    names.splice(i, 1);
    this.count--;
    if (names.length === 0) {
      this.tree.delete(zone);
      this.zones.splice(this.zones.indexOf(zone), 1);
    }
    return true;
  }

  /** Moves a node whose zone may have changed. */
  update(oldNode: Node | undefined, newNode: Node): void {
    if (oldNode !== undefined && zoneKey(oldNode) === zoneKey(newNode)) return;
    if (oldNode !== undefined) this.remove(oldNode);
    this.add(newNode);
  }

  /** Every node name, zones interleaved. */
  list(): string[] {
    const out: string[] = [];
    for (let i = 0; out.length < this.count; i++) {
      for (const zone of this.zones) {
        const names = this.tree.get(zone)!;
        if (i < names.length) out.push(names[i]!);
      }
    }
    return out;
  }
}
