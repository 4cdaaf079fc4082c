// The kubelet's view of a container runtime: CRI v1 (runtime.v1) RuntimeService and ImageService,
// with camelCase fields and one request/response type per RPC, so kubelet code reads like upstream's.
// Implementations: the containerd gRPC client (cri-client.ts), the in-memory fake (fake-runtime.ts)
// and the simulated runtime. They differ from raw CRI in three deliberate ways:
//   - int64/uint64 are `number` (exact below 2^53; ns timestamps lose sub-microsecond precision,
//     which nothing in the kubelet looks at);
//   - the Int64Value/UInt64Value wrappers become optional numbers (absent = unset);
//   - runtime errors are thrown as CriError (cri-errors.ts) with a code such as 'NotFound'.

/** Per-call options: a deadline and a cancellation signal. */
export interface CallOptions {
  /** Give up after this many milliseconds (a DeadlineExceeded CriError); each client has a default. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A string-to-string map as CRI labels, annotations, sysctls and info use. */
export type StringMap = Readonly<Record<string, string>>;

// ---------------------------------------------------------------------------------------------
// Enums (their CRI names, as the wire carries them)

/** A sandbox is ready while its network namespace and pause process exist. */
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';
/** Lifecycle of one container. */
export type ContainerState =
  'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';
/** Where a namespace comes from: the pod's, the container's own, the node's, or another container's. */
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';
/** Port-mapping protocol. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';
/** Mount propagation of a bind mount. */
export type MountPropagation =
  'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';
/** Seccomp/AppArmor profile kinds. */
export type SecurityProfileType = 'RuntimeDefault' | 'Unconfined' | 'Localhost';

// ---------------------------------------------------------------------------------------------
// Shared messages

/** Identifies the pod a sandbox belongs to; `attempt` grows each time the sandbox is recreated. */
export interface PodSandboxMetadata {
  readonly name: string;
  readonly uid: string;
  readonly namespace: string;
  readonly attempt: number;
}

/** Identifies a container within its sandbox; `attempt` is the restart count. */
export interface ContainerMetadata {
  readonly name: string;
  readonly attempt: number;
}

/** An image reference (tag, digest or image id). */
export interface ImageSpec {
  readonly image: string;
  readonly annotations?: StringMap;
  /** The image as the user wrote it in the pod spec (for events), when it differs from `image`. */
  readonly userSpecifiedImage?: string;
}

/** One environment variable. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** Which namespaces a sandbox or container shares. */
export interface NamespaceOption {
  readonly network?: NamespaceMode;
  readonly pid?: NamespaceMode;
  readonly ipc?: NamespaceMode;
  /** The container whose namespace is joined when a mode is TARGET. */
  readonly targetId?: string;
}

/** A seccomp or AppArmor profile; `localhostRef` names the profile when the type is Localhost. */
export interface SecurityProfile {
  readonly profileType: SecurityProfileType;
  readonly localhostRef?: string;
}

/** SELinux labels (accepted for completeness; this machine has no SELinux). */
export interface SELinuxOption {
  readonly user?: string;
  readonly role?: string;
  readonly type?: string;
  readonly level?: string;
}

/** Resolver configuration written verbatim to the sandbox's /etc/resolv.conf. */
export interface DnsConfig {
  readonly servers?: readonly string[];
  readonly searches?: readonly string[];
  readonly options?: readonly string[];
}

/** A hostPort: traffic to hostIp:hostPort reaches containerPort in the sandbox. */
export interface PortMapping {
  readonly protocol?: Protocol;
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIp?: string;
}

/** A bind mount from the host into a container. */
export interface Mount {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly readonly?: boolean;
  readonly selinuxRelabel?: boolean;
  readonly propagation?: MountPropagation;
}

/** cgroup settings of one container; 0 (or absent) means "runtime default / unlimited". */
export interface LinuxContainerResources {
  readonly cpuPeriod?: number;
  readonly cpuQuota?: number;
  readonly cpuShares?: number;
  readonly memoryLimitInBytes?: number;
  readonly oomScoreAdj?: number;
  readonly cpusetCpus?: string;
  readonly cpusetMems?: string;
  /** cgroup v2 unified keys. */
  readonly unified?: StringMap;
  readonly memorySwapLimitInBytes?: number;
}

// ---------------------------------------------------------------------------------------------
// Sandboxes

/** Pod-level security: namespaces, identity and seccomp of the sandbox (pause) process. */
export interface LinuxSandboxSecurityContext {
  readonly namespaceOptions?: NamespaceOption;
  readonly selinuxOptions?: SELinuxOption;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly readonlyRootfs?: boolean;
  readonly supplementalGroups?: readonly number[];
  readonly privileged?: boolean;
  readonly seccomp?: SecurityProfile;
  readonly apparmor?: SecurityProfile;
}

/** Linux part of a sandbox config. */
export interface LinuxPodSandboxConfig {
  /** cgroupfs path of the pod cgroup, e.g. "/kubepods/burstable/pod<uid>". */
  readonly cgroupParent?: string;
  readonly securityContext?: LinuxSandboxSecurityContext;
  readonly sysctls?: StringMap;
  /** Informational (the kubelet sizes the pod cgroup itself). */
  readonly overhead?: LinuxContainerResources;
  /** Informational (the kubelet sizes the pod cgroup itself). */
  readonly resources?: LinuxContainerResources;
}

/** Everything needed to create a pod sandbox; CreateContainer needs the same object again. */
export interface PodSandboxConfig {
  readonly metadata: PodSandboxMetadata;
  readonly hostname?: string;
  /** Absolute directory for container logs; ContainerConfig.logPath is relative to it. */
  readonly logDirectory?: string;
  readonly dnsConfig?: DnsConfig;
  readonly portMappings?: readonly PortMapping[];
  readonly labels?: StringMap;
  readonly annotations?: StringMap;
  readonly linux?: LinuxPodSandboxConfig;
}

/** RunPodSandbox input; runtimeHandler "" selects the default runtime (runc). */
export interface RunPodSandboxRequest {
  readonly config: PodSandboxConfig;
  readonly runtimeHandler?: string;
}
/** RunPodSandbox result. */
export interface RunPodSandboxResponse {
  readonly podSandboxId: string;
}

/** Sandbox network as the runtime sees it: the pod IP and any further IPs (dual stack). */
export interface PodSandboxNetworkStatus {
  readonly ip: string;
  readonly additionalIps: readonly { readonly ip: string }[];
}

/** Full status of one sandbox. */
export interface PodSandboxStatus {
  readonly id: string;
  readonly metadata: PodSandboxMetadata;
  readonly state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  readonly createdAt: number;
  /** Absent for host-network sandboxes and while none is set up. */
  readonly network?: PodSandboxNetworkStatus;
  readonly linux?: { readonly namespaces?: { readonly options?: NamespaceOption } };
  readonly labels: StringMap;
  readonly annotations: StringMap;
  readonly runtimeHandler: string;
}

/** PodSandboxStatus input; verbose asks for `info` (runtime-specific JSON). */
export interface PodSandboxStatusRequest {
  readonly podSandboxId: string;
  readonly verbose?: boolean;
}
/** PodSandboxStatus result. */
export interface PodSandboxStatusResponse {
  readonly status: PodSandboxStatus;
  readonly info: StringMap;
}

/** Filters for ListPodSandbox; every set field must match. */
export interface PodSandboxFilter {
  readonly id?: string;
  readonly state?: PodSandboxState;
  readonly labelSelector?: StringMap;
}
/** ListPodSandbox input. */
export interface ListPodSandboxRequest {
  readonly filter?: PodSandboxFilter;
}
/** The summary of one sandbox in a list. */
export interface PodSandbox {
  readonly id: string;
  readonly metadata: PodSandboxMetadata;
  readonly state: PodSandboxState;
  /** Nanoseconds since the epoch. */
  readonly createdAt: number;
  readonly labels: StringMap;
  readonly annotations: StringMap;
  readonly runtimeHandler: string;
}
/** ListPodSandbox result. */
export interface ListPodSandboxResponse {
  readonly items: readonly PodSandbox[];
}

// ---------------------------------------------------------------------------------------------
// Containers

/** Linux capabilities to add to or drop from the runtime's default set ("ALL" is allowed). */
export interface Capability {
  readonly addCapabilities?: readonly string[];
  readonly dropCapabilities?: readonly string[];
  readonly addAmbientCapabilities?: readonly string[];
}

/** Container-level security. */
export interface LinuxContainerSecurityContext {
  readonly capabilities?: Capability;
  readonly privileged?: boolean;
  readonly namespaceOptions?: NamespaceOption;
  readonly selinuxOptions?: SELinuxOption;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  /** A user name resolved inside the image (used only when runAsUser is unset). */
  readonly runAsUsername?: string;
  readonly readonlyRootfs?: boolean;
  readonly supplementalGroups?: readonly number[];
  readonly noNewPrivs?: boolean;
  readonly maskedPaths?: readonly string[];
  readonly readonlyPaths?: readonly string[];
  readonly seccomp?: SecurityProfile;
  readonly apparmor?: SecurityProfile;
}

/** Linux part of a container config. */
export interface LinuxContainerConfig {
  readonly resources?: LinuxContainerResources;
  readonly securityContext?: LinuxContainerSecurityContext;
}

/** A host device exposed to a container. */
export interface Device {
  readonly containerPath: string;
  readonly hostPath: string;
  /** cgroup device permissions, e.g. "rwm". */
  readonly permissions: string;
}

/** Everything needed to create a container; command/args override the image's Entrypoint/Cmd as in a pod spec. */
export interface ContainerConfig {
  readonly metadata: ContainerMetadata;
  readonly image: ImageSpec;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  /** Merged over the image's Env. */
  readonly envs?: readonly KeyValue[];
  readonly mounts?: readonly Mount[];
  readonly devices?: readonly Device[];
  readonly labels?: StringMap;
  readonly annotations?: StringMap;
  /** Relative to the sandbox's logDirectory. */
  readonly logPath?: string;
  readonly stdin?: boolean;
  readonly stdinOnce?: boolean;
  readonly tty?: boolean;
  readonly linux?: LinuxContainerConfig;
}

/** CreateContainer input; sandboxConfig must be the config the sandbox was created with. */
export interface CreateContainerRequest {
  readonly podSandboxId: string;
  readonly config: ContainerConfig;
  readonly sandboxConfig: PodSandboxConfig;
}
/** CreateContainer result. */
export interface CreateContainerResponse {
  readonly containerId: string;
}

/** StopContainer input: SIGTERM, then SIGKILL after `timeout` seconds (0 = kill at once). */
export interface StopContainerRequest {
  readonly containerId: string;
  readonly timeout: number;
}

/** Filters for ListContainers; every set field must match. */
export interface ContainerFilter {
  readonly id?: string;
  readonly state?: ContainerState;
  readonly podSandboxId?: string;
  readonly labelSelector?: StringMap;
}
/** ListContainers input. */
export interface ListContainersRequest {
  readonly filter?: ContainerFilter;
}
/** The summary of one container in a list. */
export interface Container {
  readonly id: string;
  readonly podSandboxId: string;
  readonly metadata: ContainerMetadata;
  readonly image: ImageSpec;
  /** Here the image id (sha256:…), unlike ContainerStatus.imageRef which is the repo digest. */
  readonly imageRef: string;
  readonly state: ContainerState;
  /** Nanoseconds since the epoch. */
  readonly createdAt: number;
  readonly labels: StringMap;
  readonly annotations: StringMap;
}
/** ListContainers result. */
export interface ListContainersResponse {
  readonly containers: readonly Container[];
}

/** ContainerStatus input; verbose asks for `info` (runtime-specific JSON, e.g. the pid). */
export interface ContainerStatusRequest {
  readonly containerId: string;
  readonly verbose?: boolean;
}
/** Full status of one container. Times are ns since the epoch, 0 until the event happened. */
export interface ContainerStatus {
  readonly id: string;
  readonly metadata: ContainerMetadata;
  readonly state: ContainerState;
  readonly createdAt: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly exitCode: number;
  readonly image: ImageSpec;
  /** The repo digest ("repo@sha256:…") when the image was pulled, else the image id. */
  readonly imageRef: string;
  /** Why it exited: "Completed", "Error", "OOMKilled", ... ("" while running). */
  readonly reason: string;
  readonly message: string;
  readonly labels: StringMap;
  readonly annotations: StringMap;
  readonly mounts: readonly Mount[];
  /** Absolute path of the CRI-format log file. */
  readonly logPath: string;
  readonly resources?: { readonly linux?: LinuxContainerResources };
}
/** ContainerStatus result. */
export interface ContainerStatusResponse {
  readonly status: ContainerStatus;
  readonly info: StringMap;
}

/** UpdateContainerResources input (cgroup limits changed in place). */
export interface UpdateContainerResourcesRequest {
  readonly containerId: string;
  readonly linux?: LinuxContainerResources;
  readonly annotations?: StringMap;
}

/**
 * ExecSync input: run `cmd` in the container and wait up to `timeout` seconds (0 = no limit).
 * A timeout throws DeadlineExceeded and a missing binary Unknown: probes count both as failures.
 */
export interface ExecSyncRequest {
  readonly containerId: string;
  readonly cmd: readonly string[];
  readonly timeout?: number;
}
/** ExecSync result; stdout and stderr are kept apart. */
export interface ExecSyncResponse {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly exitCode: number;
}

/** Exec input; the answer is a one-time URL on the runtime's streaming server. */
export interface ExecRequest {
  readonly containerId: string;
  readonly cmd: readonly string[];
  readonly tty?: boolean;
  readonly stdin?: boolean;
  readonly stdout?: boolean;
  readonly stderr?: boolean;
}
/** Attach input; the answer is a one-time URL on the runtime's streaming server. */
export interface AttachRequest {
  readonly containerId: string;
  readonly stdin?: boolean;
  readonly tty?: boolean;
  readonly stdout?: boolean;
  readonly stderr?: boolean;
}
/** PortForward input; the answer is a one-time URL on the runtime's streaming server. */
export interface PortForwardRequest {
  readonly podSandboxId: string;
  readonly port?: readonly number[];
}
/** Exec/Attach/PortForward result: e.g. "http://127.0.0.1:PORT/exec/TOKEN" (websocket, v4.channel.k8s.io). */
export interface StreamingUrlResponse {
  readonly url: string;
}

// ---------------------------------------------------------------------------------------------
// Stats (all `timestamp`s in ns; counters absent when the runtime could not read them)

/** CPU usage: cumulative core-nanoseconds and an instantaneous rate in nanocores. */
export interface CpuUsage {
  readonly timestamp: number;
  readonly usageCoreNanoSeconds?: number;
  readonly usageNanoCores?: number;
}
/** Memory usage in bytes (workingSet is what eviction and `kubectl top` use). */
export interface MemoryUsage {
  readonly timestamp: number;
  readonly workingSetBytes?: number;
  readonly availableBytes?: number;
  readonly usageBytes?: number;
  readonly rssBytes?: number;
  readonly pageFaults?: number;
  readonly majorPageFaults?: number;
}
/** Usage of one filesystem (image fs, or a container's writable layer). */
export interface FilesystemUsage {
  readonly timestamp: number;
  readonly fsId?: { readonly mountpoint: string };
  readonly usedBytes?: number;
  readonly inodesUsed?: number;
}
/** Who a ContainerStats entry is about. */
export interface ContainerAttributes {
  readonly id: string;
  readonly metadata: ContainerMetadata;
  readonly labels: StringMap;
  readonly annotations: StringMap;
}
/** Resource usage of one container. */
export interface ContainerStats {
  readonly attributes: ContainerAttributes;
  readonly cpu?: CpuUsage;
  readonly memory?: MemoryUsage;
  readonly writableLayer?: FilesystemUsage;
}
/** Filters for ListContainerStats. */
export interface ContainerStatsFilter {
  readonly id?: string;
  readonly podSandboxId?: string;
  readonly labelSelector?: StringMap;
}
/** Traffic counters of one network interface. */
export interface NetworkInterfaceUsage {
  readonly name: string;
  readonly rxBytes?: number;
  readonly rxErrors?: number;
  readonly txBytes?: number;
  readonly txErrors?: number;
}
/** Linux usage of a whole pod sandbox. */
export interface LinuxPodSandboxStats {
  readonly cpu?: CpuUsage;
  readonly memory?: MemoryUsage;
  readonly network?: {
    readonly timestamp: number;
    readonly defaultInterface?: NetworkInterfaceUsage;
    readonly interfaces: readonly NetworkInterfaceUsage[];
  };
  readonly process?: { readonly timestamp: number; readonly processCount?: number };
  readonly containers: readonly ContainerStats[];
}
/** Resource usage of one pod sandbox. */
export interface PodSandboxStats {
  readonly attributes: {
    readonly id: string;
    readonly metadata: PodSandboxMetadata;
    readonly labels: StringMap;
    readonly annotations: StringMap;
  };
  readonly linux?: LinuxPodSandboxStats;
}

// ---------------------------------------------------------------------------------------------
// Runtime-wide

/** Version result, e.g. containerd / 1.6.20~ds1 / v1. */
export interface VersionResponse {
  readonly version: string;
  readonly runtimeName: string;
  readonly runtimeVersion: string;
  readonly runtimeApiVersion: string;
}
/** One runtime condition; the kubelet requires RuntimeReady and NetworkReady to be true. */
export interface RuntimeCondition {
  readonly type: string;
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
}
/** Status result. */
export interface StatusResponse {
  readonly status: { readonly conditions: readonly RuntimeCondition[] };
  readonly info: StringMap;
}

// ---------------------------------------------------------------------------------------------
// Images

/** An image the runtime holds. */
export interface Image {
  /** The image id (config digest, "sha256:…"). */
  readonly id: string;
  readonly repoTags: readonly string[];
  /** "repo@sha256:…"; empty for images imported rather than pulled. */
  readonly repoDigests: readonly string[];
  readonly size: number;
  /** The image's numeric USER, when it has one. */
  readonly uid?: number;
  /** The image's USER when it is a name. */
  readonly username: string;
  readonly pinned: boolean;
}
/** Registry credentials for one pull (from imagePullSecrets). */
export interface AuthConfig {
  readonly username?: string;
  readonly password?: string;
  readonly auth?: string;
  readonly serverAddress?: string;
  readonly identityToken?: string;
  readonly registryToken?: string;
}
/** PullImage input. */
export interface PullImageRequest {
  readonly image: ImageSpec;
  readonly auth?: AuthConfig;
  readonly sandboxConfig?: PodSandboxConfig;
}
/** PullImage result: the image id (config digest). */
export interface PullImageResponse {
  readonly imageRef: string;
}
/** ImageStatus result; `image` is absent when the runtime does not have it. */
export interface ImageStatusResponse {
  readonly image?: Image;
  readonly info: StringMap;
}
/** ImageFsInfo result. */
export interface ImageFsInfoResponse {
  readonly imageFilesystems: readonly FilesystemUsage[];
  readonly containerFilesystems: readonly FilesystemUsage[];
}

// ---------------------------------------------------------------------------------------------
// The services

/**
 * CRI RuntimeService: sandboxes, containers, streaming and stats. Every method rejects with a
 * CriError on failure; Stop/Remove are idempotent (no error for what is already gone), as CRI requires.
 */
export interface RuntimeService {
  /** The runtime's name and versions; `apiVersion` is the CRI version the caller speaks ("v1"). */
  version(apiVersion: string, options?: CallOptions): Promise<VersionResponse>;
  /** Runtime conditions (RuntimeReady, NetworkReady). */
  status(verbose: boolean, options?: CallOptions): Promise<StatusResponse>;
  /** Sets the node's pod CIDR on the runtime (CRI UpdateRuntimeConfig). */
  updateRuntimeConfig(podCidr: string, options?: CallOptions): Promise<void>;

