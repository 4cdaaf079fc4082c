import type { PluginFactory, PluginRegistry } from '../framework/registry.js';
import { newDefaultBinder } from './default-binder/default-binder.js';
import { newDefaultPreemption } from './default-preemption/default-preemption.js';
import { newImageLocality } from './image-locality/image-locality.js';
import { newInterPodAffinity } from './inter-pod-affinity/inter-pod-affinity.js';
import { pluginNames } from './names.js';
import { newNodeAffinity } from './node-affinity/node-affinity.js';
import { newNodeName } from './node-name/node-name.js';
import { newNodePorts } from './node-ports/node-ports.js';
import { newNodeResourcesBalancedAllocation } from './node-resources-balanced-allocation/node-resources-balanced-allocation.js';
import { newNodeResourcesFit } from './node-resources-fit/node-resources-fit.js';
import { newNodeUnschedulable } from './node-unschedulable/node-unschedulable.js';
import { newPodTopologySpread } from './pod-topology-spread/pod-topology-spread.js';
import { newPrioritySort } from './priority-sort/priority-sort.js';
import { newSchedulingGates } from './scheduling-gates/scheduling-gates.js';
import { newTaintToleration } from './taint-toleration/taint-toleration.js';
import { newVolumeBinding } from './volume-binding/volume-binding.js';
import { newVolumeRestrictions } from './volume-restrictions/volume-restrictions.js';

const factories: [string, PluginFactory][] = [
  [pluginNames.prioritySort, () => newPrioritySort()],
  [pluginNames.schedulingGates, () => newSchedulingGates()],
  [pluginNames.nodeUnschedulable, () => newNodeUnschedulable()],
  [pluginNames.nodeName, () => newNodeName()],
  [pluginNames.taintToleration, () => newTaintToleration()],
  [pluginNames.nodeAffinity, (args) => newNodeAffinity(args)],
  [pluginNames.nodePorts, () => newNodePorts()],
  [pluginNames.nodeResourcesFit, (args) => newNodeResourcesFit(args)],
  [pluginNames.nodeResourcesBalancedAllocation, (args) => newNodeResourcesBalancedAllocation(args)],
  [pluginNames.podTopologySpread, (args, h) => newPodTopologySpread(args, h)],
  [pluginNames.interPodAffinity, (args, h) => newInterPodAffinity(args, h)],
  [pluginNames.volumeRestrictions, (args, h) => newVolumeRestrictions(args, h)],
  [pluginNames.volumeBinding, (args, h) => newVolumeBinding(args, h)],
  [pluginNames.imageLocality, (args, h) => newImageLocality(args, h)],
  [pluginNames.defaultPreemption, (args, h) => newDefaultPreemption(args, h)],
  [pluginNames.defaultBinder, (args, h) => newDefaultBinder(args, h)],
];

/** Every in-tree plugin by name (upstream's NewInTreeRegistry). */
export function inTreeRegistry(): PluginRegistry {
  return new Map(factories);
}
