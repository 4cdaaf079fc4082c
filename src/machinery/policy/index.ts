// PodDisruptionBudget rules shared by the eviction subresource and the disruption controller.
export * from './eviction-rules.js';
export * from './pdb-conditions.js';
export * from './pdb-pods.js';
