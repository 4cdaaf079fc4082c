/**
 * The containerd floor for pod startup: what the same pods cost straight through the CRI client —
 * RunPodSandbox, CreateContainer, StartContainer, nothing else — with the same sandbox and
 * container configs the kubelet builds (minus its io.kubernetes.* labels, so its PLEG and GC leave
 * them alone), all started at once as the kubelet's pods are. Each pod's latency runs from the
 * moment its RunPodSandbox is sent to StartContainer's answer.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { CriClient } from '../../src/kubelet/cri/cri-client.js';
import { containerConfig } from '../../src/kubelet/kuberuntime/container-config.js';
import { podSandboxConfig } from '../../src/kubelet/kuberuntime/sandbox-config.js';
import { elapsedMs } from '../support/stats.js';

/** Where floor pods live. */
export interface FloorSettings {
  readonly runtime: CriClient;
  /** Pod log directories go here. */
  readonly logsRoot: string;
  /** The cgroup parent of floor pods (under the bench's own cgroup root). */
  readonly cgroupParent: string;
}

/** Starts `pods` concurrently; resolves with each one's latency in ms, then removes them all. */
export async function criFloor(settings: FloorSettings, pods: readonly Pod[]): Promise<number[]> {
  const { runtime } = settings;
  const sandboxIds: string[] = [];
  const latencies = await Promise.all(
    pods.map(async (pod) => {
      const { config } = podSandboxConfig(pod, 0, `${settings.cgroupParent}/pod${pod.metadata?.uid ?? ''}`, {
        podLogsRoot: settings.logsRoot,
        dns: { clusterDns: [], clusterDomain: 'cluster.local', host: {} },
      });
      const sandboxConfig = { ...config, labels: { 'k8ts.bench': 'floor' }, annotations: {} };
      await mkdir(sandboxConfig.logDirectory!, { recursive: true });
      const container = pod.spec!.containers[0]!;
      const start = process.hrtime.bigint();
      const { podSandboxId } = await runtime.runPodSandbox({ config: sandboxConfig });
      sandboxIds.push(podSandboxId);
      const base = containerConfig(pod, container, { restartCount: 0, env: [], mounts: [], resources: {} });
      const { containerId } = await runtime.createContainer({
        podSandboxId,
        config: { ...base, labels: { 'k8ts.bench': 'floor' }, annotations: {} },
        sandboxConfig,
      });
      await runtime.startContainer(containerId);
      return elapsedMs(start);
    }),
  );
  for (const id of sandboxIds) {
    await runtime.stopPodSandbox(id);
    await runtime.removePodSandbox(id);
  }
  await rm(settings.logsRoot, { recursive: true, force: true });
  return latencies;
}

/** The log path root of floor pods under `dir`. */
export function floorLogsRoot(dir: string): string {
  return path.join(dir, 'floor-logs');
}
