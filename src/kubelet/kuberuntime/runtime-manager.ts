// The kubelet's runtime manager (upstream's kubeGenericRuntimeManager, SyncPod/KillPod): turns the
// plan of computePodActions into CRI calls — kill what must go, (re)create the sandbox, then start
// the next init container or sidecar and the containers — and tears pods down with their grace.
import { mkdir } from 'node:fs/promises';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../cri/cri-errors.js';
import { podRef } from '../prober/container-event.js';
import type { KillReason } from '../lifecycle/termination-grace-period.js';
import { isRestartableInitContainer } from '../pod-phase.js';
import { computePodActions, type PodActions } from './compute-pod-actions.js';
import type { PodSyncState } from './pod-sync-state.js';
import type { RuntimeManagerDeps } from './runtime-manager-deps.js';
import { readRuntimePod, type RuntimeContainer, type RuntimePod } from './runtime-pod.js';
import { statusContainerId } from './runtime-status.js';
import { podSandboxConfig } from './sandbox-config.js';
import { startContainer } from './start-container.js';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// A retry after a sandbox could not be created.
const sandboxRetryMs = 5_000;

/** Sync, kill and removal of pods through the CRI. */
export class RuntimeManager {
  constructor(private readonly deps: RuntimeManagerDeps) {}

  /** What the runtime holds for the pod. */
  runtimePod(uid: string): Promise<RuntimePod> {
    return readRuntimePod(this.deps.runtime, uid);
  }

  /** The plan for `pod` now. */
  plan(pod: Pod, runtime: RuntimePod): PodActions {
    const uid = pod.metadata?.uid ?? '';
    const id = (raw: string) => statusContainerId(this.deps.runtimeName, raw);
    return computePodActions(pod, runtime, {
      probeRestart: (name, raw) => this.deps.probeRestart(name, id(raw)),
      isStarted: (name, raw) => this.deps.isStarted(uid, name, id(raw)),
    });
  }

  // Upstream's createPodSandbox failure: a FailedCreatePodSandBox event, and another try later.
  private sandboxFailed(pod: Pod, state: PodSyncState, err: unknown): void {
    this.deps.onEvent({
      involvedObject: podRef(pod),
      type: 'Warning',
      reason: 'FailedCreatePodSandBox',
      message: `Failed to create pod sandbox: ${errorText(err)}`,
    });
    state.wakeBy(this.deps.clock.now() + sandboxRetryMs);
  }

  /** One SyncPod: brings the runtime in line with the pod's spec, planning from `view` (read now if absent). */
  async syncPod(pod: Pod, state: PodSyncState, view?: RuntimePod): Promise<void> {
    const { deps } = this;
    const runtime = view ?? (await this.runtimePod(pod.metadata?.uid ?? ''));
    const actions = this.plan(pod, runtime);
    if (actions.killPod) {
      if (actions.createSandbox && runtime.sandboxes.length > 0)
        deps.onEvent({
          involvedObject: podRef(pod),
          type: 'Normal',
          reason: 'SandboxChanged',
          message: 'Pod sandbox changed, it will be killed and re-created.',
        });
      await this.killPod(pod, runtime);
    } else {
      await Promise.all(
        actions.containersToKill.map((k) =>
          this.killContainer(pod, k.spec, k.container, runtime, k.reason, k.message),
        ),
      );
    }
    if (!actions.createSandbox && actions.sandboxId === undefined) return;
    if (actions.initFailed || (actions.killPod && !actions.createSandbox)) return;

    const cgroupParent = deps.cgroups.podCgroupParent(pod);
    let sandboxConfig: ReturnType<typeof podSandboxConfig>;
    try {
      sandboxConfig = podSandboxConfig(pod, actions.attempt, cgroupParent, deps.sandbox);
    } catch (err) {
      // A hostname that cannot be built (an FQDN too long): upstream's createPodSandbox fails the same way.
      return this.sandboxFailed(pod, state, err);
    }
    const { config, missingClusterDns } = sandboxConfig;
    let sandboxId = actions.sandboxId;
    let podIPs: readonly string[] = runtime.sandboxes[0]?.ips ?? [];
    if (actions.createSandbox) {
      if (missingClusterDns)
        deps.onEvent({
          involvedObject: podRef(pod),
          type: 'Warning',
          reason: 'MissingClusterDNS',
          message:
            'pod: "' +
            `${pod.metadata?.name ?? ''}_${pod.metadata?.namespace ?? ''}(${pod.metadata?.uid ?? ''})` +
            '". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.',
        });
      try {
        await Promise.all([
          mkdir(config.logDirectory!, { recursive: true }),
          deps.cgroups.ensurePodCgroup(pod),
        ]);
        sandboxId = (await deps.runtime.runPodSandbox({ config })).podSandboxId;
        const status = (await deps.runtime.podSandboxStatus({ podSandboxId: sandboxId })).status;
        podIPs = status.network?.ip
          ? [status.network.ip, ...status.network.additionalIps.map((a) => a.ip)]
          : [];
      } catch (err) {
        return this.sandboxFailed(pod, state, err);
      }
    }
    // A host-network sandbox has no IP of its own: its containers see the node's, as upstream's
    // kubelet hands the runtime the pod's status IPs (the host IPs) for host-network pods.
    if (pod.spec?.hostNetwork) podIPs = deps.hostIPs;
    const target = { pod, sandboxId: sandboxId!, sandboxConfig: config, podIPs, runtimePod: runtime };
    for (const c of actions.initContainersToStart) {
      const ok = await startContainer(deps, state, { ...target, container: c });
      // A regular init container runs alone; the next sync (after it exits) moves on.
      if (!ok || !isRestartableInitContainer(c)) return;
    }
    for (const c of actions.containersToStart) await startContainer(deps, state, { ...target, container: c });
  }

