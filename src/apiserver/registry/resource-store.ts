import { randomUUID } from 'node:crypto';
import { deepEqual } from '../../base/deep-equal.js';
import { randomNameSuffix } from '../../base/random-suffix.js';
import { formatRfc3339 } from '../../base/rfc3339.js';
import type { KubeObject } from '../../api/object.js';
import type { ResourceType } from '../../api/scheme/resource-type.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../api/validation/object-meta.js';
import {
  CONTINUE_EXPIRED_MESSAGE,
  LIST_EXPIRED_MESSAGE,
  OPTIMISTIC_LOCK_ERROR_MESSAGE,
  alreadyExists,
  badRequest,
  conflict,
  internalError,
  invalid,
  notFound,
  resourceExpired,
  tooLargeResourceVersion,
  tooOldResourceVersion,
  type FieldError,
  type StatusError,
} from '../../machinery/errors/index.js';
import type { Backend, KeyValue } from '../../storage/backend.js';
import { decodeContinue, encodeContinue } from '../../storage/continue-token.js';
import { isStorageError } from '../../storage/errors.js';
import type { CachedObject } from '../watch-cache/cached-object.js';
import type { CacheWatcher } from '../watch-cache/cache-watcher.js';
import type { Cacher } from '../watch-cache/cacher.js';
import {
  type ObjectFilter,
  type ResourceCache,
  TooOldResourceVersionError,
  withResourceVersion,
} from '../watch-cache/resource-cache.js';
import { updateManagedFields } from './managed-fields.js';
import { checkPreconditions, type Preconditions } from './preconditions.js';
import { rememberStoredForm } from './written-json.js';
import { decodeCached, decodeFromStorage, encodeForStorage, storedValueIsStale } from './object-codec.js';
import { listPrefix, objectKey } from './storage-keys.js';
import type { Strategy, WriteContext } from './strategy.js';

/** How long a read waits for the watch cache to reach a requested resourceVersion (upstream's blockTimeout). */
const cacheWaitMs = 3000;

/** The options of one write. */
export interface WriteOptions extends WriteContext {
  readonly fieldManager: string;
  /** The apiVersion the client spoke, recorded in managedFields. */
  readonly apiVersion: string;
  /** Runs validating admission on the final object; throws to reject. */
  readonly admit?: (object: KubeObject, old: KubeObject | undefined) => Promise<void>;
  /**
   * The store must not record the write in managedFields: the caller already set them (server-side
   * apply, creates) or the write owns no fields (a pod's binding).
   */
  readonly managedFieldsSet?: boolean;
}

/** What a LIST asks for, already parsed. */
export interface ListRequest {
  readonly namespace: string;
  readonly filter?: ObjectFilter;
  /** True when a label or field selector narrows the list (then remainingItemCount is omitted). */
  readonly filtered: boolean;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: string;
}

/** One page of a LIST. */
export interface ListPage {
  readonly items: readonly CachedObject[];
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

/** What a DELETE asks for, already parsed. */
export interface DeleteRequest {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  readonly preconditions?: Preconditions;
}

/** What a DELETE did: `deleted` is false when the object remains (finalizers, graceful deletion). */
export interface DeleteOutcome {
  readonly object: KubeObject;
  readonly deleted: boolean;
}

/** The parts of a store every resource needs. */
export interface ResourceStoreOptions {
  /** The storage version's type: keys, strategy and validation follow it. */
  readonly type: ResourceType;
  /** The version clients address, named in error messages (events.k8s.io events are stored as core ones). */
  readonly servedType?: ResourceType;
  readonly strategy: Strategy;
  readonly backend: Backend;
  readonly cache: ResourceCache;
  readonly cacher: Cacher;
}

/**
 * The generic registry store of one resource (upstream's genericregistry.Store): CRUD, list and
 * watch on top of the Backend and the watch cache, with the object-metadata lifecycle, optimistic
 * concurrency, status/generation rules and finalizer-aware deletion. Objects are in the storage
 * version; the HTTP layer converts.
 */
export class ResourceStore {
  readonly type: ResourceType;
  readonly strategy: Strategy;
  private readonly servedType: ResourceType;
  private readonly backend: Backend;
  private readonly cache: ResourceCache;
  private readonly cacher: Cacher;

