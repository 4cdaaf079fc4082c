// The kubelet's container lifecycle hooks: postStart, preStop and the kill sequence around them.
export { ContainerLifecycle, type ContainerLifecycleOptions } from './container-lifecycle.js';
export {
  LifecycleHookRunner,
  type HookFailure,
  type HookRunnerOptions,
  type HookTarget,
} from './hook-runner.js';
export {
  killContainer,
  type ContainerStopper,
  type KillContainerDeps,
  type KillContainerRequest,
} from './kill-container.js';
export { runPostStartHook, type PostStartFailure } from './post-start-hook.js';
export { runPreStopHook, type PreStopDeps } from './pre-stop-hook.js';
export {
  killGracePeriodSeconds,
  minimumGracePeriodSeconds,
  type KillReason,
} from './termination-grace-period.js';
