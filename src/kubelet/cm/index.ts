// The kubelet's container manager: QoS classes, container and pod cgroup resources, and the
// cgroupfs tree (node allocatable kubepods, QoS tiers, pod cgroups) on cgroup v1 hybrid.
export { cgroupLayout, podCgroupPath, qosCgroup, type CgroupLayout } from './cgroup-layout.js';
export type { CgroupResources } from './cgroup-resources.js';
export { CgroupFs, type CgroupFsOptions, type CgroupHierarchy } from './cgroupfs.js';
export { ContainerManager, type ContainerManagerOptions } from './container-manager.js';
export { containerLinuxResources, type ContainerResourcesOptions } from './container-resources.js';
export { milliCpuToQuota, milliCpuToShares } from './cpu-conversions.js';
export {
  allocatableAmounts,
  nodeAllocatableResources,
  type NodeAllocatableInput,
} from './node-allocatable.js';
export { containerOomScoreAdjust } from './oom-score.js';
export { PodCgroupManager, type PodCgroupManagerOptions } from './pod-cgroup-manager.js';
export { podResourceConfig, type PodResourceConfigOptions } from './pod-resource-config.js';
export { podLimits, podRequests } from './pod-resources.js';
export { computePodQosClass, podQosClass, type QosClass } from './qos-class.js';
export { burstableCpuShares, QosCgroupManager } from './qos-cgroup-manager.js';
