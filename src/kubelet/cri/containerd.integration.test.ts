// The runtime layer against a real containerd (root only): our supervisor starts it in a temp dir,
// our CNI config gives pods an IP on a bridge of their own, and CriClient runs a pod from the local
// registry that answers HTTP from the host. Afterwards nothing may be left: no containerd or shim
// processes, no netns, bridge, CNI results, iptables rules, mounts, cgroups or temp files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ensureTestImages, testImages } from '../../../test/support/test-images.js';
import { installCniNetwork, uninstallCniNetwork, type CniNetworkOptions } from './cni-config.js';
import { ContainerdSupervisor } from './containerd-supervisor.js';
import { CriClient } from './cri-client.js';
import { isCriError } from './cri-errors.js';
import { localTestRegistries } from './registry-hosts.js';
import type { PodSandboxConfig } from './runtime-service.js';

const isRoot = process.getuid?.() === 0;

function httpGet(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

async function eventually<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

// A /24 under 10.250/16 that no route on this host uses yet, so parallel runs and other bridges never clash.
function freeSubnet(): number {
  const routes = execFileSync('ip', ['-4', 'route', 'show'], { encoding: 'utf8' });
  for (let i = 0; i < 50; i++) {
    const n = 1 + Math.floor(Math.random() * 250);
    if (!routes.includes(`10.250.${n}.`)) return n;
  }
  throw new Error('no free 10.250.x.0/24 subnet');
}

function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(text)) found.push(`${pid}: ${cmd}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

function removeCgroupTree(top: string, podUid: string): void {
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    for (const dir of [
      path.join('/sys/fs/cgroup', hierarchy, top, `pod${podUid}`),
      path.join('/sys/fs/cgroup', hierarchy, top),
    ]) {
      try {
        rmdirSync(dir);
      } catch {
        // not created in this hierarchy
      }
    }
  }
}

// containerd and CNI create these shared directories on first use; drop them again when nothing of
// anyone's is inside (rmdir refuses non-empty directories, so a parallel runtime keeps its files).
function removeEmptySharedDirs(): void {
  for (const dir of [
    '/run/containerd/s',
    '/run/containerd/fifo',
    '/run/containerd',
    '/var/lib/cni/results',
    '/var/lib/cni',
    '/run/netns',
  ]) {
    try {
      rmdirSync(dir);
    } catch {
      // absent, or in use
    }
  }
}

test(
  'containerd via CRI: pull, run a pod that serves HTTP, exec, stop, and leave nothing behind',
  {
    skip: isRoot ? false : 'needs root (CI runs as root): real containerd, netns and iptables',
    timeout: 60_000,
  },
  async (t) => {
    const started = Date.now();
    await ensureTestImages();
    const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-cri-it-'));
    const n = freeSubnet();
    const network: CniNetworkOptions = {
      confDir: path.join(dir, 'cni', 'net.d'),
      ipamDataDir: path.join(dir, 'cni', 'ipam'),
      podCidr: `10.250.${n}.0/24`,
      bridge: `k8tsit${n}`,
      networkName: `k8ts-it-${n}`,
    };
    const hostPort = 30000 + n;
    const cgroupTop = `k8ts-cri-it-${process.pid}`;
    const podUid = `it-${process.pid}`;
    const supervisor = new ContainerdSupervisor({
      dir: path.join(dir, 'containerd'),
      sandboxImage: testImages.pause,
      cniConfDir: network.confDir,
      registries: localTestRegistries,
    });
    const timings = new Map<string, number[]>();
    const client = new CriClient({
      endpoint: supervisor.endpoint,
      requestTimeoutMs: 20_000,
      observe: (rpc, ms) => timings.set(rpc, [...(timings.get(rpc) ?? []), ms]),
    });
    let netnsPath: string | undefined;
    let containerdPid: number | undefined;
    try {
      await installCniNetwork(network);
      const version = await supervisor.start();
      containerdPid = supervisor.pid;
      assert.equal(version.runtimeName, 'containerd');
      const conditions = (await client.status(false)).status.conditions;
      assert.deepEqual(
        conditions.map((c) => [c.type, c.status]),
        [
          ['RuntimeReady', true],
          ['NetworkReady', true],
        ],
      );

      const { imageRef } = await client.pullImage({ image: { image: testImages.toolbox1 } });
      const image = (await client.imageStatus({ image: testImages.toolbox1 })).image;
      assert.equal(image?.id, imageRef);
      assert.match(image?.repoDigests[0] ?? '', /^127\.0\.0\.1:5000\/toolbox@sha256:/);

      const sandboxConfig: PodSandboxConfig = {
        metadata: { name: 'web', uid: podUid, namespace: 'default', attempt: 0 },
        hostname: 'web',
        logDirectory: path.join(dir, 'logs'),
        portMappings: [{ protocol: 'TCP', containerPort: 8080, hostPort, hostIp: '127.0.0.1' }],
        labels: { 'io.kubernetes.pod.uid': podUid },
        linux: {
          cgroupParent: `/${cgroupTop}/pod${podUid}`,
          securityContext: { namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' } },
        },
      };
      const { podSandboxId } = await client.runPodSandbox({ config: sandboxConfig });
      const sandbox = await client.podSandboxStatus({ podSandboxId, verbose: true });
      assert.equal(sandbox.status.state, 'SANDBOX_READY');
      const ip = sandbox.status.network?.ip ?? '';
      assert.match(ip, new RegExp(`^10\\.250\\.${n}\\.\\d+$`));
      const info = JSON.parse(sandbox.info['info'] ?? '{}') as {
        runtimeSpec?: { linux?: { namespaces?: { type: string; path?: string }[] } };
      };
      netnsPath = info.runtimeSpec?.linux?.namespaces?.find((ns) => ns.type === 'network')?.path;
      assert.ok(netnsPath !== undefined && existsSync(netnsPath), `netns ${netnsPath}`);

      const { containerId } = await client.createContainer({
        podSandboxId,
        sandboxConfig,
        config: {
          metadata: { name: 'app', attempt: 0 },
          image: { image: testImages.toolbox1 },
          logPath: 'app/0.log',
          envs: [{ key: 'GREETING', value: 'hello' }],
          labels: { 'io.kubernetes.container.name': 'app' },
          linux: {
            resources: { memoryLimitInBytes: 64 * 1024 * 1024, cpuShares: 512 },
            securityContext: { runAsUser: 65534, seccomp: { profileType: 'RuntimeDefault' } },
          },
        },
      });
      await client.startContainer(containerId);
      const body = await eventually(() => httpGet(`http://${ip}:8080/`, 1000), 5000);
      assert.equal(body.trim(), 'toolbox v1');
      const viaHostPort = await eventually(() => httpGet(`http://127.0.0.1:${hostPort}/`, 1000), 5000);
      assert.equal(viaHostPort.trim(), 'toolbox v1');

      const exec = await client.execSync({
        containerId,
        cmd: ['sh', '-c', 'echo "$GREETING $TOOLBOX_VERSION $(id -u)"; echo oops >&2; exit 3'],
        timeout: 5,
      });
      assert.deepEqual(
        [exec.stdout.toString(), exec.stderr.toString(), exec.exitCode],
        ['hello 1 65534\n', 'oops\n', 3],
      );
      await assert.rejects(
        client.execSync({ containerId, cmd: ['/nonexistent'], timeout: 5 }),
        (e: unknown) => isCriError(e, 'Unknown'),
      );

      const running = (await client.containerStatus({ containerId })).status;
      assert.equal(running.state, 'CONTAINER_RUNNING');
      assert.ok(running.startedAt > running.createdAt && running.createdAt > 1.7e18);
      assert.equal(running.resources?.linux?.memoryLimitInBytes, 64 * 1024 * 1024);
      assert.equal(running.logPath, path.join(dir, 'logs', 'app/0.log'));
      const listed = await client.listContainers({ filter: { podSandboxId, state: 'CONTAINER_RUNNING' } });
      assert.deepEqual(
        listed.containers.map((c) => c.id),
        [containerId],
      );
      const stats = await client.containerStats(containerId);
      assert.ok((stats.memory?.workingSetBytes ?? 0) > 0);
      assert.equal((await client.listContainerStats({ podSandboxId })).length, 1);
      const podStats = await client.podSandboxStats(podSandboxId);
      assert.ok((podStats.linux?.memory?.workingSetBytes ?? 0) > 0);
      const fs = (await client.imageFsInfo()).imageFilesystems[0];
      // containerd refreshes usage in the background, so a fresh daemon may still report 0 bytes.
      assert.ok(fs?.fsId?.mountpoint.startsWith(dir) && typeof fs.usedBytes === 'number', JSON.stringify(fs));
      assert.ok((await client.listImages()).some((i) => i.id === imageRef));

      // The other RPCs the kubelet uses, each once against the real thing.
      const streaming = /^http:\/\/127\.0\.0\.1:\d+\/(exec|attach|portforward)\/\S+$/;
      assert.match(
        (await client.exec({ containerId, cmd: ['sh'], stdin: true, stdout: true })).url,
        streaming,
      );
      assert.match((await client.attach({ containerId, stdout: true, stderr: true })).url, streaming);
      assert.match((await client.portForward({ podSandboxId, port: [8080] })).url, streaming);
      await client.updateContainerResources({ containerId, linux: { memoryLimitInBytes: 96 * 1024 * 1024 } });
      const updated = (await client.containerStatus({ containerId })).status;
      assert.equal(updated.resources?.linux?.memoryLimitInBytes, 96 * 1024 * 1024);
      await client.reopenContainerLog(containerId);
      await client.updateRuntimeConfig(network.podCidr);

      await client.stopContainer({ containerId, timeout: 5 });
      const exited = (await client.containerStatus({ containerId })).status;
      assert.deepEqual([exited.state, exited.exitCode, exited.reason], ['CONTAINER_EXITED', 0, 'Completed']);
      assert.match(readFileSync(exited.logPath, 'utf8'), /^\S+Z stdout F toolbox v1 serving/m);

      await client.removeContainer(containerId);
      await client.stopPodSandbox(podSandboxId);
      await client.removePodSandbox(podSandboxId);
      await assert.rejects(client.podSandboxStatus({ podSandboxId }), (e: unknown) =>
        isCriError(e, 'NotFound'),
      );
      assert.deepEqual((await client.listPodSandbox()).items, []);
      await client.removeImage({ image: testImages.toolbox1 });
      assert.equal((await client.imageStatus({ image: testImages.toolbox1 })).image, undefined);
    } finally {
      // Whatever happened above: CNI DEL through the runtime for every pod, then the daemon, the network.
      if (supervisor.pid !== undefined) {
        for (const s of (await client.listPodSandbox().catch(() => ({ items: [] }))).items) {
          await client.stopPodSandbox(s.id).catch(() => undefined);
          await client.removePodSandbox(s.id).catch(() => undefined);
        }
      }
      client.close();
      await supervisor.stop();
      await uninstallCniNetwork(network);
      removeCgroupTree(cgroupTop, podUid);
      removeEmptySharedDirs();
    }

    // Nothing may be left behind.
    assert.equal(
      containerdPid !== undefined && existsSync(`/proc/${containerdPid}`),
      false,
      'containerd still running',
    );
    // A shim exits right after RemovePodSandbox answered; give it a moment.
    await eventually(async () => assert.deepEqual(processesMentioning(dir), []), 3000).catch(() => undefined);
    assert.deepEqual(processesMentioning(dir), [], 'processes (containerd, shims) still running');
    assert.equal(netnsPath !== undefined && existsSync(netnsPath), false, `netns ${netnsPath} left`);
    assert.equal(existsSync(`/sys/class/net/${network.bridge}`), false, 'bridge left');
    assert.doesNotMatch(readFileSync('/proc/mounts', 'utf8'), new RegExp(dir), 'mounts left');
    const results = existsSync('/var/lib/cni/results') ? readdirSync('/var/lib/cni/results') : [];
    assert.deepEqual(
      results.filter((f) => f.startsWith(`${network.networkName}-`)),
      [],
      'CNI results left',
    );
    assert.doesNotMatch(
      execFileSync('iptables-save', { encoding: 'utf8' }),
      new RegExp(`10\\.250\\.${n}\\.`),
      'iptables rules left',
    );
    assert.doesNotMatch(
      execFileSync('iptables-save', { encoding: 'utf8' }),
      new RegExp(`dport ${hostPort}\\b`),
      'hostPort rules left',
    );
    assert.equal(existsSync(`/sys/fs/cgroup/memory/${cgroupTop}`), false, 'cgroups left');
    rmSync(dir, { recursive: true, force: true });

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    t.diagnostic(
      [...timings]
        .map(([rpc, ms]) => `${rpc} ${median(ms).toFixed(1)}ms${ms.length > 1 ? ` (n=${ms.length})` : ''}`)
        .join(', '),
    );
    t.diagnostic(`total ${Date.now() - started} ms`);
  },
);
