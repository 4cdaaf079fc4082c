// A container's environment as the kubelet builds it, and the downward API values it shares with volumes.
export * from './config-objects.js';
export * from './container-environment.js';
export * from './object-field-path.js';
export * from './pod-field-value.js';
export * from './resource-field-value.js';
export * from './service-env-vars.js';
export * from './variable-expansion.js';