  /** Creates and starts a sandbox (pause process, network namespace, CNI setup). */
  runPodSandbox(request: RunPodSandboxRequest, options?: CallOptions): Promise<RunPodSandboxResponse>;
  /** Stops the sandbox and all its containers and releases its network; idempotent. */
  stopPodSandbox(podSandboxId: string, options?: CallOptions): Promise<void>;
  /** Removes the sandbox and its containers; idempotent. */
  removePodSandbox(podSandboxId: string, options?: CallOptions): Promise<void>;
  /** Status of one sandbox; NotFound when it does not exist. */
  podSandboxStatus(
    request: PodSandboxStatusRequest,
    options?: CallOptions,
  ): Promise<PodSandboxStatusResponse>;
  /** Sandboxes matching the filter. */
  listPodSandbox(request?: ListPodSandboxRequest, options?: CallOptions): Promise<ListPodSandboxResponse>;

  /** Creates (not starts) a container in a sandbox. */
  createContainer(request: CreateContainerRequest, options?: CallOptions): Promise<CreateContainerResponse>;
  /** Starts a created container. */
  startContainer(containerId: string, options?: CallOptions): Promise<void>;
  /** Stops a container with a grace period; idempotent. */
  stopContainer(request: StopContainerRequest, options?: CallOptions): Promise<void>;
  /** Removes a container (killing it if needed); idempotent. */
  removeContainer(containerId: string, options?: CallOptions): Promise<void>;
  /** Containers matching the filter. */
  listContainers(request?: ListContainersRequest, options?: CallOptions): Promise<ListContainersResponse>;
  /** Status of one container; NotFound when it does not exist. */
  containerStatus(request: ContainerStatusRequest, options?: CallOptions): Promise<ContainerStatusResponse>;
  /** Changes a running container's cgroup limits. */
  updateContainerResources(request: UpdateContainerResourcesRequest, options?: CallOptions): Promise<void>;
  /** Asks the runtime to reopen a container's log file (after the kubelet rotated it). */
  reopenContainerLog(containerId: string, options?: CallOptions): Promise<void>;

