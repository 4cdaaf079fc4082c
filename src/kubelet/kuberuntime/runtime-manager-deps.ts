// What the kubelet's runtime manager works with: the CRI services, the node's settings, and the
// helpers for images, env, hooks, probes and events that other parts of the kubelet own.
import type { Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { ContainerManager } from '../cm/container-manager.js';
import type { ContainerEnvResult } from '../container-env/container-environment.js';
import type { ImageService, RuntimeService } from '../cri/runtime-service.js';
import type { ContainerLifecycle } from '../lifecycle/container-lifecycle.js';
import type { KubeletEventSink } from '../prober/container-event.js';
import type { ImagePuller } from './image-puller.js';
import type { SandboxSettings } from './sandbox-config.js';

/** The runtime manager's collaborators and node settings. */
export interface RuntimeManagerDeps {
  readonly runtime: RuntimeService & ImageService;
  /** The runtime's name in container IDs ("containerd"). */
  readonly runtimeName: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly lifecycle: ContainerLifecycle;
  readonly images: ImagePuller;
  readonly onEvent: KubeletEventSink;
  readonly sandbox: SandboxSettings;
  /** The kubelet root directory (pods/<uid>/...). */
  readonly rootDir: string;
  /** The node's IPs: a host-network pod's IPs, for its environment and hosts file (as upstream's kubelet passes them). */
  readonly hostIPs: readonly string[];
  /** Pod cgroups and container resources. */
  readonly cgroups: ContainerManager;
  /** Resolves a container's environment for the given pod IPs. */
  readonly containerEnv: (
    pod: Pod,
    container: Container,
    podIPs: readonly string[],
  ) => Promise<ContainerEnvResult>;
  /** The pod's imagePullSecrets that exist. */
  readonly pullSecrets: (pod: Pod) => Promise<readonly Secret[]>;
  /** A liveness/startup failure asking to restart the container with this status ID. */
  readonly probeRestart: (
    containerName: string,
    statusContainerId: string,
  ) => { reason: 'LivenessProbe' | 'StartupProbe'; message: string } | undefined;
  /** True once the running container with this status ID counts as started. */
  readonly isStarted: (podUid: string, containerName: string, statusContainerId: string) => boolean;
}
