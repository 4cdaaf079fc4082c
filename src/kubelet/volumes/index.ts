// The kubelet's volumes: what a pod worker uses to set up, refresh, mount and tear down a pod's volumes.
export * from './atomic-writer.js';
export * from './container-mounts.js';
export * from './mounter.js';
export * from './pod-volume-manager.js';
export * from './pod-volume-paths.js';
export * from './service-account-tokens.js';
export * from './volume-failures.js';
export * from './volume-host.js';
