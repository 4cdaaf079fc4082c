import type { Node } from 'kubernetes-types/core/v1.js';
import type { Logger } from '../../base/logger.js';
import { Controller, type EventRecorder } from '../../controller-framework/index.js';
import type { Lister } from '../../informers/index.js';
import type { ControllerContext } from '../controller-context.js';
import { nodesResource } from '../shared/infra-resources.js';
import { CidrSet } from './cidr-set.js';

/** The default cluster CIDR (k3s's): pods get addresses from here. */
export const defaultClusterCIDR = '10.42.0.0/16';

/** What a NodeIpamController is created with. */
export interface NodeIpamControllerOptions {
  readonly context: ControllerContext;
  readonly workers: number;
  /** --cluster-cidr, one per IP family (default ["10.42.0.0/16"]). */
  readonly clusterCIDRs?: readonly string[];
  /** --node-cidr-mask-size per CIDR (default 24 for IPv4, 64 for IPv6). */
  readonly nodeCIDRMaskSizes?: readonly number[];
}

/**
 * The range allocator: gives every Node without spec.podCIDRs the next free subnet of each
 * cluster CIDR, and treats CIDRs nodes already have as taken.
 */
export class NodeIpamController {
  private readonly ctx: ControllerContext;
  private readonly controller: Controller<string>;
  private readonly nodes: Lister<Node>;
  private readonly sets: CidrSet[];
  private readonly recorder: EventRecorder;
  private readonly log: Logger;
  // CIDRs reserved for a node whose patch has not been seen back yet.
  private readonly pending = new Map<string, string[]>();

  constructor(options: NodeIpamControllerOptions) {
    const ctx = (this.ctx = options.context);
    this.log = ctx.log.child('node-ipam');
    this.recorder = ctx.recorder('cidrAllocator');
    const cidrs = options.clusterCIDRs ?? [defaultClusterCIDR];
    this.sets = cidrs.map(
      (cidr, i) => new CidrSet(cidr, options.nodeCIDRMaskSizes?.[i] ?? (cidr.includes(':') ? 64 : 24)),
    );
    this.controller = new Controller<string>({
      name: 'node_ipam',
      workers: options.workers,
      reconcile: (name) => this.syncNode(name),
      clock: ctx.clock,
      log: this.log,
    });
    const informer = ctx.informers.informerFor<Node>(nodesResource);
    this.nodes = informer.lister;
    const onNode = (node: Node) => {
      const name = node.metadata?.name ?? '';
      if (podCIDRsOf(node).length === 0) return this.controller.enqueue(name);
      this.occupy(node);
      // Someone else (a node agent) may have won the race: our reservation goes back.
      if (this.pending.has(name)) this.controller.enqueue(name);
    };
    informer.addEventHandler({
      onAdd: onNode,
      onUpdate: (_o, node) => onNode(node),
      onDelete: (node) => this.release(node),
    });
  }

  /** Marks every CIDR nodes already have as taken, then runs the workers until the signal aborts. */
  run(): Promise<void> {
    // Handlers may not have seen every cached node yet; the lister has.
    for (const node of this.nodes.list()) if (podCIDRsOf(node).length > 0) this.occupy(node);
    return this.controller.start(this.ctx.signal);
  }

  private occupy(node: Node): void {
    for (const cidr of podCIDRsOf(node)) {
      const set = this.sets.find((s) => s.sameFamily(cidr));
      try {
        set?.occupy(cidr);
      } catch (err) {
        this.log.warn('node podCIDR is outside the cluster CIDR', { node: node.metadata?.name, cidr, err });
      }
    }
  }

  private release(node: Node): void {
    const name = node.metadata?.name ?? '';
    for (const cidr of [...podCIDRsOf(node), ...(this.pending.get(name) ?? [])]) {
      try {
        this.sets.find((s) => s.sameFamily(cidr))?.release(cidr);
      } catch {
        // Not ours to release.
      }
    }
    this.pending.delete(name);
  }

  private async syncNode(name: string): Promise<void> {
    const node = this.nodes.get('', name);
    if (node === undefined) return;
    if (podCIDRsOf(node).length > 0) {
      // Someone (or our own earlier attempt) set them already: give back a reservation we hold.
      const reserved = this.pending.get(name);
      this.pending.delete(name);
      for (const cidr of reserved ?? [])
        if (!podCIDRsOf(node).includes(cidr)) this.sets.find((s) => s.sameFamily(cidr))?.release(cidr);
      return;
    }
    let cidrs = this.pending.get(name);
    if (cidrs === undefined) {
      cidrs = [];
      try {
        for (const set of this.sets) cidrs.push(set.allocateNext());
      } catch (err) {
        for (const [i, cidr] of cidrs.entries()) this.sets[i]?.release(cidr);
        this.nodeEvent(node, 'CIDRNotAvailable');
        throw err;
      }
      this.pending.set(name, cidrs);
    }
    try {
      await this.ctx.client
        .resource<Node>(nodesResource)
        .patch(name, 'strategic', { spec: { podCIDR: cidrs[0], podCIDRs: cidrs } });
      this.log.info('Set node PodCIDR', { node: name, podCIDRs: cidrs.join(',') });
    } catch (err) {
      this.nodeEvent(node, 'CIDRAssignmentFailed');
      throw err;
    }
  }

  private nodeEvent(node: Node, status: string): void {
    const name = node.metadata?.name ?? '';
    this.recorder.event(
      { apiVersion: 'v1', kind: 'Node', name, uid: node.metadata?.uid ?? '' },
      'Normal',
      status,
      'Node %s status is now: %s',
      name,
      status,
    );
  }
}

/** A node's pod CIDRs (spec.podCIDRs, or the single spec.podCIDR). */
export function podCIDRsOf(node: Node): string[] {
  const list = node.spec?.podCIDRs ?? [];
  if (list.length > 0) return [...list];
  return node.spec?.podCIDR ? [node.spec.podCIDR] : [];
}
