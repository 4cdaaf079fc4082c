import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import { containerRef, type KubeletEventSink } from '../prober/container-event.js';
import { runtimeContainerId } from '../prober/container-exec.js';
import type { HookTarget, LifecycleHookRunner } from './hook-runner.js';
import { runPreStopHook } from './pre-stop-hook.js';
import {
  killGracePeriodSeconds,
  minimumGracePeriodSeconds,
  type KillReason,
} from './termination-grace-period.js';

/** The runtime call that stops a container: SIGTERM, then SIGKILL after `timeout` seconds (CRI StopContainer). */
export interface ContainerStopper {
  stopContainer(request: { readonly containerId: string; readonly timeout: number }): Promise<void>;
}

/** What killing a container needs. */
export interface KillContainerDeps {
  readonly hooks: LifecycleHookRunner;
  readonly runtime: ContainerStopper;
  readonly clock: Clock;
  /** Receives Killing and FailedPreStopHook events. */
  readonly onEvent?: KubeletEventSink;
  /** Where failures that are not returned (a kill after a failed postStart) are logged. */
  readonly log?: Logger;
}

/** Which container to kill and why. */
export interface KillContainerRequest extends HookTarget {
  /** Default "Unknown"; a liveness or startup kill may use the probe's grace period. */
  readonly reason?: KillReason;
  /** The Killing event's message; default "Stopping container <name>". */
  readonly message?: string;
  /** Replaces the computed grace period for the stop itself (the preStop hook still gets the computed one). */
  readonly gracePeriodOverrideSeconds?: number;
}

function isNotFound(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === 'NotFound' || code === 5;
}

/**
 * Kills a container as upstream's killContainer does: a Normal Killing event, the preStop hook
 * within the grace period (its whole seconds are then subtracted), at least 2 s left for the
 * container itself, then StopContainer. A container already gone counts as stopped. Resolves with
 * the grace period StopContainer was given.
 */
export async function killContainer(deps: KillContainerDeps, request: KillContainerRequest): Promise<number> {
  const { pod, container } = request;
  let grace = killGracePeriodSeconds(pod, container, request.reason ?? 'Unknown');
  deps.onEvent?.({
    involvedObject: containerRef(pod, container.name),
    type: 'Normal',
    reason: 'Killing',
    message:
      request.message !== undefined && request.message !== ''
        ? request.message
        : `Stopping container ${container.name}`,
  });
  if (container.lifecycle?.preStop !== undefined && grace > 0) {
    grace -= await runPreStopHook(deps, request, grace);
  }
  // Containers always get a short window to shut down, so a slow hook never turns into a SIGKILL.
  if (grace < minimumGracePeriodSeconds) grace = minimumGracePeriodSeconds;
  if (request.gracePeriodOverrideSeconds !== undefined) grace = request.gracePeriodOverrideSeconds;
  try {
    await deps.runtime.stopContainer({
      containerId: runtimeContainerId(request.containerId),
      timeout: grace,
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return grace;
}