  constructor(options: ResourceStoreOptions) {
    this.type = options.type;
    this.servedType = options.servedType ?? options.type;
    this.strategy = options.strategy;
    this.backend = options.backend;
    this.cache = options.cache;
    this.cacher = options.cacher;
  }

  private get qr() {
    return { group: this.servedType.group, resource: this.servedType.resource };
  }

  private get gk() {
    return { group: this.servedType.group, kind: this.servedType.kind };
  }

  /** The object, or a NotFound StatusError. resourceVersion "0" may be served from the cache. */
  async get(namespace: string, name: string, resourceVersion?: string): Promise<KubeObject> {
    const key = objectKey(this.type, namespace, name);
    if (resourceVersion === '0') {
      const cached = this.cache.get(key);
      if (cached === undefined) throw notFound(this.qr, name);
      return cached.object;
    }
    const kv = await this.storage(() => this.backend.get(key));
    if (kv === undefined) throw notFound(this.qr, name);
    return this.stored(kv);
  }

  /** The object, or undefined. */
  async find(namespace: string, name: string): Promise<KubeObject | undefined> {
    const kv = await this.storage(() => this.backend.get(objectKey(this.type, namespace, name)));
    return kv === undefined ? undefined : this.stored(kv);
  }

  /**
   * The object stored as `kv`, read-only: the watch cache's copy when it holds this very revision
   * (it usually does — it saw the write), else decoded from the stored bytes.
   */
  private stored(kv: KeyValue): KubeObject {
    const cached = this.cache.get(kv.key);
    return cached !== undefined && cached.revision === kv.modRevision ? cached.object : decodeFromStorage(kv);
  }

  /** One page of objects, following upstream's resourceVersion / resourceVersionMatch / continue semantics. */
  async list(req: ListRequest): Promise<ListPage> {
    const prefix = listPrefix(this.type, req.namespace);
    const filter = req.filter ?? (() => true);
    // Upstream's watch cache answers resourceVersion=0 with everything, ignoring limit.
    const limit =
      req.limit !== undefined && req.limit > 0 && req.resourceVersion !== '0' ? req.limit : undefined;
    if (req.continue) return this.listFromStorage(prefix, filter, req, limit);
    const rv = req.resourceVersion;
    if (req.resourceVersionMatch === 'Exact')
      return this.listFromStorage(prefix, filter, req, limit, Number(rv));
    if (rv !== undefined && rv !== '' && rv !== '0') {
      const wanted = Number(rv);
      if (!(await this.cacher.waitForRevision(wanted, cacheWaitMs))) {
        throw tooLargeResourceVersion(wanted, this.cacher.revision);
      }
    } else if (rv === undefined || rv === '') {
      // A consistent read: the cache must have seen everything storage has committed.
      const current = await this.storage(() => this.backend.currentRevision());
      if (!(await this.cacher.waitForRevision(current, cacheWaitMs))) {
        return this.listFromStorage(prefix, filter, req, limit, current);
      }
    }
    const revision = this.cacher.revision;
    const all = this.cache.list(prefix);
    const items: CachedObject[] = [];
    let next: string | undefined;
    let remaining = 0;
    for (const o of all) {
      if (!filter(o.object)) continue;
      if (limit === undefined || items.length < limit) items.push(o);
      else {
        next ??= o.key;
        remaining++;
      }
    }
    return this.page(items, revision, next, req.filtered ? undefined : remaining);
  }

  private page(
    items: CachedObject[],
    revision: number,
    nextKey: string | undefined,
    remaining?: number,
  ): ListPage {
    const base = { items, resourceVersion: String(revision) };
    if (nextKey === undefined) return base;
    const token = encodeContinue({ revision, startKey: nextKey });
    return remaining !== undefined && remaining > 0
      ? { ...base, continue: token, remainingItemCount: remaining }
      : { ...base, continue: token };
  }

