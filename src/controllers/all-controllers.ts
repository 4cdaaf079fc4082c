import { bootstrapSignerDescriptor, tokenCleanerDescriptor } from './bootstrap/index.js';
import { clusterRoleAggregationDescriptor } from './clusterrole-aggregation/index.js';
import {
  csrApprovingDescriptor,
  csrCleanerDescriptor,
  csrSigningDescriptor,
  type ClusterSigningSettings,
} from './certificates/index.js';
import type { ControllerDescriptor } from './controller-context.js';
import { cronJobControllerDescriptor } from './cronjob/index.js';
import { daemonSetControllerDescriptor } from './daemonset/index.js';
import { deploymentControllerDescriptor } from './deployment/index.js';
import { disruptionDescriptor } from './disruption/index.js';
import { endpointsDescriptor } from './endpoints/index.js';
import { endpointSliceDescriptor } from './endpointslice/index.js';
import { endpointSliceMirroringDescriptor } from './endpointslice-mirroring/index.js';
import { garbageCollectorDescriptor } from './garbage-collector/index.js';
import { jobControllerDescriptor } from './job/index.js';
import { namespaceControllerDescriptor } from './namespace/index.js';
import { nodeIpamDescriptor } from './node-ipam/index.js';
import {
  nodeLifecycleDescriptor,
  taintEvictionDescriptor,
  type NodeLifecycleSettings,
} from './node-lifecycle/index.js';
import {
  persistentVolumeBinderDescriptor,
  pvcProtectionDescriptor,
  pvProtectionDescriptor,
} from './persistentvolume/index.js';
import { podGCDescriptor } from './pod-gc/index.js';
import { replicaSetControllerDescriptor, replicationControllerDescriptor } from './replicaset/index.js';
import { resourceQuotaDescriptor } from './resourcequota/index.js';
import { rootCACertPublisherDescriptor } from './root-ca-cert-publisher/index.js';
import { serviceAccountDescriptor } from './serviceaccount/index.js';
import { statefulSetControllerDescriptor } from './statefulset/index.js';
import { ttlAfterFinishedControllerDescriptor } from './ttl-after-finished/index.js';

/** Settings some controllers take from the controller manager's flags. */
export interface BuiltinControllerSettings {
  /** The cluster CA the root-ca-cert-publisher copies into every namespace (omitted: not run). */
  readonly caFile?: string;
  /** Pod CIDR ranges node-ipam allocates from (upstream --cluster-cidr; default 10.42.0.0/16). */
  readonly clusterCidrs?: readonly string[];
  /**
   * The CA csrsigning issues certificates with (upstream --cluster-signing-cert-file,
   * --cluster-signing-key-file, --cluster-signing-duration); omitted, csrsigning does nothing.
   */
  readonly clusterSigning?: ClusterSigningSettings;
  /** --node-monitor-grace-period, --node-monitor-period, --node-startup-grace-period. */
  readonly nodeLifecycle?: NodeLifecycleSettings;
}

/** Every controller the controller manager knows, by upstream name (the --controllers vocabulary). */
export function builtinControllers(settings: BuiltinControllerSettings = {}): ControllerDescriptor[] {
  return [
    namespaceControllerDescriptor,
    garbageCollectorDescriptor,
    replicaSetControllerDescriptor,
    replicationControllerDescriptor,
    deploymentControllerDescriptor,
    statefulSetControllerDescriptor,
    daemonSetControllerDescriptor,
    jobControllerDescriptor,
    cronJobControllerDescriptor,
    ttlAfterFinishedControllerDescriptor,
    endpointSliceDescriptor,
    endpointsDescriptor,
    endpointSliceMirroringDescriptor,
    serviceAccountDescriptor,
    ...(settings.caFile ? [rootCACertPublisherDescriptor({ caFile: settings.caFile })] : []),
    nodeLifecycleDescriptor(settings.nodeLifecycle),
    taintEvictionDescriptor,
    nodeIpamDescriptor(settings.clusterCidrs ? { clusterCIDRs: [...settings.clusterCidrs] } : {}),
    podGCDescriptor(),
    resourceQuotaDescriptor,
    disruptionDescriptor,
    persistentVolumeBinderDescriptor,
    pvcProtectionDescriptor,
    pvProtectionDescriptor,
    clusterRoleAggregationDescriptor,
    csrSigningDescriptor(settings.clusterSigning),
    csrApprovingDescriptor,
    csrCleanerDescriptor,
    bootstrapSignerDescriptor,
    tokenCleanerDescriptor,
  ];
}
