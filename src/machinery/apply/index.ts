// Server-side apply and field ownership (managedFields), as sigs.k8s.io/structured-merge-diff v4
// and the apiserver's field manager implement them.
export { apply, type ApplyOptions, type ApplyOutcome } from './apply.js';
export { recordUpdate, type UpdateOptions } from './record-update.js';
export { parseApplyBody } from './parse-apply-body.js';
export {
  applyTypeForKind,
  applyTypeOf,
  deducedType,
  untypedAtomicType,
  type ApplyType,
  type ListType,
  type MapType,
} from './apply-type.js';
export { customResourceType } from './custom-resource-type.js';
export { conflictError, conflictMessage, printManager, type Conflict } from './conflicts.js';
export { fieldSetOf } from './to-field-set.js';
export { fromFieldsV1, toFieldsV1, type FieldsV1 } from './fields-v1.js';
export { PathSet } from './path-set.js';
export { pathToString, type Path, type PathElement } from './path-element.js';
export { lastAppliedAnnotation } from './last-applied.js';
export { strippedFields, withoutManagedFields } from './object-shapes.js';
export type { ManagedFieldsEntry, ManagerIdentity } from './managed-fields-entry.js';