  private async listFromStorage(
    prefix: string,
    filter: ObjectFilter,
    req: ListRequest,
    limit: number | undefined,
    revision?: number,
  ): Promise<ListPage> {
    let token = req.continue;
    if (token) {
      try {
        decodeContinue(token, prefix);
      } catch {
        throw badRequest('continue key is not valid: the continue token is not for this list');
      }
    }
    const items: CachedObject[] = [];
    let readAt = revision;
    let nextKey: string | undefined;
    let remaining: number | undefined;
    const chunk = limit === undefined ? 10_000 : Math.max(limit, 100);
    try {
      for (;;) {
        const page = await this.backend.list(
          prefix,
          token ? { continue: token, limit: chunk } : { revision: readAt, limit: chunk },
        );
        readAt = page.revision;
        for (let i = 0; i < page.items.length; i++) {
          const kv = page.items[i]!;
          const obj = decodeCached(kv);
          if (!filter(obj.object)) continue;
          if (limit !== undefined && items.length >= limit) {
            nextKey = kv.key;
            if (!req.filtered) remaining = page.count - i;
            break;
          }
          items.push(obj);
        }
        if (nextKey !== undefined || page.continue === undefined) break;
        token = page.continue;
      }
    } catch (err) {
      if (isStorageError(err, 'Compacted')) {
        throw resourceExpired(req.continue ? CONTINUE_EXPIRED_MESSAGE : LIST_EXPIRED_MESSAGE);
      }
      if (isStorageError(err, 'FutureRevision'))
        throw tooLargeResourceVersion(revision ?? 0, await this.backend.currentRevision());
      throw this.storageFailure(err);
    }
    return this.page(items, readAt ?? 0, nextKey, remaining);
  }

  /** Opens a watch from the cache; 410 (as a StatusError) when the start is too old, 504 when in the future. */
  async watch(options: {
    namespace: string;
    filter: ObjectFilter;
    resourceVersion?: string;
    bookmarks: boolean;
    sendInitialEvents?: boolean;
  }): Promise<CacheWatcher> {
    const rv = options.resourceVersion;
    let from: number | undefined;
    if (options.sendInitialEvents) {
      if (rv !== undefined && rv !== '' && rv !== '0') {
        if (!(await this.cacher.waitForRevision(Number(rv), cacheWaitMs)))
          throw tooLargeResourceVersion(Number(rv), this.cacher.revision);
      }
      from = 0;
    } else if (rv !== undefined && rv !== '' && rv !== '0') {
      from = Number(rv);
      if (!(await this.cacher.waitForRevision(from, cacheWaitMs)))
        throw tooLargeResourceVersion(from, this.cacher.revision);
    }
    try {
      return this.cache.watch({
        fromRevision: from,
        filter: options.filter,
        keyPrefix: listPrefix(this.type, options.namespace),
        bookmarks: options.bookmarks,
        initialEventsEndBookmark: options.sendInitialEvents === true,
        snapshotRevision: this.cacher.revision,
      });
    } catch (err) {
      if (err instanceof TooOldResourceVersionError) throw tooOldResourceVersion(err.requested, err.oldest);
      throw err;
    }
  }

  /**
   * Creates an object (already defaulted, namespace filled in); returns it as stored. With
   * `consume` the caller hands the object over (a request body it will not touch again), and it is
   * prepared and stored as it is instead of as a copy.
   */
  async create(object: KubeObject, opts: WriteOptions, consume = false): Promise<KubeObject> {
    const obj = consume ? object : structuredClone(object);
    const initial = (obj.metadata ??= {});
    if (initial.resourceVersion)
      throw badRequest('resourceVersion should not be set on objects to be created');
    const generated = !initial.name && !!initial.generateName;
    for (let attempt = 0; ; attempt++) {
      if (generated) obj.metadata!.name = `${initial.generateName}${randomNameSuffix()}`;
      this.prepareCreate(obj, opts);
      // Strategies may have replaced the metadata object: read names from the object as it is now.
      const name = obj.metadata?.name ?? '';
      const namespace = obj.metadata?.namespace ?? '';
      const errors = [...validateObjectMeta(obj, this.type), ...(this.strategy.validate?.(obj, opts) ?? [])];
      if (errors.length > 0) throw invalid(this.gk, name, errors);
      await opts.admit?.(obj, undefined);
      await this.strategy.beforeCreate?.(obj, opts);
      if (opts.dryRun) {
        const existing = await this.find(namespace, name);
        if (existing !== undefined && !(generated && attempt < 8)) throw alreadyExists(this.qr, name);
        if (existing === undefined) return obj;
        continue;
      }
      const key = objectKey(this.type, namespace, name);
      let result;
      const value = this.encode(key, obj);
      try {
        result = await this.storage(() => this.backend.create(key, value));
      } catch (err) {
        await this.strategy.createFailed?.(obj, opts);
        throw err;
      }
      if (result.succeeded) return this.written(result.kv, obj, value);
      await this.strategy.createFailed?.(obj, opts);
      // A generated name that collided: try another, as upstream's RetryGenerateName does.
      if (!generated || attempt >= 8) throw alreadyExists(this.qr, name);
    }
  }