  /** Runs a command in a container and waits for it. */
  execSync(request: ExecSyncRequest, options?: CallOptions): Promise<ExecSyncResponse>;
  /** A streaming URL for an interactive exec. */
  exec(request: ExecRequest, options?: CallOptions): Promise<StreamingUrlResponse>;
  /** A streaming URL to attach to a container's stdio. */
  attach(request: AttachRequest, options?: CallOptions): Promise<StreamingUrlResponse>;
  /** A streaming URL to forward ports into a sandbox. */
  portForward(request: PortForwardRequest, options?: CallOptions): Promise<StreamingUrlResponse>;

  /** Usage of one container. */
  containerStats(containerId: string, options?: CallOptions): Promise<ContainerStats>;
  /** Usage of the containers matching the filter. */
  listContainerStats(
    filter?: ContainerStatsFilter,
    options?: CallOptions,
  ): Promise<readonly ContainerStats[]>;
  /** Usage of one sandbox and its containers. */
  podSandboxStats(podSandboxId: string, options?: CallOptions): Promise<PodSandboxStats>;
}

/** CRI ImageService: pulls, lookups, removal and image filesystem usage. */
export interface ImageService {
  /** Images, optionally only those matching `filter`. */
  listImages(filter?: ImageSpec, options?: CallOptions): Promise<readonly Image[]>;
  /** One image; `image` absent (not an error) when the runtime does not have it. */
  imageStatus(image: ImageSpec, verbose?: boolean, options?: CallOptions): Promise<ImageStatusResponse>;
  /** Pulls an image; rejects (code Unknown/NotFound/...) when the pull fails. */
  pullImage(request: PullImageRequest, options?: CallOptions): Promise<PullImageResponse>;
  /** Removes an image; idempotent. */
  removeImage(image: ImageSpec, options?: CallOptions): Promise<void>;
  /** Usage of the filesystems holding images and writable layers. */
  imageFsInfo(options?: CallOptions): Promise<ImageFsInfoResponse>;
}
