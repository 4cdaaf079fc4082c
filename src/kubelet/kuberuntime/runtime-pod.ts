// What the runtime holds for one pod (upstream's kubecontainer.PodStatus): its sandboxes and
// containers, found by the io.kubernetes.pod.uid label, newest first, with the details of
// ContainerStatus and the IPs of the newest sandbox. Times are milliseconds since the epoch.
import type {
  ContainerState,
  Mount,
  PodSandboxState,
  RuntimeService,
  StringMap,
} from '../cri/runtime-service.js';
import { isNotFound } from '../cri/cri-errors.js';
import { containerNameOf, restartCountOf, runtimeAnnotations, runtimeLabels } from './runtime-labels.js';

/** One sandbox of the pod. */
export interface RuntimeSandbox {
  readonly id: string;
  readonly attempt: number;
  readonly state: PodSandboxState;
  readonly createdAt: number;
  /** The sandbox's IPs (only read for the newest sandbox; empty on the host network). */
  readonly ips: readonly string[];
  readonly hostNetwork: boolean;
}

/** One container of the pod (any state). */
export interface RuntimeContainer {
  readonly id: string;
  readonly sandboxId: string;
  readonly name: string;
  readonly attempt: number;
  readonly state: ContainerState;
  readonly createdAt: number;
  /** 0 until started. */
  readonly startedAt: number;
  /** 0 until exited. */
  readonly finishedAt: number;
  readonly exitCode: number;
  readonly reason: string;
  readonly message: string;
  /** The image as the runtime resolved it. */
  readonly image: string;
  /** The repo digest (or image id). */
  readonly imageRef: string;
  readonly hash: string;
  readonly restartCount: number;
  readonly annotations: StringMap;
  readonly mounts: readonly Mount[];
  readonly logPath: string;
}

/** The pod in the runtime. */
export interface RuntimePod {
  readonly uid: string;
  /** Newest first. */
  readonly sandboxes: readonly RuntimeSandbox[];
  /** Newest first. */
  readonly containers: readonly RuntimeContainer[];
}

const nsPerMs = 1_000_000;

function ms(ns: number): number {
  return ns > 0 ? Math.floor(ns / nsPerMs) : 0;
}

/** The pod's containers named `name`, newest first. */
export function containersNamed(pod: RuntimePod, name: string): RuntimeContainer[] {
  return pod.containers.filter((c) => c.name === name);
}

/** The newest container named `name`, if any. */
export function latestContainer(pod: RuntimePod, name: string): RuntimeContainer | undefined {
  return pod.containers.find((c) => c.name === name);
}

/** An empty view (nothing in the runtime yet). */
export function emptyRuntimePod(uid: string): RuntimePod {
  return { uid, sandboxes: [], containers: [] };
}

/** Reads the pod's sandboxes and containers from the runtime. */
export async function readRuntimePod(runtime: RuntimeService, uid: string): Promise<RuntimePod> {
  const selector = { [runtimeLabels.podUid]: uid };
  const [sandboxList, containerList] = await Promise.all([
    runtime.listPodSandbox({ filter: { labelSelector: selector } }),
    runtime.listContainers({ filter: { labelSelector: selector } }),
  ]);
  const items = [...sandboxList.items].sort((a, b) => b.createdAt - a.createdAt);
  const sandboxes: RuntimeSandbox[] = [];
  for (const [i, s] of items.entries()) {
    let ips: string[] = [];
    let hostNetwork = false;
    if (i === 0) {
      try {
        const st = (await runtime.podSandboxStatus({ podSandboxId: s.id })).status;
        hostNetwork = st.linux?.namespaces?.options?.network === 'NODE';
        if (st.network?.ip) ips = [st.network.ip, ...st.network.additionalIps.map((a) => a.ip)];
      } catch (err) {
        if (!isNotFound(err)) throw err;
        continue;
      }
    }
    sandboxes.push({
      id: s.id,
      attempt: s.metadata.attempt,
      state: s.state,
      createdAt: ms(s.createdAt),
      ips,
      hostNetwork,
    });
  }
  const containers: RuntimeContainer[] = [];
  for (const c of containerList.containers) {
    let st;
    try {
      st = (await runtime.containerStatus({ containerId: c.id })).status;
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
    containers.push({
      id: c.id,
      sandboxId: c.podSandboxId,
      name: containerNameOf(c.labels) || c.metadata.name,
      attempt: c.metadata.attempt,
      state: st.state,
      createdAt: ms(st.createdAt),
      startedAt: ms(st.startedAt),
      finishedAt: ms(st.finishedAt),
      exitCode: st.exitCode,
      reason: st.reason,
      message: st.message,
      image: st.image.image,
      imageRef: st.imageRef,
      hash: c.annotations[runtimeAnnotations.containerHash] ?? '',
      restartCount: restartCountOf(c.annotations),
      annotations: c.annotations,
      mounts: st.mounts,
      logPath: st.logPath,
    });
  }
  containers.sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
  return { uid, sandboxes, containers };
}
