// ControllerRevision reads and writes for StatefulSets and DaemonSets (the I/O half of upstream's
// history.Interface): owned revisions from the informer cache, creation with hash-collision
// probing, renumbering, adoption and deletion through the API.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { KubeClient, ResourceClient } from '../../client/index.js';
import type { Lister } from '../../informers/index.js';
import { isStatusError } from '../../machinery/errors/index.js';
import type { Selector } from '../../machinery/labels/index.js';
import { controllerOf, controllerRef, type HasMeta, type OwnerKind } from '../shared/workload-owner-refs.js';
import { revisionsResource } from '../shared/workload-resources.js';
import { controllerRevisionName, equalRevision, hashControllerRevision } from './controller-revision.js';

/** What a RevisionStore is created with. */
export interface RevisionStoreOptions {
  readonly client: KubeClient;
  readonly lister: Lister<ControllerRevision>;
}

/** Reads revisions from the cache and writes them through the API. */
export class RevisionStore {
  private readonly revisions: ResourceClient<ControllerRevision>;
  private readonly lister: Lister<ControllerRevision>;

  constructor(options: RevisionStoreOptions) {
    this.revisions = options.client.resource<ControllerRevision>(revisionsResource);
    this.lister = options.lister;
  }

  /** Revisions in `parent`'s namespace matching `selector` that it controls or nobody controls. */
  list(parent: HasMeta, selector: Selector): ControllerRevision[] {
    const uid = parent.metadata?.uid;
    return this.lister
      .namespace(parent.metadata?.namespace ?? '')
      .list(selector)
      .filter((r) => {
        const ref = controllerOf(r);
        return ref === undefined || ref.uid === uid;
      });
  }

  /** Revisions in `parent`'s namespace whose controller is `parent`, whatever their labels. */
  listControlled(parent: HasMeta): ControllerRevision[] {
    const uid = parent.metadata?.uid;
    return this.lister
      .namespace(parent.metadata?.namespace ?? '')
      .list()
      .filter((r) => controllerOf(r)?.uid === uid);
  }

  /**
   * Creates `revision` (named from its data and `collisionCount`); on a name taken by different
   * data, bumps `collisionCount.value` and tries the next name. Returns the stored revision.
   */
  async create(
    parent: HasMeta,
    revision: ControllerRevision,
    collisionCount: { value: number },
  ): Promise<ControllerRevision> {
    const ns = parent.metadata?.namespace ?? '';
    for (;;) {
      const hash = hashControllerRevision(revision.data, collisionCount.value);
      const name = controllerRevisionName(parent.metadata?.name ?? '', hash);
      const candidate: ControllerRevision = {
        ...revision,
        metadata: { ...revision.metadata, name, namespace: ns },
      };
      try {
        return await this.revisions.namespace(ns).create(candidate);
      } catch (err) {
        if (!isStatusError(err, 'AlreadyExists')) throw err;
        const existing = await this.revisions.namespace(ns).get(name);
        if (equalRevision(existing, candidate)) return existing;
        collisionCount.value++;
      }
    }
  }

  /** Creates `revision` under the name it has (DaemonSets name revisions by template hash). */
  async createNamed(revision: ControllerRevision): Promise<ControllerRevision> {
    return this.revisions.namespace(revision.metadata?.namespace ?? '').create(revision);
  }

  /** Reads one revision from the server. */
  async get(namespace: string, name: string): Promise<ControllerRevision> {
    return this.revisions.namespace(namespace).get(name);
  }

  /** Sets a revision's number, re-reading it on conflicts (history.UpdateControllerRevision). */
  async updateRevisionNumber(revision: ControllerRevision, newRevision: number): Promise<ControllerRevision> {
    const ns = revision.metadata?.namespace ?? '';
    let current = revision;
    for (let attempt = 0; ; attempt++) {
      if (current.revision === newRevision) return current;
      try {
        return await this.revisions
          .namespace(ns)
          .update({ ...structuredClone(current), revision: newRevision });
      } catch (err) {
        if (!isStatusError(err, 'Conflict') || attempt >= 4) throw err;
        current = await this.revisions.namespace(ns).get(current.metadata?.name ?? '');
      }
    }
  }

  /** Makes `parent` the controller of an orphaned revision. */
  async adopt(parent: HasMeta, kind: OwnerKind, revision: ControllerRevision): Promise<ControllerRevision> {
    const patch = {
      metadata: { ownerReferences: [controllerRef(parent, kind)], uid: revision.metadata?.uid },
    };
    return this.revisions
      .namespace(revision.metadata?.namespace ?? '')
      .patch(revision.metadata?.name ?? '', 'strategic', patch);
  }

  /** Replaces a revision's labels (DaemonSet's unique-label backfill). */
  async update(revision: ControllerRevision): Promise<ControllerRevision> {
    return this.revisions.namespace(revision.metadata?.namespace ?? '').update(revision);
  }

  /** Deletes a revision; one already gone counts as deleted. */
  async delete(revision: ControllerRevision): Promise<void> {
    try {
      await this.revisions
        .namespace(revision.metadata?.namespace ?? '')
        .delete(revision.metadata?.name ?? '');
    } catch (err) {
      if (!isStatusError(err, 'NotFound')) throw err;
    }
  }
}
