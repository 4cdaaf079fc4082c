// A kubelet on a CRI runtime, wired: informers on its Node, its pods (spec.nodeName) and all
// Services; static pods from --pod-manifest-path beside them (mirror pods in the API); the Node
// and Lease; the pod workers syncing each pod through the runtime manager; the PLEG relisting
// every second; probes, hooks, images and volumes; the eviction manager (pressure conditions,
// admission, evictions) and container/image GC; pod statuses and Node writes through one
// WriteQueue (leases first), and events through one broadcaster.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod, PodStatus, Secret, Service } from 'kubernetes-types/core/v1.js';
import { systemClock, type Cancel } from '../base/clock.js';
import { createLogger } from '../base/logger.js';
import { EventBroadcaster, kubeEventSink } from '../controller-framework/index.js';
import { SharedInformer } from '../informers/index.js';
import { isStatusError } from '../machinery/errors/index.js';
import { ContainerManager } from './cm/container-manager.js';
import { resolveContainerEnv } from './container-env/container-environment.js';
import { parseThresholdConfig } from './eviction/threshold-config.js';
import { GenericPleg } from './generic-pleg.js';
import { parseResolvConf } from './kuberuntime/dns-config.js';
import { ImagePuller } from './kuberuntime/image-puller.js';
import { runtimeLabels } from './kuberuntime/runtime-labels.js';
import { RuntimeManager } from './kuberuntime/runtime-manager.js';
import { evictionReservations } from './kubelet-eviction.js';
import type { KubeletOptions } from './kubelet-options.js';
import { KubeletNode, nodeWrites } from './kubelet-node.js';
import { ContainerLifecycle } from './lifecycle/container-lifecycle.js';
import { ContainerLogManager } from './logs/container-log-manager.js';
import { defaultReservations, nodeResources, nodeSystemInfo, readMachineFacts } from './machine-info.js';
import { nodeImages } from './node-images.js';
import { createNodePressure } from './node-pressure.js';
import { leasesResource } from './node-lease.js';
import { kubeletNodeLabels } from './node-status.js';
import { PodSources } from './pod-sources.js';
import { kubeletConditionsDrifted } from './pod-status-drift.js';
import { PodSyncer } from './pod-syncer.js';
import { PodWorkers } from './pod-workers.js';
import { ProberManager } from './prober/prober-manager.js';
import { runtimeHealth } from './runtime-health.js';
import { MirrorPodClient } from './static-pods/mirror-pods.js';
import { isStaticPod } from './static-pods/pod-source.js';
import { StaticPodSource } from './static-pods/static-pod-source.js';
import type { KubeletServer } from './server/kubelet-server.js';
import { startKubeletApi } from './server/start-kubelet-api.js';
import { podStreamRoutes } from './server/pod-stream-routes.js';
import { StatusManager } from './status-manager.js';
import { createVolumeHost } from './volumes/volume-host.js';
import { WriteQueue } from './write-queue.js';

export type { KubeletOptions } from './kubelet-options.js';

const podsType = { group: '', version: 'v1', resource: 'pods' } as const;
const nodesType = { group: '', version: 'v1', resource: 'nodes' } as const;
const servicesType = { group: '', version: 'v1', resource: 'services' } as const;
const secretsType = { group: '', version: 'v1', resource: 'secrets' } as const;

// The status lane comes after the lease (0) and node status (1) lanes.
const podStatusLane = 2;

/** A running kubelet. Closing it leaves its pods running, as a stopped kubelet does. */
export class Kubelet {
  readonly nodeName: string;
  /** The kubelet API server (with `server` options): mount streaming handlers here. */
  readonly server: KubeletServer | undefined;
  private readonly stops: (() => void | Promise<void>)[];
  private readonly node: KubeletNode;
  private readonly workers: PodWorkers;

