/**
 * A `k8ts server --node-runtime containerd` for kubelet e2e tests (root only): its own data dir, a
 * pod network of its own (a free 10.251.N.0/24, bridge named after the data dir), its own cgroup
 * root, the test images in the local registry — and a cleanup that deletes every pod through the
 * API, stops the server (and with it containerd, by PID), then removes whatever is left: shims,
 * mounts, the bridge and CNI chains, the cgroup tree, the data dir. `leftovers()` lists what
 * survived, so each test can assert that nothing did.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { uninstallCniNetwork, type CniNetworkOptions } from '../../src/kubelet/cri/cni-config.js';
import { nodeNetwork } from '../../src/kubelet/containerd-kubelet.js';
import { startK8tsServer, type K8tsServer } from './k8ts-server.js';
import { kubectl, kubectlOk, type KubectlResult } from './kubectl.js';
import { ensureTestImages } from './test-images.js';

const run = promisify(execFile);

/** True when kubelet e2e tests can run here (root; CI runs them as root). */
export const canRunContainers = process.getuid?.() === 0;

/** Options of startContainerdNode. */
export interface ContainerdNodeOptions {
  /** sqlite keeps the cluster across restart() (default memory). */
  readonly datastore?: 'memory' | 'sqlite';
  readonly extraArgs?: readonly string[];
}

/** A running all-in-one server with a real node. */
export interface ContainerdNode {
  readonly server: K8tsServer;
  readonly nodeName: string;
  readonly dataDir: string;
  readonly podCidr: string;
  /** kubectl against the server; throws unless it exits 0. */
  kubectl(args: readonly string[], stdin?: string): Promise<string>;
  /** kubectl that may fail. */
  kubectlRaw(args: readonly string[], stdin?: string): Promise<KubectlResult>;
  /** Deletes every pod, stops the server and removes what the node left on the machine. */
  cleanup(): Promise<void>;
  /** What is still on the machine after cleanup (empty when clean). */
  leftovers(): string[];
}

/** A random N with 10.251.N.0/24 not routed on this machine (each test node's own pod network). */
export function freeSubnet(): number {
  const routes = execFileSync('ip', ['-4', 'route', 'show'], { encoding: 'utf8' });
  for (let i = 0; i < 100; i++) {
    const n = 1 + Math.floor(Math.random() * 250);
    if (!routes.includes(`10.251.${n}.`)) return n;
  }
  throw new Error('no free 10.251.x.0/24 subnet');
}

function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) found.push(Number(pid));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

function cgroupDirs(cgroupRoot: string): string[] {
  const out: string[] = [];
  for (const h of readdirSync('/sys/fs/cgroup')) {
    const top = join('/sys/fs/cgroup', h, cgroupRoot);
    if (existsSync(top)) out.push(top);
  }
  return out;
}

// Deepest first, so every directory is empty of child cgroups when its turn comes.
function removeCgroupTree(dir: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch {
    return;
  }
  for (const e of entries) removeCgroupTree(join(dir, e));
  try {
    rmdirSync(dir);
  } catch {
    // still has processes: reported by leftovers()
  }
}

/** Where a test node keeps its things on this machine. */
export interface NodeFootprint {
  readonly dataDir: string;
  readonly network: CniNetworkOptions;
  readonly cgroupRoot: string;
  /** Its pod network's 10.251.N.0/24. */
  readonly subnet: number;
}

/**
 * Removes whatever a node left after its kubelet stopped (a failed test): processes under its data
 * dir (shims, containerd) killed by PID, mounts undone, the bridge and CNI chains, the cgroup tree,
 * the data dir.
 */
