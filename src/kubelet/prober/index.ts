// The kubelet's probes: workers per (pod, container, kind), result caches, and the probe handlers.
export {
  containerRef,
  podRef,
  formatPod,
  type KubeletEvent,
  type KubeletEventSink,
} from './container-event.js';
export {
  isExecTimeout,
  runtimeContainerId,
  type ContainerExec,
  type ExecCallOptions,
  type ExecSyncCall,
  type ExecSyncOutput,
} from './container-exec.js';
export { resolveContainerPort, joinHostPort, PortResolutionError } from './container-port.js';
export {
  healthServiceDefinition,
  servingStatus,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from './grpc-health-protocol.js';
export {
  httpGet,
  HttpGetError,
  maxProbeBodyBytes,
  type HttpGetOptions,
  type HttpGetResponse,
} from './http-get.js';
export { httpGetRequest, kubeUserAgent, type HttpGetRequest } from './http-get-request.js';
export type { PodStatusProvider } from './pod-status-provider.js';
export { probeKindName, probeKinds, type ProbeKind } from './probe-kind.js';
export { Prober, type ProberOptions, type ProbeTarget } from './prober.js';
export { ProberManager, type ProberManagerOptions, type ProbeRestart } from './prober-manager.js';
export {
  ResultsManager,
  type ProbeResult,
  type ProbeResultListener,
  type ProbeResultUpdate,
} from './results-manager.js';
