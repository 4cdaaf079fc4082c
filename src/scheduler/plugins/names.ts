/** The in-tree plugin names, as configuration files spell them. */
export const pluginNames = {
  prioritySort: 'PrioritySort',
  schedulingGates: 'SchedulingGates',
  nodeUnschedulable: 'NodeUnschedulable',
  nodeName: 'NodeName',
  taintToleration: 'TaintToleration',
  nodeAffinity: 'NodeAffinity',
  nodePorts: 'NodePorts',
  nodeResourcesFit: 'NodeResourcesFit',
  nodeResourcesBalancedAllocation: 'NodeResourcesBalancedAllocation',
  podTopologySpread: 'PodTopologySpread',
  interPodAffinity: 'InterPodAffinity',
  volumeRestrictions: 'VolumeRestrictions',
  volumeBinding: 'VolumeBinding',
  imageLocality: 'ImageLocality',
  defaultPreemption: 'DefaultPreemption',
  defaultBinder: 'DefaultBinder',
} as const;
