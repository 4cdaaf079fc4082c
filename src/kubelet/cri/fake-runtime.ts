// An in-memory CRI runtime for kubelet unit tests (the fake at the process boundary). It keeps
// sandboxes, containers and images like containerd does, follows CRI's idempotency rules, records
// every call, and lets a test script what the real world would do: containers that exit with a
// code (now or after a while on the injected clock), OOM kills, failing pulls, exec results, errors.
import { createHash } from 'node:crypto';
import { systemClock, type Cancel, type Clock } from '../../base/clock.js';
import { CriError, type CriErrorCode } from './cri-errors.js';
import { FakeImageStore, type FakePullScript } from './fake-image-store.js';
import type {
  AttachRequest,
  CallOptions,
  Container,
  ContainerConfig,
  ContainerFilter,
  ContainerStats,
  ContainerStatsFilter,
  ContainerStatus,
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
  LinuxContainerResources,
  ListContainersRequest,
  ListContainersResponse,
  ListPodSandboxRequest,
  ListPodSandboxResponse,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxStats,
  PodSandboxStatusRequest,
  PodSandboxStatusResponse,
  PortForwardRequest,
  PullImageRequest,
  PullImageResponse,
  RunPodSandboxRequest,
  RunPodSandboxResponse,
  RuntimeCondition,
  RuntimeService,
  StatusResponse,
  StopContainerRequest,
  StreamingUrlResponse,
  StringMap,
  UpdateContainerResourcesRequest,
  VersionResponse,
} from './runtime-service.js';

/** The name of any RuntimeService or ImageService method. */
export type FakeRuntimeMethod = keyof RuntimeService | keyof ImageService;

/** One recorded call: the method and its first argument. */
export interface FakeCall {
  readonly method: FakeRuntimeMethod;
  readonly request: unknown;
}

/** How the containers a script matches behave once started. */
export interface FakeContainerScript {
  /** Exit on their own this long after start (0 = at once); absent = run until stopped. */
  readonly exitAfterMs?: number;
  /** Exit code of that exit (default 0). */
  readonly exitCode?: number;
  /** Reason of that exit (default "Completed" for 0, else "Error"; "OOMKilled" for OOM). */
  readonly reason?: string;
  readonly message?: string;
  /** StartContainer fails with this error (the container stays CREATED, as with a bad command). */
  readonly startError?: CriError;
  /** Ignore SIGTERM: a graceful stop ends with 137 instead of exiting cleanly. */
  readonly ignoresSigterm?: boolean;
  /** ExecSync answer for a command; default exit 0 with no output. */
  readonly exec?: (cmd: readonly string[]) => ExecSyncResponse | CriError;
}

/** Which containers a script applies to: a container name, or a predicate. */
export type FakeContainerMatcher = string | ((config: ContainerConfig, sandbox: PodSandboxConfig) => boolean);

/** Constructor options. */
export interface FakeRuntimeOptions {
  /** Drives timestamps and scripted exits (default the system clock). */
  readonly clock?: Clock;
  /** Images present from the start. */
  readonly images?: readonly string[];
  /** The first three octets of sandbox IPs (default "10.88.0"). */
  readonly podIpPrefix?: string;
}

interface FakeSandbox {
  readonly id: string;
  readonly config: PodSandboxConfig;
  readonly runtimeHandler: string;
  readonly createdAt: number;
  readonly ip: string;
  ready: boolean;
}

interface FakeContainer {
  readonly id: string;
  readonly podSandboxId: string;
  readonly config: ContainerConfig;
  readonly script: FakeContainerScript;
  readonly image: Image;
  readonly createdAt: number;
  resources: LinuxContainerResources | undefined;
  state: 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED';
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  cancelExit: Cancel | undefined;
  usage: { cpuNanoCores: number; memoryWorkingSetBytes: number };
}

const nsPerMs = 1_000_000;

