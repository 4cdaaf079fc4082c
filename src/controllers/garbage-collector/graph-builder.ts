import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import type { EventRecorder } from '../../controller-framework/index.js';
import {
  GraphNode,
  identityString,
  referencesDiffs,
  sameIdentity,
  type ObjectIdentity,
} from './object-graph.js';

/** One change the graph builder applies, from an informer or (virtual) from a worker. */
export interface GraphEvent {
  readonly type: 'add' | 'update' | 'delete';
  readonly identity: ObjectIdentity;
  readonly owners: readonly OwnerReference[];
  readonly deletionTimestamp?: string | undefined;
  readonly finalizers: readonly string[];
  /** The previous state's deletion and finalizers (updates only). */
  readonly old?: { readonly deletionTimestamp?: string | undefined; readonly finalizers: readonly string[] };
  readonly virtual?: boolean;
}

/** Where the graph builder sends work. */
export interface GraphBuilderOptions {
  readonly attemptToDelete: (node: GraphNode) => void;
  readonly attemptToOrphan: (node: GraphNode) => void;
  readonly absentOwners: AbsentOwnerCache;
  readonly recorder: EventRecorder;
}

/** An LRU set of owners known to be absent (the GC's absentOwnerCache, 500 entries). */
export class AbsentOwnerCache {
  private readonly keys = new Map<string, true>();
  constructor(private readonly size = 500) {}

  private static key(i: {
    uid?: string;
    name?: string;
    kind?: string;
    apiVersion?: string;
    namespace?: string;
  }): string {
    return `${i.apiVersion ?? ''}|${i.kind ?? ''}|${i.name ?? ''}|${i.uid ?? ''}|${i.namespace ?? ''}`;
  }

  /** Records an absent owner. */
  add(i: ObjectIdentity): void {
    const k = AbsentOwnerCache.key(i);
    this.keys.delete(k);
    this.keys.set(k, true);
    if (this.keys.size > this.size) this.keys.delete(this.keys.keys().next().value!);
  }

  /** True when recorded absent. */
  has(i: ObjectIdentity): boolean {
    return this.keys.has(AbsentOwnerCache.key(i));
  }
}

const orphanFinalizer = 'orphan';
const foregroundFinalizer = 'foregroundDeletion';

function coordinatesMatch(ref: OwnerReference, id: ObjectIdentity): boolean {
  return (
    ref.uid === id.uid && ref.name === id.name && ref.kind === id.kind && ref.apiVersion === id.apiVersion
  );
}

/**
 * The GraphBuilder: a single consumer of object changes that keeps the uid → node graph and, as
 * upstream's processGraphChanges, feeds the attemptToDelete and attemptToOrphan queues.
 */