  private prepareCreate(obj: KubeObject, opts: WriteOptions): void {
    const meta = obj.metadata!;
    meta.uid = randomUUID();
    meta.creationTimestamp = formatRfc3339(opts.now);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.selfLink;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    // Upstream resets status on create; its Go structs then print an empty status as {}.
    if (this.strategy.hasStatus && !this.strategy.keepStatusOnCreate) obj['status'] = {};
    this.strategy.prepareForCreate?.(obj, opts);
    if (!opts.managedFieldsSet) {
      // Strategies may replace the metadata object (generated Job selectors do): use the current one.
      const created = (obj.metadata ??= {});
      created.managedFields = updateManagedFields(undefined, obj, this.managerWrite(opts));
      if (created.managedFields === undefined) delete created.managedFields;
    }
  }

  private managerWrite(opts: WriteOptions, subresource?: string) {
    return {
      manager: opts.fieldManager,
      apiVersion: opts.apiVersion,
      time: formatRfc3339(opts.now),
      ...(subresource ? { subresource } : {}),
    };
  }

  /**
   * Replaces an object (PUT). `subresource` 'status' changes only status. When the body carries a
   * resourceVersion it is a precondition; otherwise the update is retried on storage conflicts.
   * Returns the stored object and whether the PUT created it.
   */
  async update(
    namespace: string,
    name: string,
    object: KubeObject,
    opts: WriteOptions & { subresource?: string },
  ): Promise<{ object: KubeObject; created: boolean }> {
    const requestedRv = object.metadata?.resourceVersion;
    for (;;) {
      const key = objectKey(this.type, namespace, name);
      const kv = await this.storage(() => this.backend.get(key));
      if (kv === undefined) {
        if (this.strategy.allowCreateOnUpdate && !opts.subresource) {
          const { resourceVersion: _rv, ...meta } = object.metadata ?? {};
          return { object: await this.create({ ...object, metadata: meta }, opts), created: true };
        }
        throw notFound(this.qr, name);
      }
      const current = this.stored(kv);
      if (requestedRv === undefined || requestedRv === '') {
        if (!this.strategy.allowUnconditionalUpdate) {
          throw invalid(this.gk, name, [
            {
              type: 'FieldValueInvalid',
              field: 'metadata.resourceVersion',
              badValue: 0,
              detail: 'must be specified for an update',
            },
          ]);
        }
      } else if (requestedRv !== current.metadata?.resourceVersion) {
        throw conflict(this.qr, name, OPTIMISTIC_LOCK_ERROR_MESSAGE);
      }
      // With a resourceVersion precondition there is no second attempt: the body itself may be
      // written. Without one a conflict retries, so each attempt works on a copy.
      const body = requestedRv ? object : structuredClone(object);
      const outcome = await this.tryWrite(kv, current, body, opts, opts.subresource);
      if (outcome !== 'conflict') return { object: outcome, created: false };
      if (requestedRv) throw conflict(this.qr, name, OPTIMISTIC_LOCK_ERROR_MESSAGE);
    }
  }

