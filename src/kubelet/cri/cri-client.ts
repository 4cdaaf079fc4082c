// RuntimeService + ImageService over CRI v1 gRPC on a unix socket (containerd's, or any CRI runtime's).
// One channel serves both services. Every call gets a deadline (as upstream's remote runtime does:
// the request timeout, exec timeouts on top of it, none for pulls) and can be cancelled by a signal;
// gRPC failures come back as CriError with the status code's name.
import { credentials, Client, Metadata, status as grpcStatus, type ServiceError } from '@grpc/grpc-js';
import { CriError, criErrorCodeOf } from './cri-errors.js';
import { loadCriSchema, type CriMethod } from './cri-proto.js';
import { containerConfigToWire, filterToWire, fromWire, sandboxConfigToWire } from './cri-wire.js';
import type {
  AttachRequest,
  CallOptions,
  ContainerStats,
  ContainerStatsFilter,
  ContainerStatusRequest,
  ContainerStatusResponse,
  CreateContainerRequest,
  CreateContainerResponse,
  ExecRequest,
  ExecSyncRequest,
  ExecSyncResponse,
  Image,
  ImageFsInfoResponse,
  ImageService,
  ImageSpec,
  ImageStatusResponse,
  ListContainersRequest,
  ListContainersResponse,
  ListPodSandboxRequest,
  ListPodSandboxResponse,
  PodSandboxStats,
  PodSandboxStatusRequest,
  PodSandboxStatusResponse,
  PortForwardRequest,
  PullImageRequest,
  PullImageResponse,
  RunPodSandboxRequest,
  RunPodSandboxResponse,
  RuntimeService,
  StatusResponse,
  StopContainerRequest,
  StreamingUrlResponse,
  UpdateContainerResourcesRequest,
  VersionResponse,
} from './runtime-service.js';

/** Constructor options. */
export interface CriClientOptions {
  /** "unix:///run/containerd/containerd.sock" or a plain socket path. */
  readonly endpoint: string;
  /** Default deadline per call (upstream's --runtime-request-timeout, 2 min). */
  readonly requestTimeoutMs?: number;
  /** Called after every RPC with its duration; for metrics and benchmarks. */
  readonly observe?: (rpc: string, durationMs: number, error: CriError | undefined) => void;
}

// Upstream's kubelet raises the receive limit to 16 MiB so large container lists fit.
const maxMessageBytes = 16 * 1024 * 1024;

/** The gRPC target for an endpoint given as a path or a unix:// URL. */
export function grpcTarget(endpoint: string): string {
  if (endpoint.startsWith('unix://')) return `unix://${endpoint.slice('unix://'.length)}`;
  if (endpoint.startsWith('/')) return `unix://${endpoint}`;
  return endpoint;
}

type DeadlinePolicy = 'default' | 'none' | { extraMs: number };

/** A CRI v1 gRPC client: both CRI services over one channel. */
export class CriClient implements RuntimeService, ImageService {
  private readonly client: Client;
  private readonly runtime: ReadonlyMap<string, CriMethod>;
  private readonly image: ReadonlyMap<string, CriMethod>;
  private readonly requestTimeoutMs: number;
  private readonly observe: CriClientOptions['observe'];

  constructor(options: CriClientOptions) {
    const schema = loadCriSchema();
    this.runtime = schema.get('RuntimeService') ?? new Map();
    this.image = schema.get('ImageService') ?? new Map();
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.observe = options.observe;
    this.client = new Client(grpcTarget(options.endpoint), credentials.createInsecure(), {
      'grpc.max_receive_message_length': maxMessageBytes,
      'grpc.max_send_message_length': maxMessageBytes,
    });
  }

  /** Closes the channel; calls made afterwards fail. */
  close(): void {
    this.client.close();
  }

  // ---- RuntimeService --------------------------------------------------------------------------

  /** @inheritdoc */
  version(apiVersion: string, options?: CallOptions): Promise<VersionResponse> {
    return this.call(this.runtime, 'Version', { version: apiVersion }, options);
  }

  /** @inheritdoc */
  status(verbose: boolean, options?: CallOptions): Promise<StatusResponse> {
    return this.call(this.runtime, 'Status', { verbose }, options);
  }

