// Starting one container of a pod (upstream's startContainer and doBackOff): wait out the
// crash-loop backoff, pull the image, resolve env and mounts, create, start, run postStart. Each
// failure becomes the container's waiting reason (CrashLoopBackOff, ErrImagePull,
// CreateContainerConfigError, CreateContainerError, RunContainerError) and an event.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { formatGoDuration } from '../../base/go-duration.js';
import { isInBackoffSince, nextBackoff } from '../container-backoff.js';
import type { Mount, PodSandboxConfig } from '../cri/runtime-service.js';
import { containerRef, formatPod } from '../prober/container-event.js';
import { pullAuthFor } from './pull-secrets.js';
import { containerConfig } from './container-config.js';
import { etcHostsMount, wantsManagedHosts } from './etc-hosts.js';
import type { PodSyncState } from './pod-sync-state.js';
import type { RuntimeManagerDeps } from './runtime-manager-deps.js';
import { latestContainer, type RuntimePod } from './runtime-pod.js';
import { statusContainerId } from './runtime-status.js';
import { runAsNonRootProblem } from './security-context.js';
import { terminationMessageMount } from './termination-message.js';

/** Where the container goes. */
export interface StartTarget {
  readonly pod: Pod;
  readonly container: Container;
  readonly sandboxId: string;
  readonly sandboxConfig: PodSandboxConfig;
  readonly podIPs: readonly string[];
  readonly runtimePod: RuntimePod;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Starts the container; resolves true when it is running (postStart included). */
export async function startContainer(
  deps: RuntimeManagerDeps,
  state: PodSyncState,
  t: StartTarget,
): Promise<boolean> {
  const { pod, container } = t;
  const name = container.name;
  const ref = containerRef(pod, name);
  const event = (type: 'Normal' | 'Warning', reason: string, message: string) =>
    deps.onEvent({ involvedObject: ref, type, reason, message });
  const fail = (
    reason: string,
    message: string,
    eventMessage = `Error: ${reason === 'CreateContainerConfigError' || reason === 'CreateContainerError' || reason === 'RunContainerError' ? message : reason}`,
  ) => {
    state.waiting.set(name, { reason, message });
    event('Warning', 'Failed', eventMessage);
    return false;
  };

  const previous = latestContainer(t.runtimePod, name);
  const now = deps.clock.now();
  // Like upstream's doBackOff, the newest exited instance counts, even when a newer one is being
  // replaced right now (a liveness kill): restarts for probes back off too.
  const exited = t.runtimePod.containers.find((c) => c.name === name && c.state === 'CONTAINER_EXITED');
  if (exited !== undefined) {
    const eventTime = exited.finishedAt || exited.createdAt;
    const entry = state.backoff.get(name);
    if (isInBackoffSince(entry, eventTime, now)) {
      const message = `back-off ${formatGoDuration(entry!.backoffMs)} restarting failed container=${name} pod=${formatPod(pod)}`;
      state.waiting.set(name, { reason: 'CrashLoopBackOff', message });
      event('Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${formatPod(pod)}`);
      state.wakeBy(eventTime + entry!.backoffMs);
      return false;
    }
    state.backoff.set(name, nextBackoff(entry, eventTime, now));
  }

  const pulled = await deps.images.ensureImage(
    pod,
    container,
    async () => pullAuthFor(container.image ?? '', await deps.pullSecrets(pod)),
    t.sandboxConfig,
    (e) => event(e.type, e.reason, e.message),
  );
  if (!pulled.ok) {
    const ends = deps.images.backoffEnds(pod, container.image ?? '');
    if (ends !== undefined) state.wakeBy(ends);
    return fail(pulled.reason, pulled.message);
  }

  const restartCount = previous === undefined ? 0 : previous.restartCount + 1;
  const env = await deps.containerEnv(pod, container, t.podIPs);
  if (!env.ok) {
    state.wakeBy(now + 10_000);
    return fail(env.reason, env.message);
  }
  const nonRoot = runAsNonRootProblem(pod, container, pulled.image);
  if (nonRoot !== undefined) return fail('CreateContainerConfigError', nonRoot);
  const mounts: Mount[] = [];
  if (state.volumes !== undefined) {
    const volumeMounts = await state.volumes.containerMounts(container, env.env);
    if (!volumeMounts.ok) return fail('CreateContainerConfigError', volumeMounts.message);
    mounts.push(...volumeMounts.mounts);
  }
  try {
    if (wantsManagedHosts(container, t.podIPs))
      mounts.push(await etcHostsMount(deps.rootDir, pod, t.podIPs, deps.sandbox.dns.clusterDomain));
    const termination = await terminationMessageMount(deps.rootDir, pod.metadata?.uid ?? '', container);
    if (termination !== undefined) mounts.push(termination);
  } catch (err) {
    return fail('CreateContainerConfigError', errorText(err));
  }

  let containerId: string;
  try {
    const config = containerConfig(pod, container, {
      restartCount,
      env: env.env,
      mounts,
      resources: deps.cgroups.containerResources(pod, container),
    });
    containerId = (
      await deps.runtime.createContainer({
        podSandboxId: t.sandboxId,
        config,
        sandboxConfig: t.sandboxConfig,
      })
    ).containerId;
  } catch (err) {
    return fail('CreateContainerError', errorText(err));
  }
  event('Normal', 'Created', `Created container ${name}`);
  try {
    await deps.runtime.startContainer(containerId);
  } catch (err) {
    return fail('RunContainerError', errorText(err));
  }
  event('Normal', 'Started', `Started container ${name}`);
  state.waiting.delete(name);

  const failure = await deps.lifecycle.postStart({
    pod,
    container,
    containerId: statusContainerId(deps.runtimeName, containerId),
    podIps: t.podIPs,
  });
  if (failure !== undefined) {
    state.waiting.set(name, { reason: failure.reason, message: failure.message });
    return false;
  }
  return true;
}
