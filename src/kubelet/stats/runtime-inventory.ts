// What runs on the node, as the stats providers need it: each pod's newest sandbox (a ready one
// preferred, as upstream's removeTerminatedPods keeps), its running containers (terminated ones
// are not counted, as upstream's removeTerminatedContainers drops them), and where their cgroups
// are: the pod cgroup the ContainerManager made, and below it one cgroup per sandbox or container
// named by its id, which is how containerd's cgroupfs driver places them.
import path from 'node:path';
import type { RuntimeService } from '../cri/runtime-service.js';

/** A running container of a pod. */
export interface InventoryContainer {
  readonly id: string;
  readonly name: string;
  readonly attempt: number;
  /** The image as the pod spec names it. */
  readonly image: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** Its cgroup, when the pod's cgroup is known. */
  readonly cgroup: string | undefined;
}

/** A pod as the runtime holds it. */
export interface InventoryPod {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly sandboxId: string;
  readonly ready: boolean;
  /** ms since the epoch (the sandbox's creation: the pod's stats start time). */
  readonly createdAt: number;
  /** The pod cgroup, e.g. /kubepods/besteffort/pod<uid>; undefined when it has none (yet). */
  readonly cgroup: string | undefined;
  /** The pause process's cgroup. */
  readonly sandboxCgroup: string | undefined;
  readonly containers: readonly InventoryContainer[];
}

const nsPerMs = 1_000_000;

/** The node's pods and running containers, with their cgroups (`podCgroups`: pod UID → cgroup). */
export async function runtimeInventory(
  runtime: RuntimeService,
  podCgroups: ReadonlyMap<string, string>,
): Promise<InventoryPod[]> {
  const [sandboxes, containers] = await Promise.all([
    runtime.listPodSandbox({}).then((r) => r.items),
    runtime.listContainers({}).then((r) => r.containers),
  ]);
  // One sandbox per pod: a ready one wins, then the newest.
  const chosen = new Map<string, (typeof sandboxes)[number]>();
  for (const s of sandboxes) {
    const key = `${s.metadata.namespace}/${s.metadata.name}`;
    const prev = chosen.get(key);
    const ready = (x: typeof s) => (x.state === 'SANDBOX_READY' ? 1 : 0);
    if (
      prev === undefined ||
      ready(s) > ready(prev) ||
      (ready(s) === ready(prev) && s.createdAt > prev.createdAt)
    )
      chosen.set(key, s);
  }
  const out: InventoryPod[] = [];
  for (const s of chosen.values()) {
    const cgroup = podCgroups.get(s.metadata.uid);
    const running = containers.filter((c) => c.podSandboxId === s.id && c.state === 'CONTAINER_RUNNING');
    out.push({
      uid: s.metadata.uid,
      name: s.metadata.name,
      namespace: s.metadata.namespace,
      sandboxId: s.id,
      ready: s.state === 'SANDBOX_READY',
      createdAt: Math.floor(s.createdAt / nsPerMs),
      cgroup,
      sandboxCgroup: cgroup !== undefined ? path.posix.join(cgroup, s.id) : undefined,
      containers: running
        .map((c) => ({
          id: c.id,
          name: c.metadata.name,
          attempt: c.metadata.attempt,
          // An empty userSpecifiedImage (runtimes that predate it) means "not set".
          image: c.image.userSpecifiedImage || c.image.image,
          createdAt: Math.floor(c.createdAt / nsPerMs),
          cgroup: cgroup !== undefined ? path.posix.join(cgroup, c.id) : undefined,
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    });
  }
  return out.sort((a, b) =>
    a.namespace !== b.namespace ? (a.namespace < b.namespace ? -1 : 1) : a.name < b.name ? -1 : 1,
  );
}
