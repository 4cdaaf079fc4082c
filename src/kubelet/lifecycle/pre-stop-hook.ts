import type { Clock } from '../../base/clock.js';
import { containerRef, type KubeletEventSink } from '../prober/container-event.js';
import type { HookTarget, LifecycleHookRunner } from './hook-runner.js';

/** What running a preStop hook needs. */
export interface PreStopDeps {
  readonly hooks: LifecycleHookRunner;
  readonly clock: Clock;
  /** Receives FailedPreStopHook events. */
  readonly onEvent?: KubeletEventSink;
}

/**
 * Runs the container's preStop hook for at most `gracePeriodSeconds` and resolves with the whole
 * seconds it took, which the caller subtracts from the grace period. A failure records
 * FailedPreStopHook "PreStopHook failed" (the hook's message may hold secrets, so it stays out of
 * the event). A hook still running at the deadline is abandoned: the container is stopped anyway.
 */
export async function runPreStopHook(
  deps: PreStopDeps,
  target: HookTarget,
  gracePeriodSeconds: number,
): Promise<number> {
  const handler = target.container.lifecycle?.preStop;
  if (handler === undefined) return 0;
  const start = deps.clock.now();
  const abandon = new AbortController();
  let pastDeadline = false;
  const hook = deps.hooks.run(target, handler, abandon.signal).then((failure) => {
    // A hook cut short by the deadline did not fail by itself; upstream reports nothing then either.
    if (failure === undefined || pastDeadline) return;
    deps.onEvent?.({
      involvedObject: containerRef(target.pod, target.container.name),
      type: 'Warning',
      reason: 'FailedPreStopHook',
      message: 'PreStopHook failed',
    });
  });
  let cancelDeadline = () => {};
  const deadline = new Promise<void>((resolve) => {
    cancelDeadline = deps.clock.after(gracePeriodSeconds * 1000, () => {
      pastDeadline = true;
      resolve();
    });
  });
  await Promise.race([hook, deadline]);
  cancelDeadline();
  if (pastDeadline) abandon.abort(new Error('grace period over'));
  return Math.trunc((deps.clock.now() - start) / 1000);
}
