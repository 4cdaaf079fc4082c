import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { Logger } from '../../base/logger.js';
import { builtinResources } from '../../api/scheme/builtin-resources.js';
import type { GroupVersionResource, ResourceClient } from '../../client/index.js';
import { Controller, type ReconcileResult } from '../../controller-framework/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { ControllerContext } from '../controller-context.js';
import { discoverPreferredResources, supportsVerbs } from '../shared/api-discovery.js';
import { releasePatch } from '../shared/controller-ref-manager.js';
import { AbsentOwnerCache, GraphBuilder } from './graph-builder.js';
import type { GraphNode, ObjectIdentity } from './object-graph.js';
import { ResourceMapper, type Mapping } from './resource-mapper.js';

/** What a GarbageCollector is created with. */
export interface GarbageCollectorOptions {
  readonly ctx: ControllerContext;
  readonly workers: number;
  /** How often discovery is checked for new resources to monitor (upstream: 30 s). */
  readonly resyncPeriodMs?: number;
}

interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}
interface AnyObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

// Upstream's ignoredResources: events are never owners worth tracking and churn constantly.
const ignored = new Set(['/events', 'events.k8s.io/events']);
const deletableVerbs = ['delete', 'list', 'watch'];
const virtualDeleteEnqueued = new Error('enqueued virtual delete event');
const namespacedOwnerOfClusterScoped = new Error('cluster-scoped objects cannot refer to namespaced owners');

function resourceKey(r: { group: string; resource: string }): string {
  return `${r.group}/${r.resource}`;
}

/**
 * The garbage collector: watches every deletable resource, keeps the ownerReference graph, deletes
 * objects whose owners are all gone (background), deletes blocking dependents before owners held by
 * the foregroundDeletion finalizer (foreground), and strips references from dependents of owners
 * held by the orphan finalizer (orphan).
 */
export class GarbageCollector {
  private readonly ctx: ControllerContext;
  private readonly log: Logger;
  private readonly mapper = new ResourceMapper();
  private readonly monitored = new Set<string>();
  private readonly graph: GraphBuilder;
  private readonly absentOwners = new AbsentOwnerCache();
  private readonly deleteQueue: Controller<string>;
  private readonly orphanQueue: Controller<string>;
  private readonly resyncPeriodMs: number;

  constructor(options: GarbageCollectorOptions) {
    const { ctx } = options;
    this.ctx = ctx;
    this.log = ctx.log.child('garbagecollector');
    this.resyncPeriodMs = options.resyncPeriodMs ?? 30_000;
    this.deleteQueue = new Controller<string>({
      name: 'garbage_collector_attempt_to_delete',
      workers: options.workers,
      reconcile: (uid) => this.attemptToDeleteWorker(uid),
      clock: ctx.clock,
      log: this.log,
    });
    this.orphanQueue = new Controller<string>({
      name: 'garbage_collector_attempt_to_orphan',
      workers: options.workers,
      reconcile: (uid) => this.attemptToOrphanWorker(uid),
      clock: ctx.clock,
      log: this.log,
    });
    this.graph = new GraphBuilder({
      attemptToDelete: (n) => this.deleteQueue.enqueue(n.identity.uid),
      attemptToOrphan: (n) => this.orphanQueue.enqueue(n.identity.uid),
      absentOwners: this.absentOwners,
      recorder: ctx.recorder('garbage-collector-controller'),
    });
    for (const r of builtinResources) {
      if (r.verbs.length > 0 && deletableVerbs.every((v) => r.verbs.includes(v as never))) this.monitor(r);
    }
  }

  /** Runs the workers and the discovery resync until the context's signal aborts. */
  async run(): Promise<void> {
    const signal = this.ctx.signal;
    const resync = this.resyncLoop(signal);
    await Promise.all([this.deleteQueue.start(signal), this.orphanQueue.start(signal), resync]);
  }

  /** Starts watching a resource (once) and feeds its changes to the graph. */
  private monitor(r: GroupVersionResource & { kind: string; namespaced: boolean }): void {
    const key = resourceKey(r);
    if (ignored.has(key) || this.monitored.has(key)) return;
    this.monitored.add(key);
    const apiVersion = r.group === '' ? r.version : `${r.group}/${r.version}`;
    const identity = (o: AnyObject): ObjectIdentity => ({
      apiVersion,
      kind: r.kind,
      name: o.metadata?.name ?? '',
      uid: o.metadata?.uid ?? '',
      namespace: o.metadata?.namespace ?? '',
    });
    const informer = this.ctx.informers.informerFor<AnyObject>(r);
    informer.addEventHandler({
      onAdd: (o) =>
        this.graph.process({
          type: 'add',
          identity: identity(o),
          owners: o.metadata?.ownerReferences ?? [],
          deletionTimestamp: o.metadata?.deletionTimestamp,
          finalizers: o.metadata?.finalizers ?? [],
        }),
      onUpdate: (old, cur) =>
        this.graph.process({
          type: 'update',
          identity: identity(cur),
          owners: cur.metadata?.ownerReferences ?? [],
          deletionTimestamp: cur.metadata?.deletionTimestamp,
          finalizers: cur.metadata?.finalizers ?? [],
          old: {
            deletionTimestamp: old.metadata?.deletionTimestamp,
            finalizers: old.metadata?.finalizers ?? [],
          },
        }),
      onDelete: (o) =>
        this.graph.process({
          type: 'delete',
          identity: identity(o),
          owners: o.metadata?.ownerReferences ?? [],
          deletionTimestamp: o.metadata?.deletionTimestamp,
          finalizers: o.metadata?.finalizers ?? [],
        }),
    });
  }