  /** @inheritdoc */
  async updateRuntimeConfig(podCidr: string, options?: CallOptions): Promise<void> {
    await this.call(
      this.runtime,
      'UpdateRuntimeConfig',
      { runtimeConfig: { networkConfig: { podCidr } } },
      options,
    );
  }

  /** @inheritdoc */
  runPodSandbox(request: RunPodSandboxRequest, options?: CallOptions): Promise<RunPodSandboxResponse> {
    const wire = { config: sandboxConfigToWire(request.config), runtimeHandler: request.runtimeHandler };
    return this.call(this.runtime, 'RunPodSandbox', wire, options);
  }

  /** @inheritdoc */
  async stopPodSandbox(podSandboxId: string, options?: CallOptions): Promise<void> {
    await this.call(this.runtime, 'StopPodSandbox', { podSandboxId }, options);
  }

  /** @inheritdoc */
  async removePodSandbox(podSandboxId: string, options?: CallOptions): Promise<void> {
    await this.call(this.runtime, 'RemovePodSandbox', { podSandboxId }, options);
  }

  /** @inheritdoc */
  podSandboxStatus(
    request: PodSandboxStatusRequest,
    options?: CallOptions,
  ): Promise<PodSandboxStatusResponse> {
    return this.call(this.runtime, 'PodSandboxStatus', request, options);
  }

  /** @inheritdoc */
  listPodSandbox(
    request: ListPodSandboxRequest = {},
    options?: CallOptions,
  ): Promise<ListPodSandboxResponse> {
    return this.call(this.runtime, 'ListPodSandbox', { filter: filterToWire(request.filter) }, options);
  }

  /** @inheritdoc */
  createContainer(request: CreateContainerRequest, options?: CallOptions): Promise<CreateContainerResponse> {
    const wire = {
      podSandboxId: request.podSandboxId,
      config: containerConfigToWire(request.config),
      sandboxConfig: sandboxConfigToWire(request.sandboxConfig),
    };
    return this.call(this.runtime, 'CreateContainer', wire, options);
  }

  /** @inheritdoc */
  async startContainer(containerId: string, options?: CallOptions): Promise<void> {
    await this.call(this.runtime, 'StartContainer', { containerId }, options);
  }

  /** @inheritdoc */
  async stopContainer(request: StopContainerRequest, options?: CallOptions): Promise<void> {
    // The grace period runs inside the call, so the deadline must outlast it (as upstream does).
    await this.call(this.runtime, 'StopContainer', request, options, { extraMs: request.timeout * 1000 });
  }

  /** @inheritdoc */
  async removeContainer(containerId: string, options?: CallOptions): Promise<void> {
    await this.call(this.runtime, 'RemoveContainer', { containerId }, options);
  }

  /** @inheritdoc */
  listContainers(
    request: ListContainersRequest = {},
    options?: CallOptions,
  ): Promise<ListContainersResponse> {
    return this.call(this.runtime, 'ListContainers', { filter: filterToWire(request.filter) }, options);
  }

  /** @inheritdoc */
  containerStatus(request: ContainerStatusRequest, options?: CallOptions): Promise<ContainerStatusResponse> {
    return this.call(this.runtime, 'ContainerStatus', request, options);
  }

  /** @inheritdoc */
  async updateContainerResources(
    request: UpdateContainerResourcesRequest,
    options?: CallOptions,
  ): Promise<void> {
    await this.call(this.runtime, 'UpdateContainerResources', request, options);
  }

  /** @inheritdoc */
  async reopenContainerLog(containerId: string, options?: CallOptions): Promise<void> {
    await this.call(this.runtime, 'ReopenContainerLog', { containerId }, options);
  }

  /** @inheritdoc */
  execSync(request: ExecSyncRequest, options?: CallOptions): Promise<ExecSyncResponse> {
    // The runtime enforces `timeout` itself (answering DeadlineExceeded); our deadline only backs it up.
    const timeout = request.timeout ?? 0;
    return this.call(
      this.runtime,
      'ExecSync',
      request,
      options,
      timeout > 0 ? { extraMs: timeout * 1000 } : 'none',
    );
  }

  /** @inheritdoc */
  exec(request: ExecRequest, options?: CallOptions): Promise<StreamingUrlResponse> {
    return this.call(this.runtime, 'Exec', request, options);
  }

  /** @inheritdoc */
  attach(request: AttachRequest, options?: CallOptions): Promise<StreamingUrlResponse> {
    return this.call(this.runtime, 'Attach', request, options);
  }

