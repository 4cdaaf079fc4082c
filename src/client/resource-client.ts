import type { Status } from '../machinery/errors/index.js';
import type { ApiObject, ObjectList } from './api-object.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { ApiRequest, KubeClient } from './kube-client.js';
import {
  patchContentTypes,
  type DeleteCollectionOptions,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type PatchOptions,
  type PatchType,
  type WatchOptions,
  type WriteOptions,
} from './request-options.js';
import { collectionPath, itemPath, targetApiVersion, type ResourceTarget } from './resource-path.js';
import { WatchStream } from './watch-stream.js';

/** An object as a PartialObjectMetadataList carries it: its type and its metadata only. */
export interface PartialObjectMetadata {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
}

/** What a ResourceClient is bound to. */
export interface ResourceClientOptions {
  readonly client: KubeClient;
  readonly target: ResourceTarget;
  /** Namespace of every call; unset means all namespaces (list, watch) or the object's own. */
  readonly namespace?: string;
}

interface WireList<T> {
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items?: T[] | null;
}

type QueryValue = string | number | boolean | { toString(): string } | undefined;

function query(params: Record<string, QueryValue>): URLSearchParams {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    q.set(key, String(value));
  }
  return q;
}

function deleteBody(opts: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts.gracePeriodSeconds !== undefined) body['gracePeriodSeconds'] = opts.gracePeriodSeconds;
  if (opts.propagationPolicy !== undefined) body['propagationPolicy'] = opts.propagationPolicy;
  if (opts.preconditions !== undefined) body['preconditions'] = opts.preconditions;
  if (opts.dryRun) body['dryRun'] = ['All'];
  return body;
}

/**
 * Typed calls on one resource: `get`, `list`, `create`, `update`, `updateStatus`, `patch`, `delete`,
 * `deleteCollection`, `watch`. Bind a namespace with `namespace(ns)`; writes otherwise go to the
 * object's own namespace. Failures throw StatusErrors decoded from the server's Status.
 */
export class ResourceClient<T extends ApiObject> {
  readonly target: ResourceTarget;
  /** The bound namespace, if any. */
  readonly boundNamespace: string | undefined;
  private readonly client: KubeClient;

  constructor(options: ResourceClientOptions) {
    this.client = options.client;
    this.target = options.target;
    this.boundNamespace = options.namespace;
  }

  /** The same client bound to `namespace` (ignored by cluster-scoped resources). */
  namespace(namespace: string): ResourceClient<T> {
    return new ResourceClient<T>({ client: this.client, target: this.target, namespace });
  }

  /** Reads one object. */
  async get(name: string, opts: GetOptions = {}): Promise<T> {
    return this.client.request<T>({
      method: 'GET',
      path: itemPath(this.target, this.itemNamespace(name), name),
      query: query({ resourceVersion: opts.resourceVersion }),
      ...signal(opts),
    });
  }

  /** Reads one page of the collection (all of it without `limit`). */
  async list(opts: ListOptions = {}): Promise<ObjectList<T>> {
    const wire = await this.client.request<WireList<T>>(this.listRequest(opts));
    const meta = wire.metadata ?? {};
    return {
      items: (wire.items ?? []).map((item) => this.withTypeMeta(item)),
      resourceVersion: meta.resourceVersion ?? '',
      ...(meta.continue ? { continue: meta.continue } : {}),
      ...(meta.remainingItemCount !== undefined ? { remainingItemCount: meta.remainingItemCount } : {}),
    };
  }

  /**
   * Lists the collection's objects as PartialObjectMetadata (their metadata only), as client-go's
   * metadata client does: for callers that need names, finalizers or owners, not whole objects.
   */
  async listMetadata(opts: ListOptions = {}): Promise<ObjectList<PartialObjectMetadata>> {
    const wire = await this.client.request<WireList<PartialObjectMetadata>>({
      ...this.listRequest(opts),
      accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
    });
    return { items: wire.items ?? [], resourceVersion: wire.metadata?.resourceVersion ?? '' };
  }

  private listRequest(opts: ListOptions): ApiRequest {
    return {
      method: 'GET',
      path: collectionPath(this.target, this.collectionNamespace()),
      query: query({
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        limit: opts.limit,
        continue: opts.continue,
        resourceVersion: opts.resourceVersion,
        resourceVersionMatch: opts.resourceVersionMatch,
        timeoutSeconds: opts.timeoutSeconds,
      }),
      ...signal(opts),
    };
  }

  /** Creates `object` (POST) and returns it as stored. */
  async create(object: T, opts: WriteOptions = {}): Promise<T> {
    return this.client.request<T>({
      method: 'POST',
      path: collectionPath(this.target, this.writeNamespace(object)),
      query: this.writeQuery(opts),
      body: object,
      ...signal(opts),
    });
  }

  /** Replaces `object` (PUT); its metadata.resourceVersion, when set, guards against lost updates. */
  async update(object: T, opts: WriteOptions = {}): Promise<T> {
    return this.client.request<T>({
      method: 'PUT',
      path: itemPath(this.target, this.writeNamespace(object), this.nameOf(object)),
      query: this.writeQuery(opts),
      body: object,
      ...signal(opts),
    });
  }

