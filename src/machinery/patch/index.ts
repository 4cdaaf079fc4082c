// JSON merge patch, JSON patch and strategic merge patch as the apiserver applies them, and their
// error mapping.
export * from './patch-error.js';
export * from './json-pointer.js';
export * from './merge-patch.js';
export * from './json-patch.js';
export * from './strategic-merge-patch.js';
export { StrategicMergePatchError, strategicMergePatchErrorToStatus } from './smp-error.js';
export type { StrategicMergePatchErrorKind } from './smp-error.js';
export { lenientPatchSchema, patchSchemaOf } from './smp-schema.js';
export type { PatchLookup, PatchMeta, PatchSchema } from './smp-schema.js';
