import type { Clock } from '../../base/clock.js';
import type { Logger } from '../../base/logger.js';
import type { KubeletEventSink } from '../prober/container-event.js';
import type { ContainerExec } from '../prober/container-exec.js';
import { LifecycleHookRunner, type HookTarget } from './hook-runner.js';
import {
  killContainer,
  type ContainerStopper,
  type KillContainerDeps,
  type KillContainerRequest,
} from './kill-container.js';
import { runPostStartHook, type PostStartFailure } from './post-start-hook.js';

/** What the pod worker's lifecycle helper is built from (the CRI runtime service is both runtimes). */
export interface ContainerLifecycleOptions {
  readonly exec: ContainerExec;
  readonly runtime: ContainerStopper;
  readonly clock: Clock;
  /** Receives Killing, FailedPostStartHook, FailedPreStopHook and LifecycleHTTPFallback events. */
  readonly onEvent?: KubeletEventSink;
  readonly log?: Logger;
}

/** The pod worker's entry point for hooks: postStart after a start, preStop and stop on a kill. */
export class ContainerLifecycle {
  /** The handler runner (exec, httpGet, sleep). */
  readonly hooks: LifecycleHookRunner;
  private readonly deps: KillContainerDeps;

  constructor(options: ContainerLifecycleOptions) {
    this.hooks = new LifecycleHookRunner({
      exec: options.exec,
      clock: options.clock,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    this.deps = {
      hooks: this.hooks,
      runtime: options.runtime,
      clock: options.clock,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.log ? { log: options.log } : {}),
    };
  }

  /** Runs postStart; on failure the container has been killed and the failure is returned. */
  postStart(target: HookTarget, signal?: AbortSignal): Promise<PostStartFailure | undefined> {
    return runPostStartHook(this.deps, target, signal);
  }

  /** Kills a container: Killing event, preStop within the grace period, StopContainer; resolves with the stop's grace. */
  killContainer(request: KillContainerRequest): Promise<number> {
    return killContainer(this.deps, request);
  }
}