  private constructor(parts: {
    nodeName: string;
    node: KubeletNode;
    workers: PodWorkers;
    server: KubeletServer | undefined;
    stops: (() => void | Promise<void>)[];
  }) {
    this.nodeName = parts.nodeName;
    this.server = parts.server;
    this.node = parts.node;
    this.workers = parts.workers;
    this.stops = parts.stops;
  }

  /** Starts the kubelet: informers synced, orphans removed, node registration queued, pods syncing. */
  static async start(options: KubeletOptions): Promise<Kubelet> {
    const clock = options.clock ?? systemClock;
    const log = options.logger ?? createLogger('kubelet');
    const { client, runtime, nodeName } = options;
    const rootDir = options.rootDir;
    const podLogsRoot = options.podLogsRoot ?? path.join(rootDir, 'pod-logs');
    const cgroupRoot = options.cgroupRoot ?? '/';
    await mkdir(rootDir, { recursive: true });
    await mkdir(podLogsRoot, { recursive: true });
    const hostIPs = [options.nodeIP];
    const runtimeName = options.runtimeVersion.runtimeName;
    const facts = readMachineFacts(rootDir);
    // Flags are checked before anything starts: a bad threshold is the caller's error.
    const thresholds = parseThresholdConfig(options.eviction ?? {});
    const reservations = evictionReservations(thresholds, facts, options.reservations ?? defaultReservations);
    const { capacity, allocatable } = nodeResources(facts, reservations);
    const resolv = await readFile(options.resolvConf ?? '/etc/resolv.conf', 'utf8').catch(() => '');
    const stops: (() => void | Promise<void>)[] = [];

    const broadcaster = new EventBroadcaster({
      sink: kubeEventSink(client),
      clock,
      log: log.child('events'),
    });
    const recorder = broadcaster.newRecorder({ component: 'kubelet', host: nodeName });
    const onEvent = (e: {
      involvedObject: Parameters<typeof recorder.event>[0];
      type: 'Normal' | 'Warning';
      reason: string;
      message: string;
    }) => recorder.event(e.involvedObject, e.type, e.reason, '%s', e.message);
    // Upstream's node reference for events: the node name doubles as its UID.
    const nodeRef = { kind: 'Node', apiVersion: 'v1', name: nodeName, uid: nodeName };
    const recordNodeEvent = (type: 'Normal' | 'Warning', reason: string, message: string) =>
      recorder.event(nodeRef, type, reason, '%s', message);

    const controller = new AbortController();
    const nodeInformer = new SharedInformer<Node>({
      listerWatcher: client.resource<Node>(nodesType),
      name: 'nodes',
      fieldSelector: `metadata.name=${nodeName}`,
      clock,
      logger: log.child('nodes'),
    });
    const podInformer = new SharedInformer<Pod>({
      listerWatcher: client.resource<Pod>(podsType),
      name: 'pods',
      fieldSelector: `spec.nodeName=${nodeName}`,
      clock,
      logger: log.child('pods'),
    });
    const serviceInformer = new SharedInformer<Service>({
      listerWatcher: client.resource<Service>(servicesType),
      name: 'services',
      clock,
      logger: log.child('services'),
    });

    const writes = new WriteQueue<string>({
      clock,
      lanes: 3,
      concurrency: 16,
      write: (key) => (key.startsWith('p:') ? statuses.write(key.slice(2)) : node.write(key)),
      onError: (key, err) => log.warn('kubelet write failed; retrying', { key, err }),
    });
    const statuses: StatusManager = new StatusManager({
      pods: client.resource<Pod>(podsType),
      writes,
      lane: podStatusLane,
      mirrorPodUid: (p) => sources.mirrorPodOf(p)?.metadata?.uid,
      log,
    });

    const prober = new ProberManager({ clock, exec: runtime, statuses, onEvent });
    const lifecycle = new ContainerLifecycle({
      exec: runtime,
      runtime,
      clock,
      onEvent,
      log: log.child('lifecycle'),
    });
    const images = new ImagePuller({ images: runtime, clock });
    const activePods = () => workers.activePods();
    const cgroups = new ContainerManager({
      cgroupRoot,
      ...(options.cgroupMountPoint !== undefined ? { cgroupMountPoint: options.cgroupMountPoint } : {}),
      capacity: { cpu: capacity['cpu']!, memory: capacity['memory']! },
      activePods,
      clock,
      logger: log.child('cm'),
    });
    const volumeHost = createVolumeHost({
      rootDir,
      client,
      nodeAllocatable: allocatable,
      clock,
      logger: log.child('volumes'),
    });
    let servicesSynced = false;
    const secrets = client.resource<Secret>(secretsType);
    const manager = new RuntimeManager({
      runtime,
      runtimeName,
      clock,
      log,
      lifecycle,
      images,
      onEvent,
      sandbox: {
        podLogsRoot,
        dns: {
          clusterDns: options.clusterDns ?? [],
          clusterDomain: options.clusterDomain ?? 'cluster.local',
          host: parseResolvConf(resolv),
        },
      },
      rootDir,
      hostIPs,
      cgroups,
      containerEnv: (pod, container, podIPs) =>
        resolveContainerEnv({
          pod,
          container,
          addresses: { podIPs, hostIPs },
          services: servicesSynced ? serviceInformer.lister.list() : undefined,
          nodeAllocatable: allocatable,
          objects: volumeHost.objects,
        }),
      pullSecrets: async (pod) => {
        const out: Secret[] = [];
        for (const ref of pod.spec?.imagePullSecrets ?? []) {
          try {
            out.push(await secrets.namespace(pod.metadata?.namespace ?? '').get(ref.name ?? ''));
          } catch (err) {
            if (!isStatusError(err, 'NotFound')) throw err;
          }
        }
        return out;
      },
      probeRestart: (name, id) => prober.restartFor(name, id),
      isStarted: (uid, name, id) => prober.isContainerStarted(uid, name, id, true),
    });
    const syncer = new PodSyncer({
      runtime: manager,
      runtimeName,
      statuses,
      prober,
      images,
      volumeHost,
      onEvent,
      hostIPs,
      rootDir,
      podLogsRoot,
      syncMirrorPod: (p) => sources.syncMirrorPod(p),
      clock,
      log,
    });

    const { eviction, gc } = createNodePressure({
      runtime,
      workers: () => workers,
      thresholds,
      ...(options.eviction !== undefined ? { eviction: options.eviction } : {}),
      ...(options.imageGc !== undefined ? { imageGc: options.imageGc } : {}),
      ...(options.statsProvider !== undefined ? { stats: options.statsProvider } : {}),
      rootDir,
      podLogsRoot,
      cgroupRoot,
      ...(options.cgroupMountPoint !== undefined ? { cgroupMountPoint: options.cgroupMountPoint } : {}),
      allocatableMemoryBytes: Number(/^(\d+)Ki$/.exec(allocatable['memory'] ?? '')?.[1] ?? 0) * 1024,
      recorder,
      recordNodeEvent,
      clock,
      log,
    });
    const logRotation = new ContainerLogManager({
      runtime,
      ...options.containerLogs,
      clock,
      logger: log.child('container-logs'),
    });
    const workers: PodWorkers = new PodWorkers({
      syncer,
      clock,
      log: log.child('pods'),
      admit: (p) => eviction.admit(p),
    });
    const staticSource =
      options.podManifestPath !== undefined
        ? new StaticPodSource({
            path: options.podManifestPath,
            nodeName,
            onPods: (pods) => sources.onStaticPods(pods),
            clock,
            logger: log.child('static-pods'),
          })
        : undefined;
    const sources: PodSources = new PodSources({
      workers,
      statuses,
      mirrors: new MirrorPodClient({ client, nodeName, logger: log.child('mirror-pods') }),
      clock,
      log: log.child('pods'),
    });
    // The kubelet API, before the Node is reported: its status carries the port actually bound.
    // Its syncloop health check follows the PLEG's relists once they run.
    let lastSyncLoopAt = (): number | undefined => undefined;
    const api =
      options.server === undefined
        ? undefined
        : await startKubeletApi({
            settings: options.server,
            nodeName,
            nodeIP: options.nodeIP,
            rootDir,
            podLogsRoot,
            client,
            runtime,
            ...(options.cgroupMountPoint !== undefined ? { cgroupMountPoint: options.cgroupMountPoint } : {}),
            podsCgroup: cgroups.layout.kubepods,
            podCgroups: () => cgroups.podCgroups(),
            ...(options.runtimePid !== undefined ? { runtimePid: options.runtimePid } : {}),
            ...(options.sandboxImage !== undefined ? { sandboxImage: options.sandboxImage } : {}),
            pods: () =>
              workers.uids().flatMap((uid) => {
                const pod = workers.pod(uid);
                // A static pod's status lives only here (its mirror's copy is the API's).
                const status = pod !== undefined && isStaticPod(pod) ? statuses.generated(uid) : undefined;
                return pod === undefined
                  ? []
                  : [status !== undefined ? { ...pod, status: status as PodStatus } : pod];
              }),
            lastSyncLoopAt: () => lastSyncLoopAt(),
            resyncMs: options.resyncMs ?? 30_000,
            clock,
            log: log.child('server'),
          });
    api?.server.mount(
      podStreamRoutes({
        runtime,
        podStatus: (uid) => statuses.podStatus(uid),
        clock,
        log: log.child('streaming'),
      }),
    );
    // After the pod workers exist: the QoS tiers are sized from their active pods.
    await cgroups.start();
    prober.subscribe((u) => workers.wake(u.podUid));
    const pleg = new GenericPleg({ runtime, clock, log, onPodChanged: (uid) => workers.wake(uid) });
    lastSyncLoopAt = () => (pleg.lastRelistAt > 0 ? pleg.lastRelistAt : undefined);

    const node: KubeletNode = new KubeletNode({
      nodes: client.resource<Node>(nodesType),
      leases: client.resource<Lease>(leasesResource),
      writes,
      nodeName,
      labels: kubeletNodeLabels({ hostname: nodeName, os: 'linux', arch: nodeSystemInfo('').architecture }),
      addresses: [
        { type: 'InternalIP', address: options.nodeIP },
        { type: 'Hostname', address: nodeName },
      ],
      capacity,
      allocatable,
      nodeInfo: nodeSystemInfo(`${runtimeName}://${options.runtimeVersion.runtimeVersion}`),
      facts: async () => {
        const [status, list] = await Promise.all([
          runtime.status(false).catch(() => undefined),
          runtime.listImages().catch(() => []),
        ]);
        return {
          health: {
            ...runtimeHealth(status?.status.conditions, pleg.lastRelistAt, clock.now()),
            memoryPressure: eviction.isUnderMemoryPressure(),
            diskPressure: eviction.isUnderDiskPressure(),
            pidPressure: eviction.isUnderPidPressure(),
          },
          images: nodeImages(list),
        };
      },
      onPodCidr: options.onPodCidr ?? (async (cidr) => runtime.updateRuntimeConfig(cidr)),
      ...(api !== undefined ? { kubeletPort: api.server.port } : {}),
      current: () => nodeInformer.lister.get('', nodeName),
      clock,
      log: log.child('node'),
    });

    nodeInformer.addEventHandler({ onAdd: (n) => node.onNode(n), onUpdate: (_o, n) => node.onNode(n) });
    podInformer.addEventHandler({
      onAdd: (p) => sources.onApiPod(p),
      onUpdate: (_old, p) => {
        const uid = p.metadata?.uid ?? '';
        const mine = statuses.generated(uid);
        // Someone else (the node lifecycle controller) rewrote a condition this kubelet owns.
        if (mine !== undefined && kubeletConditionsDrifted(p.status?.conditions, mine.conditions))
          statuses.invalidate(uid);
        sources.onApiPod(p);
      },
      onDelete: (p) => sources.onApiPodDeleted(p),
    });

    await pleg.relist();
    const runs = [
      nodeInformer.run(controller.signal),
      podInformer.run(controller.signal),
      serviceInformer.run(controller.signal),
    ];
    const synced =
      (await nodeInformer.whenSynced()) &&
      (await podInformer.whenSynced()) &&
      (await serviceInformer.whenSynced());
    if (!synced) throw new Error('kubelet: informers stopped before they synced');
    servicesSynced = true;
    await staticSource?.start();
    workers.sourcesSynced = true;

    // Pods deleted while the kubelet was down leave sandboxes nobody will sync: remove them.
    const known = new Set([
      ...podInformer.lister.list().map((p) => p.metadata?.uid ?? ''),
      ...(staticSource?.pods ?? []).map((p) => p.metadata?.uid ?? ''),
    ]);
    const orphans = new Map<string, { name: string; namespace: string }>();
    for (const s of (await runtime.listPodSandbox({})).items) {
      const uid = s.labels[runtimeLabels.podUid];
      if (uid !== undefined && !known.has(uid))
        orphans.set(uid, { name: s.metadata.name, namespace: s.metadata.namespace });
    }
    for (const [uid, p] of orphans) {
      log.info('removing pod left in the runtime', { pod: `${p.namespace}/${p.name}`, uid });
      await syncer
        .cleanUpOrphan(uid, p.name, p.namespace)
        .catch((err: unknown) => log.warn('orphan cleanup failed', { uid, err }));
    }
    if (options.podCidr !== undefined && nodeInformer.lister.get('', nodeName)?.spec?.podCIDR === undefined)
      await (options.onPodCidr ?? (async (cidr) => runtime.updateRuntimeConfig(cidr)))(options.podCidr);

    node.start();
    pleg.start();
    sources.start();
    eviction.start();
    gc.start();
    logRotation.start();
    // The periodic resync on the injected clock, so fake-clock tests control it too.
    let resyncCancel: Cancel = () => {};
    const resync = () => {
      workers.wakeAll();
      resyncCancel = clock.after(options.resyncMs ?? 30_000, resync);
    };
    resyncCancel = clock.after(options.resyncMs ?? 30_000, resync);
    log.info('kubelet started', {
      node: nodeName,
      pods: known.size,
      runtime: options.runtimeVersion.runtimeVersion,
    });

    stops.push(
      () => api?.close(),
      () => resyncCancel(),
      () => staticSource?.stop(),
      () => eviction.stop(),
      () => gc.stop(),
      () => logRotation.stop(),
      () => sources.stop(),
      () => pleg.stop(),
      () => workers.close(),
      () => node.close(),
      () => prober.close(),
      () => cgroups.stop(),
      async () => {
        await workers.idle();
        await writes.idle();
        writes.close();
      },
      () => broadcaster.shutdown(),
      async () => {
        controller.abort();
        await Promise.allSettled(runs);
      },
    );
    return new Kubelet({ nodeName, node, workers, server: api?.server, stops });
  }

  /** Resolves once the node reported Ready (false if `signal` aborts first). */
  whenReady(signal?: AbortSignal): Promise<boolean> {
    return this.node.whenReady(signal);
  }

  /** Pods with a worker. */
  get podCount(): number {
    return this.workers.size;
  }

  /** Stops the kubelet; its pods keep running in the runtime and are adopted by the next start. */
  async close(): Promise<void> {
    for (const stop of this.stops) await stop();
  }

  /** Removes the kubelet's cgroup tree when no pod is left in it (uninstall); false when pods remain. */
  static async removeCgroups(cgroupRoot: string): Promise<boolean> {
    const cm = new ContainerManager({ cgroupRoot, capacity: {}, activePods: () => [] });
    return cm.removeEmptyTree();
  }

  /** The lease and node write keys (for diagnostics). */
  static readonly writeKeys = nodeWrites;
}
