import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

/** Where an object is: apiVersion, kind, name, uid and namespace ("" when cluster-scoped). */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
}

/** objectReference.String(): "[apiVersion/kind, namespace: ns, name: n, uid: u]". */
export function identityString(i: ObjectIdentity): string {
  return `[${i.apiVersion}/${i.kind}, namespace: ${i.namespace}, name: ${i.name}, uid: ${i.uid}]`;
}

/** True when both identities name the same coordinates. */
export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.uid === b.uid &&
    a.namespace === b.namespace
  );
}

/**
 * A node of the garbage collector's dependency graph: an object (or a "virtual" stand-in for an owner
 * only known from references), its owner references and the nodes that reference it.
 */
export class GraphNode {
  identity: ObjectIdentity;
  owners: OwnerReference[];
  readonly dependents = new Set<GraphNode>();
  /** Not yet seen by an informer: only inferred from a dependent's ownerReference. */
  virtual: boolean;
  beingDeleted = false;
  /** Being deleted with the foregroundDeletion finalizer. */
  deletingDependents = false;

  constructor(options: { identity: ObjectIdentity; owners?: OwnerReference[]; virtual?: boolean }) {
    this.identity = options.identity;
    this.owners = options.owners ?? [];
    this.virtual = options.virtual ?? false;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((dep) =>
      dep.owners.some((o) => o.uid === this.identity.uid && o.blockOwnerDeletion === true),
    );
  }
}

/** referencesDiffs: owner references added, removed and changed between two states of an object. */
export function referencesDiffs(
  before: readonly OwnerReference[],
  after: readonly OwnerReference[],
): {
  added: OwnerReference[];
  removed: OwnerReference[];
  changed: { old: OwnerReference; new: OwnerReference }[];
} {
  const old = new Map(before.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: { old: OwnerReference; new: OwnerReference }[] = [];
  for (const r of after) {
    const o = old.get(r.uid);
    if (o === undefined) added.push(r);
    else {
      if (JSON.stringify(o) !== JSON.stringify(r)) changed.push({ old: o, new: r });
      old.delete(r.uid);
    }
  }
  return { added, removed: [...old.values()], changed };
}