export async function removeNodeFootprint(f: NodeFootprint): Promise<void> {
  for (const pid of processesMentioning(f.dataDir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const m of mountsUnder(f.dataDir)) await run('umount', ['-l', m]).catch(() => undefined);
  await uninstallCniNetwork(f.network);
  for (const d of cgroupDirs(f.cgroupRoot)) removeCgroupTree(d);
  await rm(f.dataDir, { recursive: true, force: true });
}

/** What of a node is still on the machine (empty when clean). */
export function nodeFootprintLeft(f: NodeFootprint): string[] {
  const left: string[] = [];
  for (const pid of processesMentioning(f.dataDir)) left.push(`process ${pid}`);
  for (const m of mountsUnder(f.dataDir)) left.push(`mount ${m}`);
  if (existsSync(`/sys/class/net/${f.network.bridge}`)) left.push(`bridge ${f.network.bridge}`);
  for (const d of cgroupDirs(f.cgroupRoot)) left.push(`cgroup ${d}`);
  const rules = execFileSync('iptables-save', { encoding: 'utf8' });
  if (rules.includes(`10.251.${f.subnet}.`)) left.push('iptables rules for the pod network');
  if (existsSync(f.dataDir)) left.push(`data dir ${f.dataDir}`);
  return left;
}

/** Starts the server with its node and waits until the node is Ready. */
export async function startContainerdNode(options: ContainerdNodeOptions = {}): Promise<ContainerdNode> {
  await ensureTestImages();
  const dataDir = await mkdtemp(join(tmpdir(), 'k8ts-kubelet-e2e-'));
  const n = freeSubnet();
  const podCidr = `10.251.${n}.0/24`;
  const nodeName = `kubelet-e2e-${n}`;
  const cgroupRoot = `/k8ts-e2e-${process.pid}-${n}`;
  const network = nodeNetwork(dataDir, podCidr, false);
  const footprint: NodeFootprint = { dataDir, network, cgroupRoot, subnet: n };
  let server: K8tsServer | undefined;
  const opts = () => ({ kubeconfig: server!.kubeconfig });
  const cleanup = async (): Promise<void> => {
    if (server !== undefined) {
      await kubectl(['delete', 'pods', '--all', '--all-namespaces', '--wait=true', '--timeout=30s'], {
        ...opts(),
        timeoutMs: 40_000,
      }).catch(() => undefined);
      await server.stop();
    }
    // Anything the kubelet could not remove (a failed test): kill it and undo its mounts.
    await removeNodeFootprint(footprint);
  };
  try {
    server = await startK8tsServer({
      dataDir,
      controlPlane: true,
      datastore: options.datastore ?? 'memory',
      startTimeoutMs: 60_000,
      extraArgs: [
        '--node-runtime',
        'containerd',
        '--node-name',
        nodeName,
        '--cluster-cidr',
        podCidr,
        '--cgroup-root',
        cgroupRoot,
        // Several test nodes share this machine: each kubelet API takes a free port.
        '--kubelet-port',
        '0',
        ...(options.extraArgs ?? []),
      ],
    });
    await kubectlOk(['wait', '--for=condition=Ready', `node/${nodeName}`, '--timeout=30s'], {
      ...opts(),
      timeoutMs: 40_000,
    });
    // Pods need their namespace's default ServiceAccount before they can be created.
    for (let i = 0; i < 100; i++) {
      const sa = await kubectl(['get', 'serviceaccount', 'default', '-o', 'name'], opts());
      if (sa.code === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  const s = server;
  return {
    server: s,
    nodeName,
    dataDir,
    podCidr,
    kubectl: async (args, stdin) =>
      (await kubectlOk(args, { kubeconfig: s.kubeconfig, ...(stdin !== undefined ? { stdin } : {}) })).stdout,
    kubectlRaw: (args, stdin) =>
      kubectl(args, { kubeconfig: s.kubeconfig, ...(stdin !== undefined ? { stdin } : {}) }),
    cleanup,
    leftovers: () => nodeFootprintLeft(footprint),
  };
}

/** Why a test file must skip (containers need root), or false when it can run. */
export const containersSkipReason: string | false = canRunContainers
  ? false
  : 'needs root (CI runs as root): real containerd, netns and iptables';

/**
 * One node for a whole test file: started before its tests, cleaned up after them, and the file
 * fails if anything of it is left on the machine. `node()` is only valid inside the tests; `skip`
 * is what `test(name, { skip }, ...)` takes.
 */
export function containerdNodeForFile(options: ContainerdNodeOptions = {}): {
  readonly skip: string | false;
  node(): ContainerdNode;
} {
  let started: ContainerdNode | undefined;
  before(async () => {
    if (!containersSkipReason) started = await startContainerdNode(options);
  });
  after(async () => {
    if (started === undefined) return;
    await started.cleanup();
    assert.deepEqual(started.leftovers(), []);
  });
  return {
    skip: containersSkipReason,
    node() {
      if (started === undefined) throw new Error('the containerd node is not running');
      return started;
    },
  };
}

/** Polls `fn` until it returns a value (not undefined) or the time is up; the last error is thrown. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** GET over plain HTTP with a short timeout; the body. */
export async function httpText(url: string, timeoutMs = 2000): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return (await res.text()).trim();
}
