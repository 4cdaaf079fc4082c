import type { KubeObject } from '../../api/object.js';
import type { TablePrinter } from '../../api/printers/types.js';
import type { ResourceType } from '../../api/scheme/resource-type.js';
import type { ResourceStore } from '../registry/resource-store.js';

/** One resource as served in one group-version: its store (shared by versions) and how to speak its version. */
export interface ServedResource {
  readonly type: ResourceType;
  readonly store: ResourceStore;
  readonly printer: TablePrinter;
  /** Converts a request object of this version to the storage version (identity for most kinds). */
  toStorage(object: KubeObject): KubeObject;
  /** Converts a stored object to this version, setting apiVersion and kind. */
  fromStorage(object: KubeObject): KubeObject;
  /** Applies upstream defaulting for this version, in place. */
  applyDefaults(object: KubeObject): void;
}
