import type { FieldSelector } from '../machinery/fields/index.js';
import type { Selector } from '../machinery/labels/index.js';

/** A label selector as text ("app=web,tier!=db") or a parsed Selector. */
export type LabelSelectorInput = string | Selector;

/** A field selector as text ("metadata.name=x") or a parsed FieldSelector. */
export type FieldSelectorInput = string | FieldSelector;

/** Options every call accepts. */
export interface CallOptions {
  /** Cancels the call (and a watch's stream). */
  readonly signal?: AbortSignal;
}

/** Options of a GET of one object. */
export interface GetOptions extends CallOptions {
  /** "0" lets the server answer from its cache. */
  readonly resourceVersion?: string;
}

/** Options of a LIST (metav1.ListOptions without the watch fields). */
export interface ListOptions extends CallOptions {
  readonly labelSelector?: LabelSelectorInput;
  readonly fieldSelector?: FieldSelectorInput;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  readonly timeoutSeconds?: number;
}

/** Options of a WATCH (metav1.ListOptions with watch=true). */
export interface WatchOptions extends CallOptions {
  readonly labelSelector?: LabelSelectorInput;
  readonly fieldSelector?: FieldSelectorInput;
  /** Start after this version; unset or "0" starts with an ADDED event per existing object. */
  readonly resourceVersion?: string;
  readonly resourceVersionMatch?: 'NotOlderThan';
  readonly allowWatchBookmarks?: boolean;
  /** The server ends the stream cleanly after this many seconds. */
  readonly timeoutSeconds?: number;
  /** Watch-list: the current state as ADDED events, then a BOOKMARK marked initial-events-end. */
  readonly sendInitialEvents?: boolean;
  /**
   * The caller never modifies the events' objects (as informer caches do not), so they may be the
   * very objects other such watches in this process receive: decoded once for all of them.
   */
  readonly sharedObjects?: boolean;
}

/** Options of create, update and patch. */
export interface WriteOptions extends CallOptions {
  readonly dryRun?: boolean;
  /** Overrides the client's default field manager. */
  readonly fieldManager?: string;
  readonly fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

/** The four patch flavours and the content types they are sent with. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Options of a patch. */
export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take ownership of conflicting fields. */
  readonly force?: boolean;
  /** Patch a subresource ("status", "scale") instead of the object. */
  readonly subresource?: string;
}

/** metav1.DeleteOptions as a client sets them. */
export interface DeleteOptions extends CallOptions {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly dryRun?: boolean;
}

/** Options of a deletecollection: which objects (list options) and how (delete options). */
export interface DeleteCollectionOptions extends DeleteOptions {
  readonly labelSelector?: LabelSelectorInput;
  readonly fieldSelector?: FieldSelectorInput;
  readonly resourceVersion?: string;
}

/** The Content-Type each patch type is sent with. */
export const patchContentTypes: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};
