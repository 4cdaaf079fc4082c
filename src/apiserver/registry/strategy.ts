import type { KubeObject } from '../../api/object.js';
import type { FieldError } from '../../machinery/errors/index.js';

/** Who is asking and how: what strategies may need to decide (user for admission-like rules, clock). */
export interface WriteContext {
  readonly now: Date;
  readonly dryRun: boolean;
  readonly user?: { readonly name: string; readonly groups: readonly string[] };
}

/** What a DELETE decided: remove now, or mark the object and keep it until a grace period or finalizers end. */
export interface GracefulDecision {
  /** Seconds until the object should be gone; 0 = delete immediately (unless finalizers hold it). */
  readonly graceSeconds: number;
}

/**
 * Per-kind behaviour of the generic store (upstream's RESTCreateStrategy/RESTUpdateStrategy/...):
 * what a create or update may change, validation, status and generation handling, deletion rules.
 * Every hook is optional; `genericStrategy` supplies the upstream defaults.
 */
export interface Strategy {
  /** Objects have a status subresource: main writes keep the old status, status writes keep everything else. */
  readonly hasStatus: boolean;
  /** metadata.generation starts at 1 and grows by one on every spec change. */
  readonly tracksGeneration: boolean;
  /** PUT of a missing object creates it. */
  readonly allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion is allowed (last write wins). */
  readonly allowUnconditionalUpdate: boolean;
  /** DELETE answers with the deleted object instead of a Success Status. */
  readonly returnDeletedObject: boolean;
  /** A create keeps the status the client sent (nodes: the kubelet registers with its status). */
  readonly keepStatusOnCreate?: boolean;
  /** Work before a create is stored, that may fail or need storage (e.g. allocating a ClusterIP). */
  beforeCreate?(object: KubeObject, ctx: WriteContext): Promise<void>;
  /** Undoes beforeCreate when the create did not happen. */
  createFailed?(object: KubeObject, ctx: WriteContext): Promise<void>;
  /** Work before an update is stored (allocate or release for changed fields). */
  beforeUpdate?(object: KubeObject, old: KubeObject, ctx: WriteContext): Promise<void>;
  /** Work after an object left storage (release its allocations). */
  afterDelete?(object: KubeObject): Promise<void>;
  /** Fields changed on create before validation (clear status, set phase, ...). */
  prepareForCreate?(object: KubeObject, ctx: WriteContext): void;
  /** Fields changed on update before validation (e.g. keep immutable parts). Status/generation are handled generically. */
  prepareForUpdate?(object: KubeObject, old: KubeObject, ctx: WriteContext): void;
  /**
   * Writes through other subresources (namespaces/finalize, pods/binding): given the client's object
   * and the stored one, the object to store. Status and generation rules do not apply to them.
   */
  readonly subresourceWrites?: Readonly<
    Record<string, (next: KubeObject, current: KubeObject, ctx: WriteContext) => KubeObject>
  >;
  /** Extra changes a status-subresource write makes before validation. */
  prepareForStatusUpdate?(object: KubeObject, old: KubeObject, ctx: WriteContext): void;
  /** Errors in a status-subresource write, given the stored object (none checked when absent). */
  validateStatusUpdate?(object: KubeObject, old: KubeObject, ctx: WriteContext): FieldError[];
  /** Errors in a new object (metadata is validated generically). */
  validate?(object: KubeObject, ctx: WriteContext): FieldError[];
  /** Errors in an update, given the stored object. */
  validateUpdate?(object: KubeObject, old: KubeObject, ctx: WriteContext): FieldError[];
  /** Changes made when a deletion is recorded but the object stays (e.g. a namespace turns Terminating). */
  prepareForDelete?(object: KubeObject, ctx: WriteContext): void;
  /** Throws when this object may never be deleted (e.g. a system PriorityClass). */
  checkDelete?(object: KubeObject): void;
  /** How to delete this object given the requested grace period (undefined = not specified). */
  gracefulDeletion?(object: KubeObject, requestedGraceSeconds: number | undefined): GracefulDecision;
}

/** Upstream's defaults for a kind without special rules. */
export const genericStrategy: Strategy = {
  hasStatus: false,
  tracksGeneration: false,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  returnDeletedObject: false,
};
