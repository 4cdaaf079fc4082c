// The facts a kubelet reports about its machine (upstream's cadvisor MachineInfo and the node
// status setters): capacity (cpu, memory from /proc/meminfo, ephemeral-storage from statfs of the
// root dir, 110 pods), allocatable = capacity minus reservations and the hard eviction thresholds
// (memory.available 100Mi, nodefs.available 10%), and nodeInfo (kernel, OS image, ids, versions).
import { readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import type { NodeSystemInfo } from 'kubernetes-types/core/v1.js';

/** The kubelet version this kubelet reports. */
export const kubeletVersion = 'v1.32.4';

/** Resources reserved for the system and Kubernetes daemons, and the hard eviction thresholds. */
export interface Reservations {
  /** --kube-reserved + --system-reserved, in milli-CPU. */
  readonly cpuMilli: number;
  /** --kube-reserved + --system-reserved memory, bytes. */
  readonly memoryBytes: number;
  /** Hard eviction memory.available (default 100Mi). */
  readonly evictionMemoryBytes: number;
  /** Hard eviction nodefs.available as a fraction of capacity (default 0.1). */
  readonly evictionNodefsFraction: number;
  /** --max-pods (default 110). */
  readonly maxPods: number;
}

/** Upstream's defaults: nothing reserved, memory.available<100Mi, nodefs.available<10%, 110 pods. */
export const defaultReservations: Reservations = {
  cpuMilli: 0,
  memoryBytes: 0,
  evictionMemoryBytes: 100 * 1024 * 1024,
  evictionNodefsFraction: 0.1,
  maxPods: 110,
};

/** What the machine has. */
export interface MachineFacts {
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly storageBytes: number;
}

/** Reads cpu count, MemTotal and the size of the filesystem holding `rootDir`. */
export function readMachineFacts(rootDir: string): MachineFacts {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kib = Number(/^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1] ?? '0');
  const fs = statfsSync(rootDir);
  return { cpus: os.cpus().length, memoryBytes: kib * 1024, storageBytes: fs.blocks * fs.bsize };
}

function kibString(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

function milliString(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Capacity and allocatable as the node status shows them. */
export function nodeResources(
  facts: MachineFacts,
  r: Reservations = defaultReservations,
): { capacity: Record<string, string>; allocatable: Record<string, string> } {
  const capacity = {
    cpu: String(facts.cpus),
    'ephemeral-storage': kibString(facts.storageBytes),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: kibString(facts.memoryBytes),
    pods: String(r.maxPods),
  };
  const storage = Math.max(0, facts.storageBytes - Math.ceil(facts.storageBytes * r.evictionNodefsFraction));
  const memory = Math.max(0, facts.memoryBytes - r.memoryBytes - r.evictionMemoryBytes);
  const allocatable = {
    cpu: milliString(Math.max(0, facts.cpus * 1000 - r.cpuMilli)),
    // Upstream prints allocatable storage in plain bytes (the eviction threshold is a percentage).
    'ephemeral-storage': String(storage),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: kibString(memory),
    pods: String(r.maxPods),
  };
  return { capacity, allocatable };
}

function readTrimmed(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** PRETTY_NAME from /etc/os-release (e.g. "Debian GNU/Linux 12 (bookworm)"). */
export function osImage(text = readTrimmed('/etc/os-release')): string {
  const m = /^PRETTY_NAME=(.*)$/m.exec(text);
  if (m === null) return 'Linux';
  return m[1]!.replace(/^"(.*)"$/, '$1');
}

function goArch(): string {
  const arch = os.arch();
  return arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
}

/** The node's nodeInfo with the runtime's version (e.g. "containerd://1.6.20~ds1"). */
export function nodeSystemInfo(runtimeVersion: string): NodeSystemInfo {
  return {
    architecture: goArch(),
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id'),
    containerRuntimeVersion: runtimeVersion,
    kernelVersion: os.release(),
    kubeProxyVersion: '',
    kubeletVersion,
    machineID: readTrimmed('/etc/machine-id'),
    operatingSystem: 'linux',
    osImage: osImage(),
    systemUUID: readTrimmed('/sys/class/dmi/id/product_uuid').toLowerCase(),
  };
}