  /**
   * Reads the current object, lets `mutate` produce the next version (it gets the current object
   * read-only, and `copy()` for a private copy to change; it may throw a StatusError), and writes
   * it with compare-and-swap, retrying `mutate` on conflicts — upstream's GuaranteedUpdate.
   * Patches and the server's own updates go through here.
   */
  async guaranteedUpdate(
    namespace: string,
    name: string,
    mutate: (current: KubeObject, copy: () => KubeObject) => KubeObject | Promise<KubeObject>,
    opts: WriteOptions & { subresource?: string; preconditionRv?: string },
  ): Promise<KubeObject> {
    for (;;) {
      const key = objectKey(this.type, namespace, name);
      const kv = await this.storage(() => this.backend.get(key));
      if (kv === undefined) throw notFound(this.qr, name);
      const current = this.stored(kv);
      // A copy only when `mutate` asks for one: a fresh decode of the stored bytes (faster than
      // copying the cached object, whose many shapes make a copy's property reads slow), the
      // attempt's own to change.
      const next = await mutate(current, () => decodeFromStorage(kv));
      const rv = next.metadata?.resourceVersion;
      if (rv && rv !== current.metadata?.resourceVersion)
        throw conflict(this.qr, name, OPTIMISTIC_LOCK_ERROR_MESSAGE);
      const outcome = await this.tryWrite(kv, current, next, opts, opts.subresource);
      if (outcome !== 'conflict') return outcome;
    }
  }

  /** Applies the update rules to `next` and writes it guarded by `kv`'s revision; 'conflict' if it raced. */
  private async tryWrite(
    kv: KeyValue,
    current: KubeObject,
    next: KubeObject,
    opts: WriteOptions,
    subresource?: string,
  ): Promise<KubeObject | 'conflict'> {
    const name = current.metadata?.name ?? '';
    next.metadata ??= {};
    const meta = next.metadata;
    const old = current.metadata ?? {};
    const special = subresource ? this.strategy.subresourceWrites?.[subresource] : undefined;
    if (special !== undefined) {
      // Its own copy of the stored object to rebuild: decoded afresh, twice as fast as a clone.
      const rebuilt = special(next, decodeFromStorage(kv), opts);
      rebuilt.metadata = { ...rebuilt.metadata, resourceVersion: meta.resourceVersion };
      return this.finishWrite(kv, current, rebuilt, opts, subresource);
    }
    if (subresource === 'status') {
      // A status write changes status, and — as upstream's status strategies allow — labels and
      // annotations; spec and the rest of metadata stay as stored.
      const status = next['status'];
      // `current` is this write's own decoded copy, so the rebuilt object may share its parts.
      const rebuilt: KubeObject = { ...current, status };
      if (status === undefined) delete rebuilt['status'];
      rebuilt.metadata = { ...rebuilt.metadata, resourceVersion: meta.resourceVersion };
      if (meta.labels !== undefined) rebuilt.metadata.labels = meta.labels;
      if (meta.annotations !== undefined) rebuilt.metadata.annotations = meta.annotations;
      this.strategy.prepareForStatusUpdate?.(rebuilt, current, opts);
      const statusErrors = this.strategy.validateStatusUpdate?.(rebuilt, current, opts) ?? [];
      if (statusErrors.length > 0) throw invalid(this.gk, name, statusErrors);
      return this.finishWrite(kv, current, rebuilt, opts, subresource);
    }
    // Upstream's BeforeUpdate: the server-owned metadata cannot be changed by a client.
    meta.generation = old.generation;
    if (!meta.uid) meta.uid = old.uid;
    if (old.creationTimestamp) meta.creationTimestamp = old.creationTimestamp;
    if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
    if (old.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) {
      meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
    }
    if (this.strategy.hasStatus) {
      if (current['status'] === undefined) delete next['status'];
      else next['status'] = current['status'];
    }
    this.strategy.prepareForUpdate?.(next, current, opts);
    // Strategies may replace the metadata object; keep working on the one the object holds now.
    const updatedMeta = (next.metadata ??= {});
    if (this.strategy.tracksGeneration && !deepEqual(specOf(next), specOf(current))) {
      updatedMeta.generation = (old.generation ?? 0) + 1;
    }
    const errors: FieldError[] = [
      ...validateObjectMetaUpdate(next, current, this.type),
      ...(this.strategy.validateUpdate?.(next, current, opts) ?? []),
    ];
    if (errors.length > 0) throw invalid(this.gk, name, errors);
    await this.strategy.beforeUpdate?.(next, current, opts);
    return this.finishWrite(kv, current, next, opts, subresource);
  }

