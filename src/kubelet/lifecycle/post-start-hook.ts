import { containerRef } from '../prober/container-event.js';
import type { HookTarget } from './hook-runner.js';
import { killContainer, type KillContainerDeps } from './kill-container.js';

/** A container whose postStart hook failed: the start error the pod worker reports, with its message. */
export interface PostStartFailure {
  /** Upstream's ErrPostStartHook text, the waiting/last-state reason. */
  readonly reason: 'PostStartHookError';
  /** The hook runner's message ("Exec lifecycle hook ([...]) for Container ... failed - error: ..."). */
  readonly message: string;
}

/**
 * Runs the container's postStart hook right after it started (the caller awaits it before starting
 * the next container, as upstream does). On failure it records FailedPostStartHook "PostStartHook
 * failed", kills the container (Killing "FailedPostStartHook", preStop and grace period as for any
 * kill) and resolves with the failure; undefined when there is no hook or it succeeded.
 */
export async function runPostStartHook(
  deps: KillContainerDeps,
  target: HookTarget,
  signal?: AbortSignal,
): Promise<PostStartFailure | undefined> {
  const handler = target.container.lifecycle?.postStart;
  if (handler === undefined) return undefined;
  const failure = await deps.hooks.run(target, handler, signal);
  if (failure === undefined) return undefined;
  // The hook's message may quote secrets, so the event says only that it failed.
  deps.onEvent?.({
    involvedObject: containerRef(target.pod, target.container.name),
    type: 'Warning',
    reason: 'FailedPostStartHook',
    message: 'PostStartHook failed',
  });
  try {
    await killContainer(deps, { ...target, reason: 'FailedPostStartHook', message: 'FailedPostStartHook' });
  } catch (err) {
    // The hook failure is still what gets reported; the next sync sees the container and retries.
    deps.log?.error('failed to kill container after its postStart hook failed', {
      pod: target.pod.metadata?.name,
      container: target.container.name,
      err,
    });
  }
  return { reason: 'PostStartHookError', message: failure.message };
}