function matchesLabels(labels: StringMap | undefined, selector: StringMap | undefined): boolean {
  if (selector === undefined) return true;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function exitReason(exitCode: number): string {
  return exitCode === 0 ? 'Completed' : 'Error';
}

/** An in-memory RuntimeService + ImageService with scripting hooks for tests. */
export class FakeRuntime implements RuntimeService, ImageService {
  /** Every call made, in order. */
  readonly calls: FakeCall[] = [];
  /** The image store (add images, script pulls). */
  readonly images: FakeImageStore;
  private readonly clock: Clock;
  private readonly podIpPrefix: string;
  private readonly sandboxes = new Map<string, FakeSandbox>();
  private readonly containers = new Map<string, FakeContainer>();
  private readonly scripts: { match: FakeContainerMatcher; script: FakeContainerScript }[] = [];
  private readonly injected = new Map<FakeRuntimeMethod, CriError[]>();
  private readonly conditions = new Map<string, RuntimeCondition>([
    ['RuntimeReady', { type: 'RuntimeReady', status: true, reason: '', message: '' }],
    ['NetworkReady', { type: 'NetworkReady', status: true, reason: '', message: '' }],
  ]);
  private idCounter = 0;
  private ipCounter = 1;
  private podCidr = '';

  constructor(options: FakeRuntimeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.podIpPrefix = options.podIpPrefix ?? '10.88.0';
    this.images = new FakeImageStore(this.clock);
    for (const ref of options.images ?? []) this.images.add(ref);
  }

  // ---- scripting -------------------------------------------------------------------------------

  /** Makes the next `times` calls of `method` reject with `error` (before doing anything). */
  failNext(method: FakeRuntimeMethod, error: CriError, times = 1): void {
    const queue = this.injected.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.injected.set(method, queue);
  }

  /** Makes pulls of `ref` fail as containerd reports a missing image, until `scriptPull(ref, undefined)`. */
  failPull(ref: string, code: CriErrorCode = 'Unknown', message?: string): void {
    const text = message ?? `failed to pull and unpack image "${ref}": not found`;
    this.images.scriptPull(ref, { error: new CriError(code, text, 'PullImage') });
  }

  /** Scripts how pulls of `ref` go (delay, failure, size); `undefined` clears it. */
  scriptPull(ref: string, script: FakePullScript | undefined): void {
    this.images.scriptPull(ref, script);
  }

  /** Scripts the containers created from now on that `match` (a later script wins over an earlier one). */
  scriptContainer(match: FakeContainerMatcher, script: FakeContainerScript): void {
    this.scripts.unshift({ match, script });
  }

  /** Makes a running container exit now, as if its process ended (or was OOM killed). */
  exitContainer(containerId: string, exitCode: number, reason = exitReason(exitCode), message = ''): void {
    const c = this.mustGetContainer(containerId, 'exitContainer');
    if (c.state === 'CONTAINER_RUNNING') this.finish(c, exitCode, reason, message);
  }

  /** Sets a runtime condition reported by status() (e.g. NetworkReady false). */
  setCondition(type: string, status: boolean, reason = '', message = ''): void {
    this.conditions.set(type, { type, status, reason, message });
  }

  /** Sets what containerStats reports for a container. */
  setUsage(containerId: string, usage: { cpuNanoCores?: number; memoryWorkingSetBytes?: number }): void {
    const c = this.mustGetContainer(containerId, 'setUsage');
    c.usage = { ...c.usage, ...usage };
  }

  /** Kills the whole sandbox as a node reboot would: containers exit 137 ("Error"), the sandbox goes NOTREADY. */
  killSandbox(podSandboxId: string): void {
    const s = this.sandboxes.get(podSandboxId);
    if (s === undefined) return;
    for (const c of this.containersOf(podSandboxId))
      if (c.state === 'CONTAINER_RUNNING') this.finish(c, 137, 'Error', '');
    s.ready = false;
  }

  /** The names of the methods called so far, in order. */
  calledMethods(): FakeRuntimeMethod[] {
    return this.calls.map((c) => c.method);
  }

  // ---- RuntimeService --------------------------------------------------------------------------

  /** @inheritdoc */
  async version(apiVersion: string): Promise<VersionResponse> {
    this.enter('version', apiVersion);
    return { version: '0.1.0', runtimeName: 'fake', runtimeVersion: '0.1.0', runtimeApiVersion: 'v1' };
  }

  /** @inheritdoc */
  async status(verbose: boolean): Promise<StatusResponse> {
    this.enter('status', verbose);
    return { status: { conditions: [...this.conditions.values()] }, info: {} };
  }

  /** @inheritdoc */
  async updateRuntimeConfig(podCidr: string): Promise<void> {
    this.enter('updateRuntimeConfig', podCidr);
    this.podCidr = podCidr;
  }

  /** The pod CIDR last set through updateRuntimeConfig ("" before). */
  get configuredPodCidr(): string {
    return this.podCidr;
  }

  /** @inheritdoc */
  async runPodSandbox(request: RunPodSandboxRequest): Promise<RunPodSandboxResponse> {
    this.enter('runPodSandbox', request);
    const m = request.config.metadata;
    for (const s of this.sandboxes.values()) {
      const sm = s.config.metadata;
      if (sm.uid === m.uid && sm.name === m.name && sm.namespace === m.namespace && sm.attempt === m.attempt)
        throw new CriError(
          'AlreadyExists',
          `sandbox name "${m.name}_${m.namespace}_${m.uid}_${m.attempt}" is reserved`,
        );
    }
    const hostNetwork = request.config.linux?.securityContext?.namespaceOptions?.network === 'NODE';
    const sandbox: FakeSandbox = {
      id: this.newId('sandbox'),
      config: request.config,
      runtimeHandler: request.runtimeHandler ?? '',
      createdAt: this.nowNs(),
      ip: hostNetwork ? '' : `${this.podIpPrefix}.${++this.ipCounter}`,
      ready: true,
    };
    this.sandboxes.set(sandbox.id, sandbox);
    return { podSandboxId: sandbox.id };
  }

  /** @inheritdoc */
  async stopPodSandbox(podSandboxId: string): Promise<void> {
    this.enter('stopPodSandbox', podSandboxId);
    const s = this.sandboxes.get(podSandboxId);
    if (s === undefined) return;
    for (const c of this.containersOf(podSandboxId)) this.stop(c, 0);
    s.ready = false;
  }

  /** @inheritdoc */
  async removePodSandbox(podSandboxId: string): Promise<void> {
    this.enter('removePodSandbox', podSandboxId);
    if (!this.sandboxes.has(podSandboxId)) return;
    for (const c of this.containersOf(podSandboxId)) {
      this.stop(c, 0);
      this.containers.delete(c.id);
    }
    this.sandboxes.delete(podSandboxId);
  }

  /** @inheritdoc */
  async podSandboxStatus(request: PodSandboxStatusRequest): Promise<PodSandboxStatusResponse> {
    this.enter('podSandboxStatus', request);
    const s = this.mustGetSandbox(request.podSandboxId, 'PodSandboxStatus');
    const namespaceOptions = s.config.linux?.securityContext?.namespaceOptions;
    return {
      status: {
        ...this.sandboxSummary(s),
        ...(s.ip !== '' ? { network: { ip: s.ip, additionalIps: [] } } : {}),
        linux: {
          namespaces: { options: namespaceOptions ?? { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } },
        },
      },
      info: request.verbose ? { info: JSON.stringify({ fake: true, ip: s.ip }) } : {},
    };
  }

  /** @inheritdoc */
  async listPodSandbox(request: ListPodSandboxRequest = {}): Promise<ListPodSandboxResponse> {
    this.enter('listPodSandbox', request);
    const f = request.filter;
    const items: PodSandbox[] = [];
    for (const s of this.sandboxes.values()) {
      const summary = this.sandboxSummary(s);
      if (f?.id !== undefined && f.id !== '' && !s.id.startsWith(f.id)) continue;
      if (f?.state !== undefined && f.state !== summary.state) continue;
      if (!matchesLabels(summary.labels, f?.labelSelector)) continue;
      items.push(summary);
    }
    return { items };
  }

  /** @inheritdoc */
  async createContainer(request: CreateContainerRequest): Promise<CreateContainerResponse> {
    this.enter('createContainer', request);
    const s = this.mustGetSandbox(request.podSandboxId, 'CreateContainer');
    if (!s.ready) throw new CriError('Unknown', `sandbox ${s.id} is not ready`, 'CreateContainer');
    const image = this.images.find(request.config.image.image);
    if (image === undefined)
      throw new CriError('NotFound', `image "${request.config.image.image}" not found`, 'CreateContainer');
    const m = request.config.metadata;
    for (const c of this.containersOf(s.id)) {
      if (c.config.metadata.name === m.name && c.config.metadata.attempt === m.attempt)
        throw new CriError('AlreadyExists', `container name "${m.name}" attempt ${m.attempt} is reserved`);
    }
    const script = this.scripts.find(({ match }) =>
      typeof match === 'string' ? match === m.name : match(request.config, request.sandboxConfig),
    )?.script;
    const c: FakeContainer = {
      id: this.newId('container'),
      podSandboxId: s.id,
      config: request.config,
      script: script ?? {},
      image,
      createdAt: this.nowNs(),
      resources: request.config.linux?.resources,
      state: 'CONTAINER_CREATED',
      startedAt: 0,
      finishedAt: 0,
      exitCode: 0,
      reason: '',
      message: '',
      cancelExit: undefined,
      usage: { cpuNanoCores: 0, memoryWorkingSetBytes: 0 },
    };
    this.containers.set(c.id, c);
    return { containerId: c.id };
  }

  /** @inheritdoc */
  async startContainer(containerId: string): Promise<void> {
    this.enter('startContainer', containerId);
    const c = this.mustGetContainer(containerId, 'StartContainer');
    if (c.state !== 'CONTAINER_CREATED')
      throw new CriError('Unknown', `container ${containerId} is in ${c.state} state`, 'StartContainer');
    if (c.script.startError !== undefined) throw c.script.startError;
    c.state = 'CONTAINER_RUNNING';
    c.startedAt = this.nowNs();
    const after = c.script.exitAfterMs;
    if (after === undefined) return;
    const code = c.script.exitCode ?? 0;
    const exit = () => this.finish(c, code, c.script.reason ?? exitReason(code), c.script.message ?? '');
    if (after <= 0) exit();
    else c.cancelExit = this.clock.after(after, exit);
  }

  /** @inheritdoc */
  async stopContainer(request: StopContainerRequest): Promise<void> {
    this.enter('stopContainer', request);
    const c = this.containers.get(request.containerId);
    if (c !== undefined) this.stop(c, request.timeout);
  }

  /** @inheritdoc */
  async removeContainer(containerId: string): Promise<void> {
    this.enter('removeContainer', containerId);
    const c = this.containers.get(containerId);
    if (c === undefined) return;
    this.stop(c, 0);
    this.containers.delete(containerId);
  }

  /** @inheritdoc */
  async listContainers(request: ListContainersRequest = {}): Promise<ListContainersResponse> {
    this.enter('listContainers', request);
    const f: ContainerFilter | undefined = request.filter;
    const containers: Container[] = [];
    for (const c of this.containers.values()) {
      if (f?.id !== undefined && f.id !== '' && !c.id.startsWith(f.id)) continue;
      if (f?.podSandboxId !== undefined && f.podSandboxId !== '' && c.podSandboxId !== f.podSandboxId)
        continue;
      if (f?.state !== undefined && f.state !== c.state) continue;
      if (!matchesLabels(c.config.labels, f?.labelSelector)) continue;
      containers.push({
        id: c.id,
        podSandboxId: c.podSandboxId,
        metadata: c.config.metadata,
        image: c.config.image,
        imageRef: c.image.id,
        state: c.state,
        createdAt: c.createdAt,
        labels: c.config.labels ?? {},
        annotations: c.config.annotations ?? {},
      });
    }
    return { containers };
  }

  /** @inheritdoc */
  async containerStatus(request: ContainerStatusRequest): Promise<ContainerStatusResponse> {
    this.enter('containerStatus', request);
    const c = this.mustGetContainer(request.containerId, 'ContainerStatus');
    const sandbox = this.sandboxes.get(c.podSandboxId);
    const logDir = sandbox?.config.logDirectory ?? '';
    const status: ContainerStatus = {
      id: c.id,
      metadata: c.config.metadata,
      state: c.state,
      createdAt: c.createdAt,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      exitCode: c.exitCode,
      image: c.config.image,
      imageRef: c.image.repoDigests[0] ?? c.image.id,
      reason: c.reason,
      message: c.message,
      labels: c.config.labels ?? {},
      annotations: c.config.annotations ?? {},
      mounts: c.config.mounts ?? [],
      logPath:
        c.config.logPath !== undefined && c.config.logPath !== '' ? `${logDir}/${c.config.logPath}` : '',
      ...(c.resources !== undefined ? { resources: { linux: c.resources } } : {}),
    };
    return { status, info: request.verbose ? { info: JSON.stringify({ fake: true }) } : {} };
  }

  /** @inheritdoc */
  async updateContainerResources(request: UpdateContainerResourcesRequest): Promise<void> {
    this.enter('updateContainerResources', request);
    const c = this.mustGetContainer(request.containerId, 'UpdateContainerResources');
    if (request.linux !== undefined) c.resources = request.linux;
  }

  /** @inheritdoc */
  async reopenContainerLog(containerId: string): Promise<void> {
    this.enter('reopenContainerLog', containerId);
    const c = this.mustGetContainer(containerId, 'ReopenContainerLog');
    if (c.state !== 'CONTAINER_RUNNING')
      throw new CriError('FailedPrecondition', 'container is not running', 'ReopenContainerLog');
  }

  /** @inheritdoc */
  async execSync(request: ExecSyncRequest): Promise<ExecSyncResponse> {
    this.enter('execSync', request);
    const c = this.mustGetContainer(request.containerId, 'ExecSync');
    if (c.state !== 'CONTAINER_RUNNING')
      throw new CriError('Unknown', `container is in ${c.state} state`, 'ExecSync');
    const answer = c.script.exec?.(request.cmd) ?? {
      stdout: Buffer.alloc(0),
      stderr: Buffer.alloc(0),
      exitCode: 0,
    };
    if (answer instanceof CriError) throw answer;
    return answer;
  }

  /** @inheritdoc */
  async exec(request: ExecRequest): Promise<StreamingUrlResponse> {
    this.enter('exec', request);
    this.mustGetContainer(request.containerId, 'Exec');
    return { url: `http://127.0.0.1:0/exec/${this.newId('token').slice(0, 8)}` };
  }

  /** @inheritdoc */
  async attach(request: AttachRequest): Promise<StreamingUrlResponse> {
    this.enter('attach', request);
    this.mustGetContainer(request.containerId, 'Attach');
    return { url: `http://127.0.0.1:0/attach/${this.newId('token').slice(0, 8)}` };
  }

  /** @inheritdoc */
  async portForward(request: PortForwardRequest): Promise<StreamingUrlResponse> {
    this.enter('portForward', request);
    this.mustGetSandbox(request.podSandboxId, 'PortForward');
    return { url: `http://127.0.0.1:0/portforward/${this.newId('token').slice(0, 8)}` };
  }

  /** @inheritdoc */
  async containerStats(containerId: string): Promise<ContainerStats> {
    this.enter('containerStats', containerId);
    return this.statsOf(this.mustGetContainer(containerId, 'ContainerStats'));
  }

  /** @inheritdoc */
  async listContainerStats(filter: ContainerStatsFilter = {}): Promise<readonly ContainerStats[]> {
    this.enter('listContainerStats', filter);
    const out: ContainerStats[] = [];
    for (const c of this.containers.values()) {
      if (filter.id !== undefined && filter.id !== '' && c.id !== filter.id) continue;
      if (
        filter.podSandboxId !== undefined &&
        filter.podSandboxId !== '' &&
        c.podSandboxId !== filter.podSandboxId
      )
        continue;
      if (!matchesLabels(c.config.labels, filter.labelSelector)) continue;
      out.push(this.statsOf(c));
    }
    return out;
  }

  /** @inheritdoc */
  async podSandboxStats(podSandboxId: string): Promise<PodSandboxStats> {
    this.enter('podSandboxStats', podSandboxId);
    const s = this.mustGetSandbox(podSandboxId, 'PodSandboxStats');
    const containers = this.containersOf(s.id).map((c) => this.statsOf(c));
    const timestamp = this.nowNs();
    let nanoCores = 0;
    let workingSet = 0;
    for (const c of containers) {
      nanoCores += c.cpu?.usageNanoCores ?? 0;
      workingSet += c.memory?.workingSetBytes ?? 0;
    }
    return {
      attributes: {
        id: s.id,
        metadata: s.config.metadata,
        labels: s.config.labels ?? {},
        annotations: s.config.annotations ?? {},
      },
      linux: {
        cpu: { timestamp, usageNanoCores: nanoCores },
        memory: { timestamp, workingSetBytes: workingSet },
        process: { timestamp, processCount: containers.length + 1 },
        containers,
      },
    };
  }

  // ---- ImageService ----------------------------------------------------------------------------

  /** @inheritdoc */
  async listImages(filter?: ImageSpec): Promise<readonly Image[]> {
    this.enter('listImages', filter);
    return this.images.list(filter?.image);
  }

  /** @inheritdoc */
  async imageStatus(image: ImageSpec): Promise<ImageStatusResponse> {
    this.enter('imageStatus', image);
    const found = this.images.find(image.image);
    return found !== undefined ? { image: found, info: {} } : { info: {} };
  }

  /** @inheritdoc */
  async pullImage(request: PullImageRequest, options?: CallOptions): Promise<PullImageResponse> {
    this.enter('pullImage', request);
    const image = await this.images.pull(request.image.image, options?.signal);
    return { imageRef: image.id };
  }

  /** @inheritdoc */
  async removeImage(image: ImageSpec): Promise<void> {
    this.enter('removeImage', image);
    this.images.remove(image.image);
  }

  /** @inheritdoc */
  async imageFsInfo(): Promise<ImageFsInfoResponse> {
    this.enter('imageFsInfo', undefined);
    const timestamp = this.nowNs();
    const fsId = { mountpoint: '/fake/imagefs' };
    return {
      imageFilesystems: [
        { timestamp, fsId, usedBytes: this.images.usedBytes(), inodesUsed: this.images.list().length },
      ],
      containerFilesystems: [],
    };
  }

  // ---- internals -------------------------------------------------------------------------------

  private enter(method: FakeRuntimeMethod, request: unknown): void {
    this.calls.push({ method, request });
    const error = this.injected.get(method)?.shift();
    if (error !== undefined) throw error;
  }

  private nowNs(): number {
    return this.clock.now() * nsPerMs;
  }

  // 64 hex characters like containerd's ids, unique per fake.
  private newId(kind: string): string {
    return createHash('sha256').update(`${kind}:${++this.idCounter}`).digest('hex');
  }

  private mustGetSandbox(id: string, rpc: string): FakeSandbox {
    const s = this.sandboxes.get(id);
    if (s === undefined)
      throw new CriError('NotFound', `an error occurred when try to find sandbox "${id}"`, rpc);
    return s;
  }

  private mustGetContainer(id: string, rpc: string): FakeContainer {
    const c = this.containers.get(id);
    if (c === undefined)
      throw new CriError('NotFound', `an error occurred when try to find container "${id}"`, rpc);
    return c;
  }

  private containersOf(podSandboxId: string): FakeContainer[] {
    return [...this.containers.values()].filter((c) => c.podSandboxId === podSandboxId);
  }

  private sandboxSummary(s: FakeSandbox): PodSandbox {
    return {
      id: s.id,
      metadata: s.config.metadata,
      state: s.ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
      createdAt: s.createdAt,
      labels: s.config.labels ?? {},
      annotations: s.config.annotations ?? {},
      runtimeHandler: s.runtimeHandler,
    };
  }

  // A graceful stop (timeout > 0) lets the process handle SIGTERM unless scripted not to; a forced
  // one (timeout 0, sandbox stop, removal) is SIGKILL, i.e. 137. Like containerd, stopping a container
  // that is not running (still CREATED, or already EXITED) changes nothing.
  private stop(c: FakeContainer, timeoutSeconds: number): void {
    if (c.state !== 'CONTAINER_RUNNING') return;
    const graceful = timeoutSeconds > 0 && c.script.ignoresSigterm !== true;
    this.finish(c, graceful ? 0 : 137, graceful ? 'Completed' : 'Error', '');
  }

  private finish(c: FakeContainer, exitCode: number, reason: string, message: string): void {
    c.cancelExit?.();
    c.cancelExit = undefined;
    c.state = 'CONTAINER_EXITED';
    c.finishedAt = this.nowNs();
    c.exitCode = exitCode;
    c.reason = reason;
    c.message = message;
  }

  private statsOf(c: FakeContainer): ContainerStats {
    const timestamp = this.nowNs();
    const running = c.state === 'CONTAINER_RUNNING';
    return {
      attributes: {
        id: c.id,
        metadata: c.config.metadata,
        labels: c.config.labels ?? {},
        annotations: c.config.annotations ?? {},
      },
      cpu: { timestamp, usageNanoCores: running ? c.usage.cpuNanoCores : 0 },
      memory: { timestamp, workingSetBytes: running ? c.usage.memoryWorkingSetBytes : 0 },
      writableLayer: { timestamp, fsId: { mountpoint: '/fake/imagefs' }, usedBytes: 0, inodesUsed: 0 },
    };
  }
}
