// The node's pod network as containerd's CNI sees it: one conflist (bridge + host-local + portmap)
// for the node's podCIDR, and the teardown of what those plugins leave behind once the last pod is
// gone (the bridge, host-local's leases, portmap's shared chains). Loopback is not listed: containerd
// always adds its own `lo` network from the same bin dir.
import { execFile } from 'node:child_process';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatCidr, formatIpv4, parseCidr } from '../sim/ipv4.js';

const run = promisify(execFile);

/** The pod network of one node. */
export interface CniNetworkOptions {
  /** containerd's CNI conf_dir. */
  readonly confDir: string;
  /** The node's podCIDR, e.g. "10.88.0.0/24"; the first address is the bridge's (the pods' gateway). */
  readonly podCidr: string;
  /** host-local's lease directory (kept out of the shared /var/lib/cni). */
  readonly ipamDataDir: string;
  /** Bridge device; must start with "k8ts" so cleanup can tell ours apart (default "k8ts0"). */
  readonly bridge?: string;
  /** The CNI network name (default "k8ts"). */
  readonly networkName?: string;
  /**
   * Let the bridge plugin masquerade pod traffic leaving the pod network (default false). Off
   * because its rule exempts only this node's podCIDR, so with several nodes it would SNAT pod-to-pod
   * traffic between nodes, and because it gives pods a working route off the machine; cluster-aware
   * masquerading (and the hairpin rule, which must precede CNI's chains) belong to the node's K8TS- rules.
   */
  readonly ipMasq?: boolean;
  readonly mtu?: number;
}

/** The conflist file name for a network. */
export function conflistPath(options: CniNetworkOptions): string {
  return path.join(options.confDir, `10-${options.networkName ?? 'k8ts'}.conflist`);
}

function bridgeName(options: CniNetworkOptions): string {
  const bridge = options.bridge ?? 'k8ts0';
  // Linux limits interface names to 15 bytes.
  if (!/^k8ts[\w-]{0,11}$/.test(bridge))
    throw new RangeError(`bridge name must be k8ts… (≤ 15 chars): ${bridge}`);
  return bridge;
}

/** The conflist JSON for the node's network. */
export function renderCniConflist(options: CniNetworkOptions): string {
  const cidr = parseCidr(options.podCidr);
  const conflist = {
    cniVersion: '1.0.0',
    name: options.networkName ?? 'k8ts',
    plugins: [
      {
        type: 'bridge',
        bridge: bridgeName(options),
        isGateway: true,
        ipMasq: options.ipMasq ?? false,
        // Lets a pod reach itself through a Service (with kube-proxy's masquerade rule).
        hairpinMode: true,
        ...(options.mtu !== undefined ? { mtu: options.mtu } : {}),
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: formatCidr(cidr), gateway: formatIpv4(cidr.base + 1) }]],
          routes: [{ dst: '0.0.0.0/0' }],
          dataDir: options.ipamDataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conflist, null, 2)}\n`;
}

/** Writes the conflist (atomically: containerd watches the directory and may read it any time). */
export async function installCniNetwork(options: CniNetworkOptions): Promise<string> {
  await mkdir(options.confDir, { recursive: true });
  await mkdir(options.ipamDataDir, { recursive: true });
  const file = conflistPath(options);
  await writeFile(`${file}.tmp`, renderCniConflist(options));
  await rename(`${file}.tmp`, file);
  return file;
}

/**
 * Removes the conflist, the bridge, host-local's leases and portmap's chains when no pod uses them
 * any more. Call it after every sandbox on the network was stopped and removed (CNI DEL cleans up
 * each pod's own rules; these are the shared leftovers).
 */
export async function uninstallCniNetwork(options: CniNetworkOptions): Promise<void> {
  await rm(conflistPath(options), { force: true });
  const bridge = bridgeName(options);
  await run('ip', ['link', 'del', bridge]).catch(() => undefined);
  await rm(options.ipamDataDir, { recursive: true, force: true });
  await removeIdlePortmapChains('iptables');
  await removeIdlePortmapChains('ip6tables');
}

const portmapChains = ['CNI-HOSTPORT-DNAT', 'CNI-HOSTPORT-MASQ', 'CNI-HOSTPORT-SETMARK'];

/**
 * portmap creates CNI-HOSTPORT-* chains in the nat table (plus jumps from the built-in chains) and
 * never removes them. They are shared by every CNI user on the host, so only drop them when
 * CNI-HOSTPORT-DNAT holds no pod's rules any more.
 */
export async function removeIdlePortmapChains(tool: 'iptables' | 'ip6tables'): Promise<void> {
  let rules: string;
  try {
    rules = (await run(tool, ['-w', '-t', 'nat', '-S'])).stdout;
  } catch {
    return; // no such table or tool: nothing of portmap's to clean
  }
  const lines = rules.split('\n');
  if (!lines.includes('-N CNI-HOSTPORT-DNAT')) return;
  if (lines.some((l) => l.startsWith('-A CNI-HOSTPORT-DNAT '))) return;
  const isJump = (l: string) => portmapChains.some((c) => l.endsWith(`-j ${c}`)) && l.startsWith('-A ');
  for (const jump of lines.filter(isJump)) {
    const args = jump.slice(3).match(/"[^"]*"|\S+/g) ?? [];
    await run(tool, ['-w', '-t', 'nat', '-D', ...args.map((a) => a.replace(/^"(.*)"$/, '$1'))]).catch(
      () => undefined,
    );
  }
  for (const chain of portmapChains) {
    if (!lines.includes(`-N ${chain}`)) continue;
    await run(tool, ['-w', '-t', 'nat', '-F', chain]).catch(() => undefined);
    await run(tool, ['-w', '-t', 'nat', '-X', chain]).catch(() => undefined);
  }
}
