// A kubelet on containerd, ready to run: attach to --container-runtime-endpoint or start our own
// supervised containerd under the data directory, write the node's CNI network once its podCIDR
// is known, and start the Kubelet. `k8ts kubelet`, `k8ts server` and `k8ts agent` all start nodes
// through here.
import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { constants } from 'node:fs';
import { systemClock, type Clock } from '../base/clock.js';
import { createLogger, type Logger } from '../base/logger.js';
import type { KubeClient } from '../client/index.js';
import { installCniNetwork, uninstallCniNetwork, type CniNetworkOptions } from './cri/cni-config.js';
import { readRegistriesFile, type RegistriesConfig } from './cri/registry-hosts.js';
import { connectRuntime, type RuntimeConnection } from './cri/runtime-connection.js';
import type { ImageGcPolicy } from './gc/gc-policy.js';
import type { KubeletEvictionSettings } from './kubelet-eviction.js';
import { Kubelet } from './kubelet.js';
import type { KubeletServerSettings } from './server/kubelet-server.js';
import type { ContainerLogRotation } from './logs/container-log-manager.js';

/** Settings of startContainerdKubelet. */
export interface ContainerdKubeletOptions {
  /** The API client, authenticated as system:node:<nodeName>. */
  readonly client: KubeClient;
  readonly nodeName: string;
  /** --node-ip (default 127.0.0.1: test and local traffic stays on loopback). */
  readonly nodeIP?: string;
  /** Where the node keeps its state: containerd/, kubelet/ (the root dir), cni/. */
  readonly dataDir: string;
  /** --root-dir (default <dataDir>/kubelet). */
  readonly rootDir?: string;
  /** --container-runtime-endpoint: use this runtime instead of starting containerd. */
  readonly containerRuntimeEndpoint?: string;
  /** --pod-infra-container-image for our containerd (default 127.0.0.1:5000/pause:1). */
  readonly sandboxImage?: string;
  /** Registry mirrors; default <dataDir>/registries.yaml, else plain http for 127.0.0.1:5000. */
  readonly registries?: RegistriesConfig;
  readonly clusterDns?: readonly string[];
  readonly clusterDomain?: string;
  readonly cgroupRoot?: string;
  /** --pod-cidr for a node whose Node object gets none (standalone). */
  readonly podCidr?: string;
  /** --pod-manifest-path: static pods. */
  readonly podManifestPath?: string;
  /** --eviction-hard and friends. */
  readonly eviction?: KubeletEvictionSettings;
  /** --image-gc-high-threshold / --image-gc-low-threshold. */
  readonly imageGc?: Partial<ImageGcPolicy>;
  /** --container-log-max-size / --container-log-max-files. */
  readonly containerLogs?: ContainerLogRotation;
  /** The kubelet API (--port 10250 ...); absent, none runs. */
  readonly server?: KubeletServerSettings;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** A started node: the kubelet, its runtime, and how to stop (or uninstall) them. */
export interface ContainerdKubelet {
  readonly kubelet: Kubelet;
  readonly runtime: RuntimeConnection;
  /** The CNI network (when we configure it). */
  readonly network: CniNetworkOptions | undefined;
  /** Stops the kubelet and our containerd; pods keep running and are adopted by the next start. */
  stop(): Promise<void>;
}

/** The default pause image: what this machine's local registry serves (no public registry is reachable). */
export const defaultSandboxImage = '127.0.0.1:5000/pause:1';

/** Registries when none are configured: the local plain-http registry on 127.0.0.1:5000. */
export const defaultRegistries: RegistriesConfig = {
  mirrors: { '127.0.0.1:5000': { endpoint: ['http://127.0.0.1:5000'] } },
};

/**
 * The CNI network of a node under `dataDir`: bridge "k8ts0" for the default data directory, else
 * one named after the directory, so several nodes (tests) on one machine never share a bridge.
 */
export function nodeNetwork(dataDir: string, podCidr: string, defaultDataDir: boolean): CniNetworkOptions {
  const suffix = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 8);
  return {
    confDir: path.join(dataDir, 'cni', 'net.d'),
    ipamDataDir: path.join(dataDir, 'cni', 'ipam'),
    podCidr,
    bridge: defaultDataDir ? 'k8ts0' : `k8ts${suffix}`,
    networkName: defaultDataDir ? 'k8ts' : `k8ts-${suffix}`,
  };
}