  private async finishWrite(
    kv: KeyValue,
    current: KubeObject,
    next: KubeObject,
    opts: WriteOptions,
    subresource?: string,
  ): Promise<KubeObject | 'conflict'> {
    await opts.admit?.(next, current);
    const meta = next.metadata!;
    meta.resourceVersion = current.metadata?.resourceVersion;
    if (!opts.managedFieldsSet) {
      const managed = updateManagedFields(current, next, this.managerWrite(opts, subresource));
      if (managed === undefined) delete meta.managedFields;
      else meta.managedFields = managed;
    }
    // Finalizers emptied on an object whose deletion is due (grace period 0, as upstream's
    // shouldDeleteDuringUpdate): the update completes the deletion. A pod still in its grace
    // period keeps taking status writes until its kubelet deletes it.
    const deletionDue = current.metadata?.deletionGracePeriodSeconds === 0;
    if (
      meta.deletionTimestamp &&
      deletionDue &&
      (meta.finalizers ?? []).length === 0 &&
      this.canFinishDeletion(next)
    ) {
      if (opts.dryRun) return next;
      const r = await this.storage(() => this.backend.delete(kv.key, kv.modRevision));
      if (!r.succeeded) return 'conflict';
      await this.strategy.afterDelete?.(next);
      return { ...next, metadata: { ...meta, resourceVersion: String(r.revision) } };
    }
    const unchanged = deepEqual(withoutManagedTimes(next), withoutManagedTimes(current));
    // A value under an old encryption key is re-written as it is (upstream's stale read): that is
    // how re-writing every Secret after a key rotation re-encrypts them.
    if (unchanged && !storedValueIsStale(kv)) return current;
    if (opts.dryRun) return next;
    const stored = this.encode(kv.key, unchanged ? current : next);
    const r = await this.storage(() => this.backend.update(kv.key, stored, kv.modRevision));
    if (!r.succeeded) return 'conflict';
    return this.written(r.kv, unchanged ? current : next, stored);
  }

  /**
   * The stored form of `object`, about to be written as `key`. The watch cache is told, so the
   * write's own event reuses the object rather than parsing the bytes back (whichever of the event
   * and this write's completion comes first). The object is read-only from here on.
   */
  private encode(key: string, object: KubeObject): Uint8Array {
    const value = encodeForStorage(object);
    this.cacher.expectWrite(key, value, object);
    return value;
  }

  /**
   * The object just stored as `kv` (read-only, see encode), with its new resourceVersion; `value`
   * (its stored form) is remembered so the response need not serialize it again.
   */
  private written(kv: KeyValue, object: KubeObject, value: Uint8Array): KubeObject {
    const out = withResourceVersion(object, kv.modRevision);
    rememberStoredForm(out, value, kv.modRevision);
    return out;
  }

  /** Whether an object whose finalizers are all gone may now leave storage. */
  private canFinishDeletion(object: KubeObject): boolean {
    // Namespaces also wait for spec.finalizers (the namespace controller's "kubernetes" finalizer).
    if (this.type.group === '' && this.type.resource === 'namespaces') {
      const spec = object['spec'] as { finalizers?: string[] } | undefined;
      return (spec?.finalizers ?? []).length === 0;
    }
    return true;
  }