  /** GC's Sync: resources that appear in discovery (custom resources) get monitors too. */
  private async resyncLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const { resources } = await discoverPreferredResources(this.ctx.client, signal);
        this.mapper.add(resources);
        let added = false;
        for (const r of resources) {
          if (!supportsVerbs(r, deletableVerbs) || this.monitored.has(resourceKey(r))) continue;
          this.monitor(r);
          added = true;
        }
        if (added) this.ctx.informers.start(signal);
      } catch (err) {
        if (!signal.aborted) this.log.warn('failed to discover resources', { err });
      }
      try {
        await this.ctx.clock.sleep(this.resyncPeriodMs, signal);
      } catch {
        return;
      }
    }
  }

  private client(m: Mapping, namespace: string): ResourceClient<AnyObject> {
    const c = this.ctx.client.resource<AnyObject>(m);
    return m.namespaced ? c.namespace(namespace) : c;
  }

  private async getObject(id: ObjectIdentity): Promise<AnyObject> {
    return this.client(this.mapper.map(id.apiVersion, id.kind), id.namespace).get(id.name);
  }

  private async attemptToDeleteWorker(uid: string): Promise<ReconcileResult | void> {
    const node = this.graph.nodes.get(uid);
    if (node === undefined) return;
    try {
      await this.attemptToDeleteItem(node);
    } catch (err) {
      if (err === virtualDeleteEnqueued || err === namespacedOwnerOfClusterScoped) return;
      throw err;
    }
    // A virtual node stays queued until an informer observes it (issue 56121).
    if (node.virtual) return { requeue: true };
  }

  private virtualDelete(id: ObjectIdentity): never {
    this.graph.process({ type: 'delete', identity: id, owners: [], finalizers: [], virtual: true });
    throw virtualDeleteEnqueued;
  }

  /** attemptToDeleteItem: deletes the object (uid precondition) when all its owners are gone. */
  private async attemptToDeleteItem(item: GraphNode): Promise<void> {
    if (item.beingDeleted && !item.deletingDependents) return;
    let latest: AnyObject;
    try {
      latest = await this.getObject(item.identity);
    } catch (err) {
      if (isStatusError(err, 'NotFound')) this.virtualDelete(item.identity);
      throw err;
    }
    if (latest.metadata?.uid !== item.identity.uid) this.virtualDelete(item.identity);
    if (item.deletingDependents) return this.processDeletingDependents(item);
    const refs = latest.metadata?.ownerReferences ?? [];
    if (refs.length === 0) return;
    const { solid, dangling, waiting } = await this.classify(item, refs);
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // Waiting references would keep those owners stuck in foreground deletion forever.
      await this.removeOwnerRefs(
        item,
        [...dangling, ...waiting].map((r) => r.uid),
      );
      return;
    }
    if (waiting.length > 0 && item.dependents.size > 0) {
      for (const dep of item.dependents) {
        if (!dep.deletingDependents) continue;
        // Both this item and a dependent wait on each other: stop blocking the owners to avoid a cycle.
        await this.patch(item, {
          metadata: {
            ownerReferences: item.owners
              .filter((o) => o.blockOwnerDeletion)
              .map((o) => ({
                apiVersion: o.apiVersion,
                kind: o.kind,
                name: o.name,
                uid: o.uid,
                blockOwnerDeletion: false,
              })),
            uid: item.identity.uid,
          },
        });
        break;
      }
      return this.deleteObject(item.identity, 'Foreground');
    }
    const finalizers = latest.metadata?.finalizers ?? [];
    const policy = finalizers.includes('orphan')
      ? 'Orphan'
      : finalizers.includes('foregroundDeletion')
        ? 'Foreground'
        : 'Background';
    this.log.debug('Deleting item', { item: item.identity, propagationPolicy: policy });
    return this.deleteObject(item.identity, policy);
  }

  /** classifyReferences: owners that exist, that are gone, and that wait for their dependents. */
  private async classify(
    item: GraphNode,
    refs: readonly OwnerReference[],
  ): Promise<{ solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] }> {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = await this.ownerOf(ref, item);
      if (owner === undefined) dangling.push(ref);
      else if (
        owner.metadata?.deletionTimestamp &&
        (owner.metadata.finalizers ?? []).includes('foregroundDeletion')
      )
        waiting.push(ref);
      else solid.push(ref);
    }
    return { solid, dangling, waiting };
  }

  /** isDangling: the live owner, or undefined when it does not exist (under that uid). */
  private async ownerOf(ref: OwnerReference, item: GraphNode): Promise<AnyObject | undefined> {
    const cluster: ObjectIdentity = {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      uid: ref.uid,
      namespace: '',
    };
    if (this.absentOwners.has(cluster)) return undefined;
    const namespaced: ObjectIdentity = { ...cluster, namespace: item.identity.namespace };
    if (this.absentOwners.has(namespaced)) return undefined;
    const m = this.mapper.map(ref.apiVersion, ref.kind);
    if (item.identity.namespace === '' && m.namespaced) {
      this.graph.reportInvalidNamespace(item, ref.uid);
      throw namespacedOwnerOfClusterScoped;
    }
    const key = m.namespaced ? namespaced : cluster;
    try {
      const owner = await this.client(m, item.identity.namespace).get(ref.name);
      if (owner.metadata?.uid === ref.uid) return owner;
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
    this.absentOwners.add(key);
    return undefined;
  }

  /** processDeletingDependentsItem: the foreground owner goes once no blocking dependent is left. */
  private async processDeletingDependents(item: GraphNode): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) return this.removeFinalizer(item, 'foregroundDeletion');
    for (const dep of blocking) if (!dep.deletingDependents) this.deleteQueue.enqueue(dep.identity.uid);
  }

  private async attemptToOrphanWorker(uid: string): Promise<void> {
    const owner = this.graph.nodes.get(uid);
    if (owner === undefined) return;
    const results = await Promise.allSettled(
      [...owner.dependents].map((dep) => this.removeOwnerRefs(dep, [owner.identity.uid])),
    );
    const failed = results.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected' && !isStatusError(r.reason, 'NotFound'),
    );
    if (failed.length > 0)
      throw new Error(
        `failed to orphan dependents of owner ${owner.identity.name}, got errors: ${failed.map((f) => String(f.reason)).join(', ')}`,
      );
    await this.removeFinalizer(owner, 'orphan');
  }

  private deleteObject(id: ObjectIdentity, policy: 'Background' | 'Foreground' | 'Orphan'): Promise<void> {
    return this.client(this.mapper.map(id.apiVersion, id.kind), id.namespace)
      .delete(id.name, { preconditions: { uid: id.uid }, propagationPolicy: policy })
      .then(() => undefined);
  }

  private isBuiltin(node: GraphNode): boolean {
    const m = this.mapper.map(node.identity.apiVersion, node.identity.kind);
    return builtinResources.some((r) => r.group === m.group && r.resource === m.resource);
  }

  /** A strategic merge patch for built-in kinds; custom resources get a JSON merge patch of the whole list. */
  private async patch(node: GraphNode, smp: unknown): Promise<void> {
    const m = this.mapper.map(node.identity.apiVersion, node.identity.kind);
    await this.client(m, node.identity.namespace).patch(node.identity.name, 'strategic', smp);
  }

  /** Removes the owner references to `ownerUids` from `node`'s object (uid precondition). */
  private async removeOwnerRefs(node: GraphNode, ownerUids: readonly string[]): Promise<void> {
    if (this.isBuiltin(node)) return this.patch(node, releasePatch(node.identity.uid, ownerUids));
    const m = this.mapper.map(node.identity.apiVersion, node.identity.kind);
    const c = this.client(m, node.identity.namespace);
    const cur = await c.get(node.identity.name);
    if (cur.metadata?.uid !== node.identity.uid) return;
    const refs = (cur.metadata?.ownerReferences ?? []).filter((r) => !ownerUids.includes(r.uid));
    await c.patch(node.identity.name, 'merge', {
      metadata: {
        ownerReferences: refs,
        uid: node.identity.uid,
        resourceVersion: cur.metadata?.resourceVersion,
      },
    });
  }

  /** Removes `finalizer` from the object, retrying on conflicts. */
  private async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    const c = this.client(
      this.mapper.map(node.identity.apiVersion, node.identity.kind),
      node.identity.namespace,
    );
    for (;;) {
      let cur: AnyObject;
      try {
        cur = await c.get(node.identity.name);
      } catch (err) {
        if (isStatusError(err, 'NotFound')) return;
        throw err;
      }
      if (cur.metadata?.uid !== node.identity.uid) return;
      const finalizers = cur.metadata?.finalizers ?? [];
      if (!finalizers.includes(finalizer)) return;
      try {
        await c.patch(node.identity.name, 'merge', {
          metadata: {
            finalizers: finalizers.filter((f) => f !== finalizer),
            resourceVersion: cur.metadata?.resourceVersion,
          },
        });
        return;
      } catch (err) {
        if (isStatusError(err, 'Conflict')) continue;
        if (isStatusError(err, 'NotFound')) return;
        throw err;
      }
    }
  }
}