  /** Kills one container with its grace period (preStop first), as upstream's killContainer. */
  async killContainer(
    pod: Pod,
    spec: Container,
    c: RuntimeContainer,
    runtime: RuntimePod,
    reason: KillReason = 'Unknown',
    message?: string,
    gracePeriodOverrideSeconds?: number,
  ): Promise<void> {
    try {
      await this.deps.lifecycle.killContainer({
        pod,
        container: spec,
        containerId: statusContainerId(this.deps.runtimeName, c.id),
        podIps: runtime.sandboxes[0]?.ips ?? [],
        reason,
        ...(message !== undefined ? { message } : {}),
        ...(gracePeriodOverrideSeconds !== undefined ? { gracePeriodOverrideSeconds } : {}),
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * Stops the pod: regular containers together, then running sidecars and init containers one by
   * one in reverse order (sidecars outlive what they serve), then every sandbox.
   */
  async killPod(pod: Pod, runtime?: RuntimePod, gracePeriodOverrideSeconds?: number): Promise<void> {
    const view = runtime ?? (await this.runtimePod(pod.metadata?.uid ?? ''));
    const specOf = (name: string): Container =>
      [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name) ?? {
        name,
      };
    const live = view.containers.filter((c) => c.state === 'CONTAINER_RUNNING');
    const mainNames = new Set((pod.spec?.containers ?? []).map((c) => c.name));
    const kill = (c: RuntimeContainer) =>
      this.killContainer(pod, specOf(c.name), c, view, 'Unknown', undefined, gracePeriodOverrideSeconds);
    await Promise.all(live.filter((c) => mainNames.has(c.name) || !this.isInit(pod, c.name)).map(kill));
    const inits = (pod.spec?.initContainers ?? []).map((c) => c.name).reverse();
    for (const name of inits) for (const c of live.filter((x) => x.name === name)) await kill(c);
    for (const s of view.sandboxes)
      if (s.state === 'SANDBOX_READY') await this.deps.runtime.stopPodSandbox(s.id);
  }

  private isInit(pod: Pod, name: string): boolean {
    return (pod.spec?.initContainers ?? []).some((c) => c.name === name);
  }

  /** Removes every container and sandbox of the pod, and its cgroups (after killPod). */
  async removePod(pod: Pod): Promise<void> {
    const uid = pod.metadata?.uid ?? '';
    const view = await this.runtimePod(uid);
    for (const c of view.containers) await this.deps.runtime.removeContainer(c.id);
    for (const s of view.sandboxes) {
      await this.deps.runtime.stopPodSandbox(s.id);
      await this.deps.runtime.removePodSandbox(s.id);
    }
    const cgroup = (await this.deps.cgroups.podCgroups()).get(uid);
    if (cgroup !== undefined) await this.deps.cgroups.removePodCgroup(cgroup);
  }
}