  /** Deletes an object following its finalizers, grace period and the propagation policy. */
  async delete(
    namespace: string,
    name: string,
    req: DeleteRequest,
    opts: WriteOptions,
  ): Promise<DeleteOutcome> {
    for (;;) {
      const key = objectKey(this.type, namespace, name);
      const kv = await this.storage(() => this.backend.get(key));
      if (kv === undefined) throw notFound(this.qr, name);
      const current = this.stored(kv);
      this.strategy.checkDelete?.(current);
      const meta = current.metadata ?? {};
      checkPreconditions(this.qr, name, req.preconditions, meta);
      const next = decodeFromStorage(kv);
      const nmeta = next.metadata!;
      const finalizers = new Set(nmeta.finalizers ?? []);
      if (req.propagationPolicy === 'Orphan' && !nmeta.deletionTimestamp) finalizers.add('orphan');
      if (req.propagationPolicy === 'Foreground' && !nmeta.deletionTimestamp)
        finalizers.add('foregroundDeletion');
      if (req.propagationPolicy === 'Background') {
        finalizers.delete('orphan');
        finalizers.delete('foregroundDeletion');
      }
      const grace = this.strategy.gracefulDeletion?.(current, req.gracePeriodSeconds)?.graceSeconds ?? 0;
      const holdForFinalizers = finalizers.size > 0 || !this.canFinishDeletion(current);
      if (!holdForFinalizers && (grace === 0 || (nmeta.deletionTimestamp !== undefined && grace === 0))) {
        if (opts.dryRun) return { object: current, deleted: true };
        const r = await this.storage(() => this.backend.delete(key, kv.modRevision));
        if (!r.succeeded) continue;
        await this.strategy.afterDelete?.(current);
        return {
          object: { ...current, metadata: { ...meta, resourceVersion: String(r.revision) } },
          deleted: true,
        };
      }
      // Graceful or finalizer-held: mark the object (upstream's BeforeDelete) and keep it.
      const deadline = new Date(opts.now.getTime() + grace * 1000);
      if (!nmeta.deletionTimestamp || grace < (nmeta.deletionGracePeriodSeconds ?? Infinity)) {
        const previousDeadline = nmeta.deletionTimestamp ? Date.parse(nmeta.deletionTimestamp) : Infinity;
        if (deadline.getTime() < previousDeadline) nmeta.deletionTimestamp = formatRfc3339(deadline);
        nmeta.deletionGracePeriodSeconds = grace;
        if (nmeta.generation !== undefined && nmeta.generation > 0 && !current.metadata?.deletionTimestamp)
          nmeta.generation++;
      }
      nmeta.finalizers = [...finalizers];
      if (nmeta.finalizers.length === 0) delete nmeta.finalizers;
      this.strategy.prepareForDelete?.(next, opts);
      if (deepEqual(next, current)) return { object: current, deleted: false };
      if (opts.dryRun) return { object: next, deleted: false };
      const value = this.encode(key, next);
      const r = await this.storage(() => this.backend.update(key, value, kv.modRevision));
      if (!r.succeeded) continue;
      return { object: this.written(r.kv, next, value), deleted: false };
    }
  }

  /**
   * The objects the watch cache holds now (one namespace, or all): for the server's own hot-path
   * lookups (authorization, admission), which tolerate the cache being a moment behind storage.
   */
  cachedList(namespace = ''): readonly KubeObject[] {
    return this.cache.objectsUnder(listPrefix(this.type, namespace));
  }

  /** The cached object, or undefined (see cachedList). */
  cachedGet(namespace: string, name: string): KubeObject | undefined {
    return this.cache.get(objectKey(this.type, namespace, name))?.object;
  }

  /** Number of open watches (for metrics). */
  get watcherCount(): number {
    return this.cache.watcherCount;
  }

  /** Number of stored objects (for metrics). */
  get objectCount(): number {
    return this.cache.size;
  }

  private async storage<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw this.storageFailure(err);
    }
  }

  private storageFailure(err: unknown): StatusError | unknown {
    if (isStorageError(err, 'ValueTooLarge')) return badRequest(err.message);
    if (isStorageError(err)) return internalError(err.message);
    return err;
  }
}

/** Everything but metadata and status: what a change of bumps metadata.generation. */
function specOf(o: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

function withoutManagedTimes(o: KubeObject): KubeObject {
  const managed = o.metadata?.managedFields?.map((e) => ({ ...e, time: undefined }));
  return { ...o, metadata: { ...o.metadata, managedFields: managed, resourceVersion: undefined } };
}
