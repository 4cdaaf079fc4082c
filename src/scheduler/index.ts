// kube-scheduler: the scheduling queue, cache and snapshot, the framework with its extension
// points, the in-tree plugins, and startScheduler, which wires them to the cluster.
export * from './start-scheduler.js';
export * from './scheduler.js';
export * from './metrics.js';
export * from './config/types.js';
export * from './config/defaults.js';
export * from './config/load-config.js';
export * from './framework/status.js';
export * from './framework/cycle-state.js';
export * from './framework/interfaces.js';
export * from './framework/registry.js';
export * from './framework/handle.js';
export * from './framework/node-info.js';
export * from './framework/pod-info.js';
export * from './framework/cluster-event.js';
export * from './plugins/registry.js';
export * from './plugins/names.js';
