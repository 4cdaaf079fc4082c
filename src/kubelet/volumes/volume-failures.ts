// The messages of failed volume set-ups, worded as upstream's kubelet words its FailedMount events:
// a plugin failing ("MountVolume.SetUp failed for volume ...") is reported per attempt; a volume
// that could not even be processed (an unbound claim, an unknown plugin) and the final timeout
// are reported as "Unable to attach or mount volumes: ...".

/** How far a volume got: "process" failed before any plugin ran, "setup" failed in the plugin. */
export type VolumeFailureStage = 'process' | 'setup';

/** One volume that is not set up, and why. */
export interface VolumeFailure {
  /** The pod's name for the volume. */
  readonly volumeName: string;
  readonly stage: VolumeFailureStage;
  /** The cause alone, e.g. `configmap "app" not found` or `error processing PVC ns/c: PVC is not bound`. */
  readonly error: string;
  /** The FailedMount event text for this failure (setup stage), or the cause (process stage). */
  readonly message: string;
}

/** An event the pod worker records for the pod. */
export interface VolumeEvent {
  readonly type: 'Warning';
  readonly reason: 'FailedMount';
  readonly message: string;
}

/** `MountVolume.SetUp failed for volume "<spec name>" : <error>` (upstream's GenerateError). */
export function setUpFailedMessage(specName: string, error: string): string {
  return `MountVolume.SetUp failed for volume "${specName}" : ${error}`;
}

function goList(items: readonly string[]): string {
  return `[${[...items].sort().join(' ')}]`;
}

/** `Unable to attach or mount volumes: unmounted volumes=[..], unattached volumes=[], failed to process volumes=[..]: <cause>`. */
export function unableToMountMessage(
  unmounted: readonly string[],
  notProcessed: readonly string[],
  cause: string,
): string {
  // None of these plugins attach, so "unattached volumes" is always empty, as upstream prints it.
  return (
    `Unable to attach or mount volumes: unmounted volumes=${goList(unmounted)}, unattached volumes=[], ` +
    `failed to process volumes=${goList(notProcessed)}: ${cause}`
  );
}