export class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  private readonly o: GraphBuilderOptions;

  constructor(options: GraphBuilderOptions) {
    this.o = options;
  }

  /** Applies one change. */
  process(e: GraphEvent): void {
    const existing = this.nodes.get(e.identity.uid);
    if (existing !== undefined && !e.virtual && existing.virtual) {
      // First sight of an owner known only from references: check who referenced it wrongly.
      const observed = e.identity;
      if (!sameIdentity(observed, existing.identity)) {
        for (const dep of existing.dependents) {
          const mismatch =
            (observed.namespace !== '' && dep.identity.namespace !== observed.namespace) ||
            dep.owners.some((o) => o.uid === observed.uid && !coordinatesMatch(o, observed));
          if (!mismatch) continue;
          if (observed.namespace !== '' && dep.identity.namespace !== observed.namespace)
            this.reportInvalidNamespace(dep, observed.uid);
          this.o.attemptToDelete(dep);
        }
        existing.identity = observed;
      }
      existing.virtual = false;
    }
    const beingDeleted = Boolean(e.deletionTimestamp);
    if ((e.type === 'add' || e.type === 'update') && existing === undefined) {
      const node = new GraphNode({ identity: e.identity, owners: [...e.owners] });
      node.beingDeleted = beingDeleted;
      node.deletingDependents = beingDeleted && e.finalizers.includes(foregroundFinalizer);
      this.nodes.set(node.identity.uid, node);
      this.addDependentToOwners(node, node.owners);
      this.processTransitions(e, node);
      return;
    }
    if ((e.type === 'add' || e.type === 'update') && existing !== undefined) {
      const { added, removed, changed } = referencesDiffs(existing.owners, e.owners);
      if (added.length + removed.length + changed.length > 0) {
        // Owners waiting in foreground deletion may be unblocked by a dependent letting go.
        for (const r of removed) if (r.blockOwnerDeletion) this.enqueueUid(r.uid);
        for (const c of changed)
          if (c.old.blockOwnerDeletion && !c.new.blockOwnerDeletion) this.enqueueUid(c.new.uid);
        existing.owners = [...e.owners];
        this.addDependentToOwners(existing, added);
        for (const r of removed) this.nodes.get(r.uid)?.dependents.delete(existing);
      }
      if (beingDeleted) existing.beingDeleted = true;
      this.processTransitions(e, existing);
      return;
    }
    if (e.type !== 'delete' || existing === undefined) return;
    if (e.virtual && !existing.virtual && !sameIdentity(existing.identity, e.identity)) {
      // A virtual delete disagreeing with what the informer saw: only the dependents that used
      // those coordinates lose their owner.
      this.o.absentOwners.add(e.identity);
      for (const dep of existing.dependents)
        if (dep.owners.some((o) => coordinatesMatch(o, e.identity))) this.o.attemptToDelete(dep);
      return;
    }
    this.nodes.delete(existing.identity.uid);
    for (const owner of existing.owners) this.nodes.get(owner.uid)?.dependents.delete(existing);
    if (existing.dependents.size > 0) this.o.absentOwners.add(e.identity);
    for (const dep of existing.dependents) this.o.attemptToDelete(dep);
    for (const owner of existing.owners) {
      const n = this.nodes.get(owner.uid);
      // A foreground-deleting owner may now be free to go.
      if (n?.deletingDependents) this.o.attemptToDelete(n);
    }
  }

  private enqueueUid(uid: string | undefined): void {
    const n = uid === undefined ? undefined : this.nodes.get(uid);
    if (n !== undefined) this.o.attemptToDelete(n);
  }

  private processTransitions(e: GraphEvent, node: GraphNode): void {
    const starts = (finalizer: string) =>
      Boolean(e.deletionTimestamp) &&
      e.finalizers.includes(finalizer) &&
      (e.old === undefined || !e.old.deletionTimestamp || !e.old.finalizers.includes(finalizer));
    if (starts(orphanFinalizer)) {
      this.o.attemptToOrphan(node);
      return;
    }
    if (starts(foregroundFinalizer)) {
      node.deletingDependents = true;
      for (const dep of node.dependents) this.o.attemptToDelete(dep);
      this.o.attemptToDelete(node);
    }
  }

  /** addDependentToOwners: links `node` under each owner, creating virtual owners to verify. */
  private addDependentToOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const owner of owners) {
      let ownerNode = this.nodes.get(owner.uid);
      if (ownerNode === undefined) {
        ownerNode = new GraphNode({
          identity: {
            apiVersion: owner.apiVersion,
            kind: owner.kind,
            name: owner.name,
            uid: owner.uid,
            namespace: node.identity.namespace,
          },
          virtual: true,
        });
        this.nodes.set(owner.uid, ownerNode);
        ownerNode.dependents.add(node);
        this.o.attemptToDelete(ownerNode);
        continue;
      }
      ownerNode.dependents.add(node);
      if (potentiallyInvalid) continue;
      const ownerNamespaced = ownerNode.identity.namespace !== '';
      if (ownerNamespaced && ownerNode.identity.namespace !== node.identity.namespace) {
        // Owners are never in another namespace; a cluster-scoped dependent cannot have a namespaced owner.
        if (!ownerNode.virtual) this.reportInvalidNamespace(node, owner.uid);
        potentiallyInvalid = true;
      } else if (!coordinatesMatch(owner, ownerNode.identity)) {
        potentiallyInvalid = true;
      } else if (
        !ownerNamespaced &&
        ownerNode.identity.namespace !== node.identity.namespace &&
        ownerNode.virtual
      ) {
        potentiallyInvalid = true;
      }
    }
    if (potentiallyInvalid) this.o.attemptToDelete(node);
  }

  /** Warning event OwnerRefInvalidNamespace on the dependent, with upstream's message. */
  reportInvalidNamespace(node: GraphNode, ownerUid: string): void {
    const ref = node.owners.find((o) => o.uid === ownerUid);
    if (ref === undefined) return;
    const involved: ObjectReference = {
      kind: node.identity.kind,
      apiVersion: node.identity.apiVersion,
      name: node.identity.name,
      uid: node.identity.uid,
      ...(node.identity.namespace !== '' ? { namespace: node.identity.namespace } : {}),
    };
    const invalid: ObjectIdentity = {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      uid: ref.uid,
      namespace: node.identity.namespace,
    };
    this.o.recorder.event(
      involved,
      'Warning',
      'OwnerRefInvalidNamespace',
      'ownerRef %s does not exist in namespace %q',
      identityString(invalid),
      node.identity.namespace,
    );
  }
}