  /** Replaces the status of `object` through the /status subresource. */
  async updateStatus(object: T, opts: WriteOptions = {}): Promise<T> {
    return this.client.request<T>({
      method: 'PUT',
      path: itemPath(this.target, this.writeNamespace(object), this.nameOf(object), 'status'),
      query: this.writeQuery(opts),
      body: object,
      ...signal(opts),
    });
  }

  /** Patches an object: json (RFC 6902 ops), merge (RFC 7386), strategic, or server-side apply. */
  async patch(name: string, type: PatchType, patch: unknown, opts: PatchOptions = {}): Promise<T> {
    const q = this.writeQuery(opts);
    if (opts.force !== undefined) q.set('force', String(opts.force));
    return this.client.request<T>({
      method: 'PATCH',
      path: itemPath(this.target, this.itemNamespace(name), name, opts.subresource),
      query: q,
      body: patch,
      contentType: patchContentTypes[type],
      ...signal(opts),
    });
  }

  /** Deletes an object: the object (still terminating) or a Success Status (gone at once). */
  async delete(name: string, opts: DeleteOptions = {}): Promise<T | Status> {
    return this.client.request<T | Status>({
      method: 'DELETE',
      path: itemPath(this.target, this.itemNamespace(name), name),
      body: deleteBody(opts),
      ...signal(opts),
    });
  }

  /** Deletes every matching object of the bound namespace (or of all namespaces). */
  async deleteCollection(opts: DeleteCollectionOptions = {}): Promise<ObjectList<T> | Status> {
    const result = await this.client.request<WireList<T> | Status>(this.deleteCollectionRequest(opts));
    if ((result as Status).kind === 'Status') return result as Status;
    const list = result as WireList<T>;
    return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '' };
  }

  /**
   * Deletes every matching object like deleteCollection, without reading back the deleted objects
   * (upstream's namespace controller does not either: at thousands of pods that answer is tens of
   * megabytes to parse).
   */
  async deleteAll(opts: DeleteCollectionOptions = {}): Promise<void> {
    await this.client.requestIgnoringResult(this.deleteCollectionRequest(opts));
  }

  private deleteCollectionRequest(opts: DeleteCollectionOptions): ApiRequest {
    return {
      method: 'DELETE',
      path: collectionPath(this.target, this.collectionNamespace()),
      query: query({
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        resourceVersion: opts.resourceVersion,
      }),
      body: deleteBody(opts),
      ...signal(opts),
    };
  }

  /**
   * Opens a watch; resolves once the server answered 200, so a failure to start rejects here while
   * later failures (ERROR events, broken connections) are thrown by the iteration.
   */
  async watch(opts: WatchOptions = {}): Promise<WatchStream<T>> {
    const controller = new AbortController();
    const combined = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
    const res = await this.client.stream({
      method: 'GET',
      path: collectionPath(this.target, this.collectionNamespace()),
      query: query({
        watch: 'true',
        labelSelector: opts.labelSelector,
        fieldSelector: opts.fieldSelector,
        resourceVersion: opts.resourceVersion,
        resourceVersionMatch: opts.resourceVersionMatch,
        allowWatchBookmarks: opts.allowWatchBookmarks,
        timeoutSeconds: opts.timeoutSeconds,
        sendInitialEvents: opts.sendInitialEvents,
      }),
      signal: combined,
    });
    return new WatchStream<T>({
      body: res.body,
      controller,
      signal: combined,
      ...(opts.sharedObjects ? { sharedObjects: true } : {}),
    });
  }

  private writeQuery(opts: WriteOptions): URLSearchParams {
    return query({
      fieldManager: opts.fieldManager ?? this.client.fieldManager,
      dryRun: opts.dryRun ? 'All' : undefined,
      fieldValidation: opts.fieldValidation,
    });
  }

  private nameOf(object: T): string {
    const name = object.metadata?.name;
    if (!name) throw new TypeError(`Cannot write ${this.target.resource}: the object has no metadata.name`);
    return name;
  }

  private collectionNamespace(): string | undefined {
    return this.target.namespaced === false ? undefined : this.boundNamespace;
  }

  /** The namespace of a call on one named object: the bound one. */
  private itemNamespace(name: string): string | undefined {
    if (this.target.namespaced === false) return undefined;
    const ns = this.boundNamespace;
    if (this.target.namespaced === true && !ns)
      throw new TypeError(`Cannot address ${this.target.resource} "${name}": no namespace given`);
    return ns;
  }

  private writeNamespace(object: T): string | undefined {
    if (this.target.namespaced === false) return undefined;
    const ns = this.boundNamespace ?? object.metadata?.namespace;
    if (this.target.namespaced === true && !ns)
      throw new TypeError(`Cannot write ${this.target.resource}: no namespace given and none in the object`);
    return ns;
  }

  /** List items come without apiVersion and kind from some servers; fill them in for generic readers. */
  private withTypeMeta(item: T): T {
    if (item.apiVersion !== undefined && item.kind !== undefined) return item;
    const kind = this.target.kind;
    if (kind === undefined) return item;
    return { apiVersion: targetApiVersion(this.target), kind, ...item };
  }
}

function signal(opts: { readonly signal?: AbortSignal }): { signal?: AbortSignal } {
  return opts.signal !== undefined ? { signal: opts.signal } : {};
}
