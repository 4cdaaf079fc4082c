import type { NodeInfo } from './node-info.js';
import { Status } from './status.js';

const defaultAbsent = new Status('UnschedulableAndUnresolvable');

/**
 * The status each node got in a scheduling cycle (upstream's NodeToStatus). Nodes never looked at
 * (cut off by a PreFilter result) share the "absent" status.
 */
export class NodeToStatus {
  private readonly statuses = new Map<string, Status>();
  private absent: Status = defaultAbsent;

  /** Records the status of one node. */
  set(nodeName: string, status: Status): void {
    this.statuses.set(nodeName, status);
  }

  /** The status of a node: its own, or the absent-nodes status. */
  get(nodeName: string): Status {
    return this.statuses.get(nodeName) ?? this.absent;
  }

  /** The status given to nodes with no entry of their own. */
  get absentStatus(): Status {
    return this.absent;
  }

  /** Sets the status of nodes with no entry of their own. */
  setAbsentNodesStatus(status: Status): void {
    this.absent = status;
  }

  /** Number of nodes with their own entry. */
  get size(): number {
    return this.statuses.size;
  }

  /** The nodes with their own entry, in insertion order. */
  entries(): IterableIterator<[string, Status]> {
    return this.statuses.entries();
  }

  /** The nodes among `nodes` whose status (own or absent) has `code`. */
  nodesWithCode(nodes: readonly NodeInfo[], code: Status['code']): NodeInfo[] {
    const out: NodeInfo[] = [];
    for (const n of nodes) if (this.get(n.name).code === code) out.push(n);
    return out;
  }
}
