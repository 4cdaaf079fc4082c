// What the runtime manager needs from the container manager (cm/ContainerManager fits as is): the
// sandbox's cgroup parent, each container's cgroup resources, and the pod cgroup's lifecycle.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { LinuxContainerResources } from '../cri/runtime-service.js';

/** Pod and container cgroups. */
export interface PodCgroups {
  /** The CRI cgroup_parent of the pod's sandbox, e.g. "/kubepods/besteffort/pod<uid>". */
  podCgroupParent(pod: Pod): string;
  /** The CRI LinuxContainerResources of one of the pod's containers. */
  containerResources(pod: Pod, container: Container): LinuxContainerResources;
  /** Creates the pod cgroup (sized to the pod) before its sandbox. */
  ensurePodCgroup(pod: Pod): Promise<void>;
  /** Pod UID → cgroup path of every pod cgroup on the node. */
  podCgroups(): Promise<Map<string, string>>;
  /** Removes one pod's cgroup after its sandbox is gone. */
  removePodCgroup(cgroup: string): Promise<void>;
}