/** True when this process can run containerd itself: root, with containerd and runc on the PATH. */
export async function containerdUsable(): Promise<{ usable: boolean; reason?: string }> {
  if (process.getuid?.() !== 0) return { usable: false, reason: 'real containers need root' };
  for (const bin of ['containerd', 'runc']) {
    const dirs = (process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':');
    let found = false;
    for (const d of dirs) {
      try {
        await access(path.join(d, bin), constants.X_OK);
        found = true;
        break;
      } catch {
        // not here
      }
    }
    if (!found)
      return {
        usable: false,
        reason: `${bin} is not installed (apt-get install containerd runc containernetworking-plugins)`,
      };
  }
  return { usable: true };
}

/** Starts the runtime (ours or the given one) and a Kubelet on it. */
export async function startContainerdKubelet(options: ContainerdKubeletOptions): Promise<ContainerdKubelet> {
  const log = options.logger ?? createLogger('kubelet');
  const clock = options.clock ?? systemClock;
  const dataDir = options.dataDir;
  const isDefault = path.resolve(dataDir) === '/var/lib/k8ts';
  const confDir = path.join(dataDir, 'cni', 'net.d');
  // containerd watches the directory from its start; the conflist lands once the podCIDR is known.
  await mkdir(confDir, { recursive: true });
  let network: CniNetworkOptions | undefined;
  let runtime: RuntimeConnection;
  if (options.containerRuntimeEndpoint !== undefined) {
    runtime = await connectRuntime({ endpoint: options.containerRuntimeEndpoint, clock });
  } else {
    const registries =
      options.registries ??
      (await readRegistriesFile(path.join(dataDir, 'registries.yaml')).then((r) =>
        Object.keys(r).length > 0 ? r : defaultRegistries,
      ));
    runtime = await connectRuntime({
      supervise: {
        dir: path.join(dataDir, 'containerd'),
        sandboxImage: options.sandboxImage ?? defaultSandboxImage,
        cniConfDir: confDir,
        registries,
        logger: log.child('containerd'),
        clock,
      },
      clock,
    });
  }
  const ownNetwork = options.containerRuntimeEndpoint === undefined;
  let kubelet: Kubelet;
  try {
    kubelet = await Kubelet.start({
      client: options.client,
      runtime: runtime.runtime,
      runtimeVersion: runtime.version,
      nodeName: options.nodeName,
      nodeIP: options.nodeIP ?? '127.0.0.1',
      rootDir: options.rootDir ?? path.join(dataDir, 'kubelet'),
      ...(options.cgroupRoot !== undefined ? { cgroupRoot: options.cgroupRoot } : {}),
      ...(options.clusterDns !== undefined ? { clusterDns: options.clusterDns } : {}),
      ...(options.clusterDomain !== undefined ? { clusterDomain: options.clusterDomain } : {}),
      ...(options.podCidr !== undefined ? { podCidr: options.podCidr } : {}),
      ...(options.podManifestPath !== undefined ? { podManifestPath: options.podManifestPath } : {}),
      ...(options.eviction !== undefined ? { eviction: options.eviction } : {}),
      ...(options.imageGc !== undefined ? { imageGc: options.imageGc } : {}),
      ...(options.server !== undefined
        ? {
            server: options.server,
            runtimePid: () => runtime.supervisor?.pid,
            sandboxImage: options.sandboxImage ?? defaultSandboxImage,
          }
        : {}),
      ...(options.containerLogs !== undefined ? { containerLogs: options.containerLogs } : {}),
      onPodCidr: async (cidr) => {
        if (ownNetwork) {
          network = nodeNetwork(dataDir, cidr, isDefault);
          await installCniNetwork(network);
          log.info('pod network configured', { cidr, bridge: network.bridge });
        }
        await runtime.runtime.updateRuntimeConfig(cidr);
      },
      clock,
      logger: log,
    });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  return {
    kubelet,
    runtime,
    get network() {
      return network;
    },
    async stop() {
      await kubelet.close();
      await runtime.close();
    },
  };
}

/**
 * Removes what a node left on the machine once it has no pods: the CNI network (bridge, leases,
 * portmap chains) and the kubelet's cgroup tree. Call after stop() when the node is gone for good.
 */
export async function uninstallContainerdNode(
  network: CniNetworkOptions | undefined,
  cgroupRoot = '/',
): Promise<void> {
  if (network !== undefined) await uninstallCniNetwork(network);
  await Kubelet.removeCgroups(cgroupRoot);
}