  /** @inheritdoc */
  portForward(request: PortForwardRequest, options?: CallOptions): Promise<StreamingUrlResponse> {
    return this.call(this.runtime, 'PortForward', request, options);
  }

  /** @inheritdoc */
  async containerStats(containerId: string, options?: CallOptions): Promise<ContainerStats> {
    const r = await this.call<{ stats: ContainerStats }>(
      this.runtime,
      'ContainerStats',
      { containerId },
      options,
    );
    return r.stats;
  }

  /** @inheritdoc */
  async listContainerStats(
    filter?: ContainerStatsFilter,
    options?: CallOptions,
  ): Promise<readonly ContainerStats[]> {
    const r = await this.call<{ stats: ContainerStats[] }>(
      this.runtime,
      'ListContainerStats',
      { filter },
      options,
    );
    return r.stats;
  }

  /** @inheritdoc */
  async podSandboxStats(podSandboxId: string, options?: CallOptions): Promise<PodSandboxStats> {
    const r = await this.call<{ stats: PodSandboxStats }>(
      this.runtime,
      'PodSandboxStats',
      { podSandboxId },
      options,
    );
    return r.stats;
  }

  // ---- ImageService ----------------------------------------------------------------------------

  /** @inheritdoc */
  async listImages(filter?: ImageSpec, options?: CallOptions): Promise<readonly Image[]> {
    const wire = filter === undefined ? {} : { filter: { image: filter } };
    const r = await this.call<{ images: Image[] }>(this.image, 'ListImages', wire, options);
    return r.images;
  }

  /** @inheritdoc */
  imageStatus(image: ImageSpec, verbose = false, options?: CallOptions): Promise<ImageStatusResponse> {
    return this.call(this.image, 'ImageStatus', { image, verbose }, options);
  }

  /** @inheritdoc */
  pullImage(request: PullImageRequest, options?: CallOptions): Promise<PullImageResponse> {
    const wire = {
      image: request.image,
      auth: request.auth,
      sandboxConfig:
        request.sandboxConfig === undefined ? undefined : sandboxConfigToWire(request.sandboxConfig),
    };
    // Upstream puts no deadline on pulls: a large image on a slow link may take many minutes.
    return this.call(this.image, 'PullImage', wire, options, 'none');
  }

  /** @inheritdoc */
  async removeImage(image: ImageSpec, options?: CallOptions): Promise<void> {
    await this.call(this.image, 'RemoveImage', { image }, options);
  }

  /** @inheritdoc */
  imageFsInfo(options?: CallOptions): Promise<ImageFsInfoResponse> {
    return this.call(this.image, 'ImageFsInfo', {}, options);
  }

  // ---- transport -------------------------------------------------------------------------------

  private deadlineFor(options: CallOptions | undefined, policy: DeadlinePolicy): Date | number {
    if (options?.timeoutMs !== undefined) return Date.now() + options.timeoutMs;
    if (policy === 'none') return Infinity;
    const extra = policy === 'default' ? 0 : policy.extraMs;
    return Date.now() + this.requestTimeoutMs + extra;
  }

  private call<T>(
    service: ReadonlyMap<string, CriMethod>,
    rpc: string,
    request: object,
    options: CallOptions | undefined,
    policy: DeadlinePolicy = 'default',
  ): Promise<T> {
    const method = service.get(rpc);
    if (method === undefined) return Promise.reject(new CriError('Unimplemented', 'not in our schema', rpc));
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(new CriError('Canceled', 'aborted before the call', rpc));
    const started = performance.now();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => call.cancel();
      const call = this.client.makeUnaryRequest(
        method.path,
        method.serialize,
        method.deserialize,
        request,
        new Metadata(),
        { deadline: this.deadlineFor(options, policy) },
        (err: ServiceError | null, response?: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          const error = err === null ? undefined : toCriError(err, rpc);
          this.observe?.(rpc, performance.now() - started, error);
          if (error !== undefined) reject(error);
          else resolve(fromWire<T>(response));
        },
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** A gRPC ServiceError as a CriError (code by name, the runtime's message without gRPC's prefix). */
export function toCriError(err: ServiceError, rpc: string): CriError {
  const code = typeof err.code === 'number' ? err.code : grpcStatus.UNKNOWN;
  return new CriError(criErrorCodeOf(code), err.details || err.message, rpc);
}
