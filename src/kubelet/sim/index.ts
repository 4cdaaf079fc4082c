// Simulated nodes (kwok-class): node agents and a pod runtime simulated in-process, talking to the
// apiserver through the same client and informers a real kubelet uses.
export * from './sim-annotations.js';
export * from './sim-cluster.js';
export * from './sim-node-control.js';
export * from './sim-node-profile.js';
export * from './sim-pod.js';
